"""A rolling deploy under constant load through both load balancers (nginx and Caddy) fails no
request and leaves every app host on the new release; rollback.yml goes back the same way, in
reverse order. Each app host is taken out of the nginx load balancer while it switches; the Caddy
one is left alone (a Caddy reload resets connections) and loses nothing either."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import testinfra.host
from cluster import (
    APPS,
    app_copy,
    caddy_reloads,
    journal_cursor,
    load_both,
    marked_down,
    marked_down_now,
    release_of,
)
from playbook_run import PlaybookRun

Host = testinfra.host.Host


@pytest.fixture(scope="module")
def releases(app1: Host, app2: Host) -> dict[str, str]:
    return {"before": release_of(app1)}


def test_a_rolling_deploy_under_load_fails_no_request(
    run_playbook: Callable[..., PlaybookRun],
    lb: Host,
    lb2: Host,
    app1: Host,
    app2: Host,
    neighbour: Host,
    releases: dict[str, str],
    tmp_path: Path,
) -> None:
    assert release_of(app1) == release_of(app2) == releases["before"]
    source = app_copy(tmp_path, "app-next", "the next release")
    caddy_cursor = journal_cursor(lb2, "caddy.service")
    with load_both(neighbour, "rolling") as (counted, through_caddy):
        run = run_playbook("deploy.yml", {"fastapi_app_source_path": str(source)})
    print(
        f"\nrolling deploy over {len(APPS)} app hosts: {run.seconds:.0f} s; requests failed/total "
        f"through nginx: {counted.failed}/{counted.total}; {counted.outcomes}; through Caddy: "
        f"{through_caddy.failed}/{through_caddy.total}; {through_caddy.outcomes}"
    )
    assert run.rc == 0, run.output[-4000:]
    # One host at a time, each out of the load balancer while it switched.
    assert marked_down(run.output) == ["vpsforge-cluster-app1", "vpsforge-cluster-app2"]
    releases["after"] = release_of(app1)
    assert releases["after"] != releases["before"]
    assert release_of(app2) == releases["after"]
    assert marked_down_now(lb) == []
    assert caddy_reloads(lb2, caddy_cursor) == 0  # Caddy's configuration left alone
    assert counted.total > 100 and through_caddy.total > 100
    assert counted.failed == 0, counted.outcomes
    assert through_caddy.failed == 0, through_caddy.outcomes


def test_a_rolling_rollback_under_load_fails_no_request(
    run_playbook: Callable[..., PlaybookRun],
    lb: Host,
    app1: Host,
    app2: Host,
    neighbour: Host,
    releases: dict[str, str],
) -> None:
    assert "after" in releases, "the rolling deploy did not run"
    with load_both(neighbour, "rollback") as (counted, through_caddy):
        run = run_playbook("rollback.yml")
    print(
        f"\nrolling rollback: {run.seconds:.0f} s; requests failed/total through nginx: "
        f"{counted.failed}/{counted.total}; {counted.outcomes}; through Caddy: "
        f"{through_caddy.failed}/{through_caddy.total}; {through_caddy.outcomes}"
    )
    assert run.rc == 0, run.output[-4000:]
    # Reverse inventory order: app2 first.
    assert marked_down(run.output) == ["vpsforge-cluster-app2", "vpsforge-cluster-app1"]
    assert release_of(app1) == release_of(app2) == releases["before"]
    assert marked_down_now(lb) == []
    assert counted.failed == 0, counted.outcomes
    assert through_caddy.failed == 0, through_caddy.outcomes
