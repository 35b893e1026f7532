"""Names shared by the app scenario's tests and fixtures."""

from __future__ import annotations

from pathlib import Path

import testinfra.host

Host = testinfra.host.Host

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "app"
NAME = "vpsforge-app"
UNIT = f"{NAME}.service"
SOCKET = f"/run/{NAME}/gunicorn.sock"
LOADGEN = Path(__file__).resolve().parents[1] / "files" / "loadgen.py"


def main_pid(host: Host) -> int:
    """The PID systemd tracks as the app's main process (its Gunicorn master)."""
    return int(host.run(f"systemctl show -p MainPID --value {UNIT}").stdout.strip())


def link(host: Host, name: str) -> str:
    """Where /opt/<app>/<name> points (releases/<id>), or "" when it does not exist."""
    return host.run(f"readlink /opt/{NAME}/{name}").stdout.strip()
