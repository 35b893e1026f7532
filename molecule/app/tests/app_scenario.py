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


def socket_inode(host: Host) -> int:
    """The inode of the public socket's path: the listener nginx reaches."""
    return int(host.run(f"stat -c %i {SOCKET}").stdout.strip())


def stored_fds(host: Host) -> int:
    """How many file descriptors systemd keeps in the unit's store."""
    return int(host.run(f"systemctl show -p NFileDescriptorStore --value {UNIT}").stdout.strip())


def kill_master(host: Host) -> tuple[int, int, float]:
    """kill -9 the Gunicorn master; (old PID, new PID, seconds until systemd started it),
    timed on the target so docker exec round trips do not count."""
    master = main_pid(host)
    result = host.run(
        f"kill -9 {master}; start=$(date +%s%N); for i in $(seq 400); do "
        f"pid=$(systemctl show -p MainPID --value {UNIT}); "
        f'[ "$pid" != 0 ] && [ "$pid" != {master} ] && break; sleep 0.05; done; '
        'echo "$pid $(( ($(date +%s%N) - start) / 1000000 ))"'
    )
    assert result.rc == 0, result.stderr
    pid, ms = result.stdout.split()
    return master, int(pid), int(ms) / 1000
