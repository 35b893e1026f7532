"""Bad input to playbooks/deploy.yml is rejected before anything changes on the host."""

from __future__ import annotations

from collections.abc import Callable
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
    "unknown install mode": ({"fastapi_app_install_mode": "conda"}, "fastapi_app_install_mode"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_change(
    run_playbook: Callable[..., Any], case: str
) -> None:
    extra_vars, message = CASES[case]
    run = run_playbook("deploy.yml", extra_vars)
    assert run.rc != 0, run.output[-3000:]
    assert message in run.output, run.output[-3000:]
    assert run.recap("changed") == 0, run.changed_tasks()
