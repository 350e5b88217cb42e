"""Nothing in a scan or notify talks to the network: run with no network at all (a fresh
network namespace, where one exists) and with Python's audit hooks recording every socket
a process or its workers tries to connect, bind or resolve a name with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

_HOOK = """
import os, sys
_log = os.environ["LEAKMAP_NET_LOG"]
def _hook(event, args):
    if event == "socket.bind" and str(args[1][0]) in ("::1", "127.0.0.1"):
        return  # urllib3 probes IPv6 support at import by binding ::1: no traffic
    if event in ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto",
                 "socket.gethostbyname"):
        with open(_log, "a") as handle:
            handle.write(f"{os.getpid()} {event} {args!r}\\n")
sys.addaudithook(_hook)
"""


def _unshare() -> list[str]:
    """``unshare -rn`` when this machine lets a user make a network namespace, else none."""
    tool = shutil.which("unshare")
    if tool and subprocess.run([tool, "-rn", "true"], capture_output=True).returncode == 0:
        return [tool, "-rn"]
    return []


def test_scan_and_notify_open_no_socket(tmp_path: Path, registry_csv: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_HOOK, encoding="utf-8")
    log = tmp_path / "net.log"
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "cr.txt").write_text(
        "Compte rendu. Patiente : Mme LEROY Anne, née le 15/06/1975. IRM pelvienne.",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "LEAKMAP_NET_LOG": str(log),
        "PYTHONPATH": f"{hook}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    case = tmp_path / "case"
    prefix = _unshare()
    for argv in (
        ["scan", str(dump), "--registry", str(registry_csv), "--out", str(case), "--workers", "2"],
        ["notify", str(case)],
    ):
        command = [*prefix, sys.executable, "-m", "leakmap", *argv]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (case / "affected.csv").exists()
    assert not log.exists(), log.read_text()
