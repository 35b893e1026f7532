"""A release that cannot serve never takes traffic: the old one serves, the play fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import testinfra.host
from app_scenario import link

Host = testinfra.host.Host

BROKEN = {
    "import error": (
        {
            "src/vpsforge_app/main.py": (
                "import sys\n",
                "import sys\n\nimport vpsforge_nope\n",
            )
        },
        "ModuleNotFoundError: No module named 'vpsforge_nope'",
    ),
    "readiness that never passes": (
        {
            "src/vpsforge_app/routes/health.py": (
                'return {"status": "ready"}',
                'return JSONResponse(status_code=503, content={"status": "not ready", '
                '"reason": "simulated outage"})',
            )
        },
        "simulated outage",
    ),
}


def deploy_broken(
    case: str,
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    edits, reason = BROKEN[case]
    live, previous, version = link(host, "current"), link(host, "previous"), version_of()
    source = app_copy(case.replace(" ", "-"), edits)
    with load() as seen:
        run = run_playbook(
            "deploy.yml",
            {"fastapi_app_source_path": str(source), "fastapi_app_health_timeout": 10},
        )
    message = run.output[run.output.find("did not become ready") - 200 :][:1500]
    print(f"\n{case}: {seen[0]}; the play failed after {run.seconds:.0f} s with:\n{message}")
    assert run.rc != 0
    assert "did not become ready" in run.output
    assert reason in run.output
    assert f"Switched back to {live}, which kept serving throughout" in run.output
    assert seen[0].failed == 0, seen[0]
    assert set(seen[0].seen) == {version}, "the broken release answered"
    assert (link(host, "current"), link(host, "previous")) == (live, previous)
    assert version_of() == version


def test_release_that_fails_to_import_is_rolled_back(
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    deploy_broken("import error", host, run_playbook, app_copy, load, version_of)


def test_release_that_never_gets_ready_is_rolled_back(
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    deploy_broken("readiness that never passes", host, run_playbook, app_copy, load, version_of)
