"""Bad input to playbooks/deploy.yml is rejected before anything changes on the host.

The cases only read the host, so they run as concurrent ansible-playbook processes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "missing SECRET_KEY": (
        {"fastapi_app_secrets": {"OTHER": "x"}},
        "fastapi_app_secrets is missing SECRET_KEY",
    ),
    "app module without an attribute": (
        {"fastapi_app_module": "vpsforge_app.main"},
        "fastapi_app_module 'vpsforge_app.main' must be module:attribute",
    ),
    "git ref that does not exist": (
        {
            "fastapi_app_source": "git",
            "fastapi_app_git_repo": "file:///srv/git/app.git",
            "fastapi_app_git_ref": "no-such-ref",
        },
        "fastapi_app_git_ref: 'no-such-ref' is not a branch or tag of file:///srv/git/app.git",
    ),
    "python version the distribution lacks": (
        {"python_version": "3.9"},
        "python_version: Debian",
    ),
    "zero workers": ({"fastapi_app_workers": 0}, "fastapi_app_workers=0 must be 1-256"),
    # Refused by the argument spec (choices), which `tasks_from: validate` enforces.
    "unknown install mode": (
        {"fastapi_app_install_mode": "conda"},
        "value of fastapi_app_install_mode must be one of: index, wheelhouse, got: conda",
    ),
}


@pytest.fixture(scope="module")
def rejected(run_playbook: Callable[..., Any]) -> dict[str, Any]:
    """Every case's run of playbooks/deploy.yml, all started at once."""
    with ThreadPoolExecutor(max_workers=len(CASES)) as pool:
        runs = {case: pool.submit(run_playbook, "deploy.yml", CASES[case][0]) for case in CASES}
    return {case: run.result() for case, run in runs.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_change(rejected: dict[str, Any], case: str) -> None:
    run, message = rejected[case], CASES[case][1]
    assert run.rc != 0, run.output[-3000:]
    assert message in run.output, run.output[-3000:]
    assert run.recap("changed") == 0, run.changed_tasks()
    assert "PLAY [Deploy the app]" not in run.output, "the deploy play started"
