"""Ansible's commands as the repository tests run them: from the virtualenv running the tests,
on this machine over the local connection, with this checkout's collections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    """An Ansible command from the virtualenv running the tests (found without PATH)."""
    return str(Path(sys.executable).with_name(name))


def env() -> dict[str, str]:
    """The environment of a local run: this checkout's collections, no localhost warning."""
    return {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections"),
        "ANSIBLE_LOCALHOST_WARNING": "0",
    }


def playbook_report(playbook: Path, *args: str, timeout: int = 300) -> dict[str, Any]:
    """Run ``playbook`` over the local connection (``args``: inventory, extra variables) and
    return its ``ansible.posix.json`` report; a run that printed no report fails with its
    output."""
    command = [tool("ansible-playbook"), "-c", "local"]
    command += ["-e", f"ansible_python_interpreter={sys.executable}", *args, str(playbook)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**env(), "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json"},
        timeout=timeout,
    )
    start = done.stdout.find("{")
    assert start >= 0, done.stdout + done.stderr
    return json.loads(done.stdout[start:])
