"""The review commands: ``leakmap review``, ``leakmap user add``, ``leakmap report``.

``cli.py`` registers them (``cli.add_command(review)``, ``cli.add_command(user)``,
``cli.add_command(report)``). What they print names accounts, counts and paths, never a
patient.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from leakmap.store.case_folder import CASE_FOLDER
from leakmap.store.users import MIN_PASSWORD_LENGTH, ReviewerRole

_CASE = CASE_FOLDER


@click.command()
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--session-minutes",
    default=30,
    show_default=True,
    type=click.IntRange(1, 24 * 60),
    help="A session ends after this many minutes without a request.",
)
def review(case_dir: Path, host: str, port: int, session_minutes: int) -> None:
    """Serve the review workbench for CASE (on this machine only, unless --host says)."""
    import uvicorn

    from leakmap.review.app import LOOPBACK_HOSTS, create_app
    from leakmap.store import Case

    # Fail here, through the CLI's error mapping, on a wrong key or a case in use.
    Case.open(case_dir, writer=True).close()

    hosts = LOOPBACK_HOSTS if _is_loopback(host) else (*LOOPBACK_HOSTS, host)
    if not _is_loopback(host):
        click.echo(
            f"warning: serving on {host}, reachable from other machines; put it behind HTTPS",
            err=True,
        )
    app = create_app(case_dir, session_minutes=session_minutes, allowed_hosts=hosts)
    click.echo(f"leakmap review: http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.group()
def user() -> None:
    """Manage the reviewer accounts of a case."""


@user.command("add")
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.argument("name")
@click.option("--read-only", is_flag=True, help="The account may look but not decide.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def user_add(case_dir: Path, name: str, read_only: bool, password_stdin: bool) -> None:
    """Create the account NAME on CASE (password prompted twice)."""
    from leakmap.store import Case
    from leakmap.store.users import add_user

    password = (
        sys.stdin.readline().rstrip("\r\n")
        if password_stdin
        else click.prompt(
            f"Password (at least {MIN_PASSWORD_LENGTH} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    )
    role = ReviewerRole.READ_ONLY if read_only else ReviewerRole.REVIEWER
    with Case.open(case_dir, writer=True) as case:
        add_user(case, name, password, role=role)
    click.echo(f"account {name} ({role.value}) added to {case_dir}")


@user.command("list")
@click.argument("case_dir", metavar="CASE", type=_CASE)
def user_list(case_dir: Path) -> None:
    """List the accounts of CASE."""
    from leakmap.store import Case
    from leakmap.store.users import list_users

    with Case.open(case_dir, writer=False) as case:
        for account in list_users(case):
            click.echo(f"{account.name}\t{account.role.value}\t{account.created}")


@click.command()
@click.argument("case_dir", metavar="CASE", type=_CASE)
def report(case_dir: Path) -> None:
    """Rewrite CASE's outputs (affected.csv, …) with every review decision applied."""
    from leakmap.review.reporting import report_case

    summary = report_case(case_dir)
    click.echo(
        f"leakmap report — case {case_dir}: {summary.decisions} review decision(s) applied; "
        f"{summary.notify} to notify, {summary.review} to review, "
        f"{summary.unregistered} unregistered"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
