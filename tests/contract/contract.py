"""Run the playbooks' validation plays against this machine in check mode, and read the result.

No container and no remote host: the target is ``localhost`` over the local connection, in
check mode. Each run's output is read with the ``ansible.posix.json`` callback, so the tests
can tell which plays ran tasks, which task failed and with what message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = ROOT / "playbooks"
INVENTORY = Path(__file__).resolve().parent / "inventory" / "hosts.yml"
# The name every playbook gives its validation play (playbooks/*.yml).
VALIDATION_PLAY = "Check every role's input before anything changes"
# Runs side by side: each is mostly Ansible on the controller, waiting on little.
WORKERS = int(os.environ.get("VPSFORGE_CONTRACT_WORKERS", "4"))


@dataclass
class Run:
    """One ansible-playbook run: exit code, raw output, and the parsed JSON report."""

    rc: int
    output: str
    report: dict[str, Any]

    def plays_with_tasks(self) -> list[str]:
        """Names of the plays in which at least one task ran on a host."""
        return [
            play["play"]["name"]
            for play in self.report.get("plays", [])
            if any(task.get("hosts") for task in play.get("tasks", []))
        ]

    def failures(self) -> list[tuple[str, str, str]]:
        """(play, task, message) of every failed task result."""
        found = []
        for play in self.report.get("plays", []):
            for task in play.get("tasks", []):
                for result in task.get("hosts", {}).values():
                    if result.get("failed") or any(
                        item.get("failed")
                        for item in result.get("results", [])
                        if isinstance(item, dict)
                    ):
                        found.append(
                            (play["play"]["name"], task["task"]["name"], _messages(result))
                        )
        return found


def _messages(result: dict[str, Any]) -> str:
    parts = [str(result.get("msg", ""))]
    parts += [
        str(item.get("msg", "")) for item in result.get("results", []) if isinstance(item, dict)
    ]
    return "\n".join(p for p in parts if p)


def _ansible_playbook() -> str:
    local = Path(sys.executable).with_name("ansible-playbook")
    return str(local) if local.exists() else "ansible-playbook"


def run(playbook: str, variables: dict[str, Any], inventory: str | None = None) -> Run:
    """``ansible-playbook --check PLAYBOOK`` on this machine with ``variables`` as extra vars."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(variables, handle)
        extra = handle.name
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections"),
        "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "0",
    }
    command = [
        _ansible_playbook(),
        "--check",
        "-i",
        str(ROOT / inventory if inventory else INVENTORY),
    ]
    if inventory:
        # Any inventory's hosts are reached on this machine, never over the network.
        command += [
            "-e",
            "ansible_connection=local",
            "-e",
            "ansible_python_interpreter=" + sys.executable,
        ]
    command += ["-e", "@" + extra, str(PLAYBOOKS / playbook)]
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600
        )
    finally:
        os.unlink(extra)
    start = proc.stdout.find("{")
    try:
        report = json.loads(proc.stdout[start:]) if start >= 0 else {}
    except json.JSONDecodeError:
        report = {}
    return Run(proc.returncode, proc.stdout + proc.stderr, report)


def run_many(jobs: dict[str, tuple[str, dict[str, Any], str | None]]) -> dict[str, Run]:
    """Several runs side by side: name -> (playbook, variables, inventory)."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {name: pool.submit(run, *job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
