"""A changed release goes live under load with zero failed requests; rollback does too.

The changed release is the app's wheel, built on the controller as CI would build it (the
wheel source); converge deployed the app from its directory (the path source) and the
wheelhouse test deploys a git tag, so each source goes live once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import testinfra.host
from app_scenario import NAME, SOCKET, kill_master, link, socket_inode, stored_fds

Host = testinfra.host.Host
VERSION = ('version = "1.0.0"', 'version = "1.0.1"')


@pytest.fixture(scope="module")
def wheel_101(app_copy: Callable[..., Path], wheel_of: Callable[[Path], Path]) -> Path:
    return wheel_of(app_copy("v101", {"pyproject.toml": VERSION}))


def test_changed_release_goes_live_under_load_without_a_failed_request(
    host: Host,
    run_playbook: Callable[..., Any],
    wheel_101: Path,
    load: Callable[..., Any],
    version_of: Callable[[], str],
    release_info: Callable[[], dict[str, Any]],
) -> None:
    before = link(host, "current")
    with load() as seen:
        run = run_playbook(
            "deploy.yml", {"fastapi_app_source": "wheel", "fastapi_app_wheel": str(wheel_101)}
        )
    assert run.rc == 0, run.output[-4000:]
    print(f"\nredeploy of a changed release: {seen[0]}; deploy took {run.seconds:.0f} s")
    assert seen[0].failed == 0, seen[0]
    assert seen[0].total > 100
    assert set(seen[0].seen) == {"1.0.0", "1.0.1"}
    assert seen[0].seen["1.0.1"][1] > seen[0].seen["1.0.0"][1], "the old version answered last"
    assert version_of() == "1.0.1"
    assert link(host, "previous") == before
    assert link(host, "current") != before
    info = release_info()
    assert (info["source"], info["origin"]) == ("wheel", str(wheel_101))
    # Same lock as the live release: its virtualenv was reused, only the app was installed.
    assert info["dependencies"].startswith("hard-linked from "), info


def test_unchanged_release_changes_nothing_and_logs_no_secret(
    host: Host, run_playbook: Callable[..., Any], wheel_101: Path, secret_key: str
) -> None:
    live = link(host, "current")
    run = run_playbook(
        "deploy.yml", {"fastapi_app_source": "wheel", "fastapi_app_wheel": str(wheel_101)}, "-v"
    )
    assert run.rc == 0, run.output[-4000:]
    print(f"\ndeploy of an unchanged release took {run.seconds:.0f} s (run with -v)")
    assert run.recap("changed") == 0, run.changed_tasks()
    assert secret_key not in run.output
    assert "SECRET_KEY" not in run.output
    assert link(host, "current") == live


def test_rollback_under_load_without_a_failed_request(
    host: Host,
    run_playbook: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    live, previous = link(host, "current"), link(host, "previous")
    with load() as seen:
        run = run_playbook("rollback.yml")
    assert run.rc == 0, run.output[-4000:]
    print(f"\nrollback: {seen[0]}; rollback took {run.seconds:.0f} s")
    assert seen[0].failed == 0, seen[0]
    assert version_of() == "1.0.0"
    assert (link(host, "current"), link(host, "previous")) == (previous, live)
    assert host.file(f"/opt/{NAME}/{previous}/.vpsforge-release").exists


def test_after_reloads_a_killed_master_comes_back_on_the_live_listener(
    host: Host, wait_for: Callable[..., str], version_of: Callable[[], str]
) -> None:
    # Two reloads ran (redeploy, rollback): each replaced the stored listener with its own.
    listener = socket_inode(host)
    assert stored_fds(host) == 1
    master, pid, _ = kill_master(host)
    assert pid not in (0, master)
    wait_for(f"curl -sf --unix-socket {SOCKET} http://app/health/ready", timeout=60)
    assert socket_inode(host) == listener
    assert stored_fds(host) == 1
    assert version_of() == "1.0.0"
