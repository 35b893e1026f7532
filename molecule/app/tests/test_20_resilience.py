"""Gunicorn replaces a killed worker; systemd restarts a killed master within 5 s."""

from __future__ import annotations

import time
from collections.abc import Callable

import testinfra.host
from app_scenario import SOCKET, UNIT, main_pid

Host = testinfra.host.Host


def test_killed_worker_is_replaced(host: Host, wait_for: Callable[..., str]) -> None:
    master = main_pid(host)
    workers = host.run(f"pgrep -P {master}").stdout.split()
    host.run(f"kill -9 {workers[0]}")
    replaced = f"test $(pgrep -P {master} | wc -l) -eq {len(workers)}"
    wait_for(f"{replaced} && ! pgrep -P {master} | grep -qx {workers[0]}", timeout=30)
    assert main_pid(host) == master
    wait_for(f"curl -sf --unix-socket {SOCKET} http://app/health/ready", timeout=30)


def test_killed_master_is_restarted_by_systemd_within_5_seconds(
    host: Host, run_ok: Callable[..., str], wait_for: Callable[..., str]
) -> None:
    master = main_pid(host)
    # Timed on the target, so docker exec round trips do not count.
    pid, ms = run_ok(
        f"kill -9 {master}; start=$(date +%s%N); for i in $(seq 200); do "
        f"pid=$(systemctl show -p MainPID --value {UNIT}); "
        f'[ "$pid" != 0 ] && [ "$pid" != {master} ] && break; sleep 0.05; done; '
        'echo "$pid $(( ($(date +%s%N) - start) / 1000000 ))"'
    ).split()
    started = time.monotonic()
    wait_for(f"curl -sf --unix-socket {SOCKET} http://app/health/ready", timeout=60)
    print(
        f"\nkill -9 of master {master}: systemd started master {pid} after {int(ms) / 1000:.1f} s,"
        f" ready {time.monotonic() - started:.1f} s later"
    )
    assert pid not in ("0", str(master))
    assert int(ms) < 5000
