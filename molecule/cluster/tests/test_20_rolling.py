"""A rolling deploy under constant load through the load balancer fails no request and leaves
every app host on the new release; rollback.yml goes back the same way, in reverse order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import testinfra.host
from cluster import APPS, app_copy, load, marked_down, marked_down_now, release_of
from playbook_run import PlaybookRun

Host = testinfra.host.Host


@pytest.fixture(scope="module")
def releases(app1: Host, app2: Host) -> dict[str, str]:
    return {"before": release_of(app1)}


def test_a_rolling_deploy_under_load_fails_no_request(
    run_playbook: Callable[..., PlaybookRun],
    lb: Host,
    app1: Host,
    app2: Host,
    neighbour: Host,
    releases: dict[str, str],
    tmp_path: Path,
) -> None:
    assert release_of(app1) == release_of(app2) == releases["before"]
    source = app_copy(tmp_path, "app-next", "the next release")
    with load(neighbour, "rolling") as counted:
        run = run_playbook("deploy.yml", {"fastapi_app_source_path": str(source)})
    print(
        f"\nrolling deploy over {len(APPS)} app hosts: {run.seconds:.0f} s; requests failed/total "
        f"through the load balancer: {counted.failed}/{counted.total}; {counted.outcomes}"
    )
    assert run.rc == 0, run.output[-4000:]
    # One host at a time, each out of the load balancer while it switched.
    assert marked_down(run.output) == ["vpsforge-cluster-app1", "vpsforge-cluster-app2"]
    releases["after"] = release_of(app1)
    assert releases["after"] != releases["before"]
    assert release_of(app2) == releases["after"]
    assert marked_down_now(lb) == []
    assert counted.total > 100
    assert counted.failed == 0, counted.outcomes


def test_a_rolling_rollback_under_load_fails_no_request(
    run_playbook: Callable[..., PlaybookRun],
    lb: Host,
    app1: Host,
    app2: Host,
    neighbour: Host,
    releases: dict[str, str],
) -> None:
    assert "after" in releases, "the rolling deploy did not run"
    with load(neighbour, "rollback") as counted:
        run = run_playbook("rollback.yml")
    print(
        f"\nrolling rollback: {run.seconds:.0f} s; requests failed/total: "
        f"{counted.failed}/{counted.total}; {counted.outcomes}"
    )
    assert run.rc == 0, run.output[-4000:]
    # Reverse inventory order: app2 first.
    assert marked_down(run.output) == ["vpsforge-cluster-app2", "vpsforge-cluster-app1"]
    assert release_of(app1) == release_of(app2) == releases["before"]
    assert marked_down_now(lb) == []
    assert counted.failed == 0, counted.outcomes
