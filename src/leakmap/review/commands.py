"""The review commands: ``leakmap review``, ``leakmap user ...``, ``leakmap report``.

``cli.py`` registers them (``cli.add_command(review)``, ``cli.add_command(user)``,
``cli.add_command(report)``). What they print names accounts, counts and paths, never a
patient.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from leakmap.i18n import N_, _
from leakmap.store.case_folder import CASE_FOLDER
from leakmap.store.users import MIN_PASSWORD_LENGTH, AccountError, AccountStatus, ReviewerRole

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
    from leakmap.store.users import has_active_accounts

    # Fail here, through the CLI's error mapping, on a wrong key or a case being written.
    with Case.open(case_dir, writer=True) as case:
        if not has_active_accounts(case):
            raise AccountError(
                _(
                    "{case}: no reviewer account can log in; add one with "
                    "`leakmap user add {case} NAME`, then run `leakmap review {case}` again"
                ).format(case=case_dir)
            )

    hosts = LOOPBACK_HOSTS if _is_loopback(host) else (*LOOPBACK_HOSTS, host)
    if not _is_loopback(host):
        click.echo(
            _(
                "warning: serving on {host}, reachable from other machines; put it behind HTTPS"
            ).format(host=host),
            err=True,
        )
    app = create_app(case_dir, session_minutes=session_minutes, allowed_hosts=hosts)
    click.echo(
        _("leakmap review: {url} (Ctrl-C to stop)").format(url=f"http://{host}:{port}/"), err=True
    )
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

    password = _new_password(from_stdin=password_stdin)
    role = ReviewerRole.READ_ONLY if read_only else ReviewerRole.REVIEWER
    with Case.open(case_dir, writer=True) as case:
        add_user(case, name, password, role=role)
    added = _("account {name} (reviewer) added to {case}")
    if role is ReviewerRole.READ_ONLY:
        added = _("account {name} (read_only) added to {case}")
    click.echo(added.format(name=name, case=case_dir))


@user.command("passwd")
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.argument("name")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def user_passwd(case_dir: Path, name: str, password_stdin: bool) -> None:
    """Give the account NAME a new password (its open sessions end)."""
    from leakmap.store import Case
    from leakmap.store.users import account, set_password

    with Case.open(case_dir, writer=False) as case:
        account(case, name)  # before the prompt: no typing a password for a mistyped name
    password = _new_password(from_stdin=password_stdin)
    with Case.open(case_dir, writer=True) as case:
        set_password(case, name, password)
    click.echo(_("account {name}: password changed; its sessions ended").format(name=name))


@user.command("disable")
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.argument("name")
def user_disable(case_dir: Path, name: str) -> None:
    """Stop the account NAME from logging in (its sessions end; `enable` undoes it)."""
    _set_status(case_dir, name, AccountStatus.DISABLED, N_("disabled; its sessions ended"))


@user.command("enable")
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.argument("name")
def user_enable(case_dir: Path, name: str) -> None:
    """Let a disabled account NAME log in again."""
    _set_status(case_dir, name, AccountStatus.ACTIVE, N_("enabled"))


@user.command("remove")
@click.argument("case_dir", metavar="CASE", type=_CASE)
@click.argument("name")
def user_remove(case_dir: Path, name: str) -> None:
    """Remove the account NAME; its decisions stay in the audit trail under its name."""
    _set_status(
        case_dir,
        name,
        AccountStatus.REMOVED,
        N_("removed; its decisions stay in the audit trail, and the name is not reused"),
    )


def _set_status(case_dir: Path, name: str, status: AccountStatus, done: str) -> None:
    """Set the account's status, then say ``done`` (an English msgid) in the user's language."""
    from leakmap.store import Case
    from leakmap.store.users import set_account_status

    with Case.open(case_dir, writer=True) as case:
        set_account_status(case, name, status)
    click.echo(_("account {name}: {done}").format(name=name, done=_(done)))


def _new_password(*, from_stdin: bool) -> str:
    """A new password: one line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    text: str = click.prompt(
        _("Password (at least {count} characters)").format(count=MIN_PASSWORD_LENGTH),
        hide_input=True,
        confirmation_prompt=True,
    )
    return text


@user.command("list")
@click.argument("case_dir", metavar="CASE", type=_CASE)
def user_list(case_dir: Path) -> None:
    """List the accounts of CASE: name, role, created, status."""
    from leakmap.store import Case
    from leakmap.store.users import list_users

    with Case.open(case_dir, writer=False) as case:
        for account in list_users(case):
            click.echo(
                f"{account.name}\t{account.role.value}\t{account.created}\t{account.status.value}"
            )


@click.command()
@click.argument("case_dir", metavar="CASE", type=_CASE)
def report(case_dir: Path) -> None:
    """Rewrite CASE's outputs (affected.csv, …) with every review decision applied."""
    from leakmap.progress_display import ProgressDisplay
    from leakmap.review.reporting import report_case

    with ProgressDisplay() as display:
        summary = report_case(case_dir, progress=display.scan_event)
    click.echo(
        _(
            "leakmap report — case {case}: {decisions} review decision(s) applied; "
            "{notify} to notify, {review} to review, {unregistered} unregistered"
        ).format(
            case=case_dir,
            decisions=summary.decisions,
            notify=summary.notify,
            review=summary.review,
            unregistered=summary.unregistered,
        )
    )
    if summary.letters is not None:
        rewritten = _("letters rewritten with the decisions: {count} (as the last notify)")
        click.echo(rewritten.format(count=summary.letters))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
