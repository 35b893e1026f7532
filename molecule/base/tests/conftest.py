"""Fixtures for the base scenario: run ansible-playbook against the Molecule instance.

Molecule hands the verifier its inventory (MOLECULE_INVENTORY_FILE) and its ansible.cfg
(ANSIBLE_CONFIG, through the provisioner's environment), so a test can run a playbook
exactly the way `molecule converge` does and look at the outcome.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable

import pytest
from vpsforge_playbook import SCENARIO, PlaybookRun, ansible_playbook_binary


@pytest.fixture(scope="session")
def ansible_playbook() -> Callable[..., PlaybookRun]:
    """Run a playbook of this scenario against the instance, with extra vars as JSON."""
    inventory = os.environ.get("MOLECULE_INVENTORY_FILE")
    if not inventory:
        pytest.fail("MOLECULE_INVENTORY_FILE is not set: run these tests through `molecule verify`")
    binary = ansible_playbook_binary()
    if not binary:
        pytest.fail("ansible-playbook is neither next to this Python nor on PATH")

    def _run(playbook: str, extra_vars: dict | None = None, *args: str) -> PlaybookRun:
        command = [binary, "-i", inventory, str(SCENARIO / playbook), *args]
        if extra_vars:
            command += ["--extra-vars", json.dumps(extra_vars)]
        env = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0"}
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=600, check=False
        )
        return PlaybookRun(result.returncode, result.stdout + result.stderr)

    return _run
