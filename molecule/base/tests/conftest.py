"""Fixtures for the base scenario: run this scenario's playbooks against the instance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playbook_run import PlaybookRun

SCENARIO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def run_playbook(
    ansible_playbook: Callable[..., PlaybookRun], distro: str
) -> Callable[..., PlaybookRun]:
    """Run a playbook of this scenario (converge.yml, swap_plan.yml ...) against the instance,
    exactly as `molecule converge` does, with extra vars and further ansible-playbook flags."""

    def _run(playbook: str, extra_vars: dict[str, Any] | None = None, *args: str) -> PlaybookRun:
        return ansible_playbook(
            SCENARIO / playbook,
            target=f"vpsforge-base-{distro}",
            extra_vars=extra_vars,
            args=args,
        )

    return _run
