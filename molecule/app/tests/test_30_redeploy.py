"""A changed release goes live under load with zero failed requests; rollback does too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import testinfra.host
from app_scenario import NAME, link

Host = testinfra.host.Host
VERSION = ('version = "1.0.0"', 'version = "1.0.1"')


def test_changed_release_goes_live_under_load_without_a_failed_request(
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    before = link(host, "current")
    source = app_copy("v101", {"pyproject.toml": VERSION})
    with load() as seen:
        run = run_playbook("deploy.yml", {"fastapi_app_source_path": str(source)})
    assert run.rc == 0, run.output[-4000:]
    print(f"\nredeploy of a changed release: {seen[0]}; deploy took {run.seconds:.0f} s")
    assert seen[0].failed == 0, seen[0]
    assert seen[0].total > 100
    assert set(seen[0].seen) == {"1.0.0", "1.0.1"}
    assert seen[0].seen["1.0.1"][1] > seen[0].seen["1.0.0"][1], "the old version answered last"
    assert version_of() == "1.0.1"
    assert link(host, "previous") == before
    assert link(host, "current") != before


def test_unchanged_release_changes_nothing_and_logs_no_secret(
    host: Host, run_playbook: Callable[..., Any], app_copy: Callable[..., Any], secret_key: str
) -> None:
    # (host: keeps pytest from moving this test after the rollback; it runs in file order.)
    live = link(host, "current")
    source = app_copy("v101-again", {"pyproject.toml": VERSION})
    run = run_playbook("deploy.yml", {"fastapi_app_source_path": str(source)}, "-v")
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
