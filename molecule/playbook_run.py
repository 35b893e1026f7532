"""Running playbooks from the scenarios' tests and reading the outcome.

molecule/conftest.py offers it as the `ansible_playbook` fixture; tests import
`PlaybookRun` from here for their type hints (pytest puts molecule/ on the import path
when it loads molecule/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# "TASK [vpsforge.fastapi.base : Set the time zone] ****" -> "Set the time zone"
STEP_NAME = re.compile(r"^(?:TASK|RUNNING HANDLER) \[(?:[\w.]+ : )?(.*?)\] \**$")


@dataclass(frozen=True)
class PlaybookRun:
    """The outcome of one ansible-playbook run started from a test.

    `target` is the inventory name of the host the test is about: `changed` and `recap()`
    read its line of the PLAY RECAP unless told another host.
    """

    rc: int
    output: str
    seconds: float
    target: str

    def recap(self, counter: str, host: str | None = None) -> int:
        """A PLAY RECAP counter (ok, changed, failed, ...) of `host` (default: the target)."""
        name = re.escape(host or self.target)
        found = re.search(rf"^{name}\s*:.*?\b{counter}=(\d+)", self.output, re.MULTILINE)
        assert found is not None, f"no recap of {host or self.target}:\n{self.output[-3000:]}"
        return int(found.group(1))

    @property
    def changed(self) -> int:
        """changed= of the target in the PLAY RECAP."""
        return self.recap("changed")

    def changed_tasks(self) -> list[str]:
        """The names of the tasks and handlers that reported a change, without the role."""
        steps = re.split(r"\n(?=(?:TASK|RUNNING HANDLER) \[)", self.output)
        return [
            STEP_NAME.sub(r"\1", step.splitlines()[0])
            for step in steps
            if re.search(r"^changed: ", step, re.MULTILINE)
        ]


def molecule_inventory() -> str:
    """Molecule's inventory directory: its hosts file and the group_vars written beside it."""
    path = os.environ.get("MOLECULE_INVENTORY_FILE")
    if not path:
        pytest.fail("MOLECULE_INVENTORY_FILE is not set: run these tests through molecule verify")
    return str(Path(path).parent)


def ansible_playbook_binary() -> str:
    """ansible-playbook from the virtualenv running the tests, else from PATH."""
    beside_python = Path(sys.executable).parent / "ansible-playbook"
    found = str(beside_python) if beside_python.exists() else shutil.which("ansible-playbook")
    if not found:
        pytest.fail("ansible-playbook is neither next to this Python nor on PATH")
    return found
