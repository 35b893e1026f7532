"""Run a playbook of the base scenario against the Molecule instance (used by conftest.py)."""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

SCENARIO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PlaybookRun:
    """The outcome of one ansible-playbook run."""

    rc: int
    output: str

    def recap(self, counter: str) -> int:
        """A PLAY RECAP counter (ok, changed, failed, ...) summed over the hosts."""
        return sum(int(n) for n in re.findall(rf"\b{counter}=(\d+)", self.output))


def ansible_playbook_binary() -> str | None:
    """ansible-playbook from the virtualenv running the tests, else from PATH."""
    beside_python = Path(sys.executable).parent / "ansible-playbook"
    return str(beside_python) if beside_python.exists() else shutil.which("ansible-playbook")
