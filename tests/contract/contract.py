"""Run the playbooks' validation plays against this machine in check mode, and read the result.

No container and no remote host: every target is this machine over the local connection, in
check mode. Bad inputs are run in batches, one ansible-playbook per playbook and set of roles
to check (preflight_roles): each input is a host of its own (``case-N``, its variables as host
variables over the good baseline), so the startup and the fact gathering are paid once per
batch. The ``ansible.posix.json`` callback tells, per host, which plays ran tasks, which task
failed and with what message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = ROOT / "playbooks"
INVENTORY = Path(__file__).resolve().parent / "inventory"
# The name every playbook gives its validation play (playbooks/validate.yml).
VALIDATION_PLAY = "Check every role's input before anything changes"
# Batches side by side: each is mostly Ansible on the controller, so about one per core.
WORKERS = int(os.environ.get("VPSFORGE_CONTRACT_WORKERS", "2"))
# Hosts a batch works on at once (Ansible's forks).
FORKS = os.environ.get("VPSFORGE_CONTRACT_FORKS", "8")
# Cases per ansible-playbook run.
BATCH = int(os.environ.get("VPSFORGE_CONTRACT_BATCH", "60"))


@dataclass
class Run:
    """What one host saw in an ansible-playbook run: the run's exit code and whole output,
    the failed tasks (play, task, message), the plays that ran a task on it, and whether the
    run's recap counts no failure and no unreachable for it."""

    rc: int
    output: str
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    plays_with_tasks: list[str] = field(default_factory=list)
    passed: bool = False


@dataclass(frozen=True)
class Job:
    """One case of a batch: the playbook, the roles its validation play checks (None: all the
    playbook's), the tags the run is limited to (none: the whole run), the case's variables."""

    playbook: str
    roles: tuple[str, ...] | None
    tags: tuple[str, ...]
    variables: dict[str, Any]


def _messages(result: dict[str, Any]) -> str:
    items = [item for item in result.get("results", []) if isinstance(item, dict)]
    parts = [str(result.get("msg", ""))] + [str(item.get("msg", "")) for item in items]
    return "\n".join(part for part in parts if part)


def _failed(result: dict[str, Any]) -> bool:
    items = [item for item in result.get("results", []) if isinstance(item, dict)]
    return bool(result.get("failed")) or any(item.get("failed") for item in items)


def _per_host(report: dict[str, Any], host: str, rc: int, output: str) -> Run:
    stats = report.get("stats", {}).get(host)
    passed = stats is not None and not stats.get("failures") and not stats.get("unreachable")
    run = Run(rc, output, passed=passed)
    for play in report.get("plays", []):
        name = play["play"]["name"]
        for task in play.get("tasks", []):
            result = task.get("hosts", {}).get(host)
            if result is None:
                continue
            if name not in run.plays_with_tasks:
                run.plays_with_tasks.append(name)
            if _failed(result):
                run.failures.append((name, task["task"]["name"], _messages(result)))
    return run


def _ansible(tool: str) -> str:
    local = Path(sys.executable).with_name(tool)
    return str(local) if local.exists() else tool


def _env(facts: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections"),
        "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_FORKS": FORKS,
        # This machine's facts, gathered once and read by every case host.
        "ANSIBLE_CACHE_PLUGIN": "ansible.builtin.jsonfile",
        "ANSIBLE_CACHE_PLUGIN_CONNECTION": str(facts),
        "ANSIBLE_CACHE_PLUGIN_TIMEOUT": "0",
    }


def _playbook(command: list[str], env: dict[str, str]) -> tuple[int, str, dict[str, Any]]:
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    start = proc.stdout.find("{")
    try:
        report = json.loads(proc.stdout[start:]) if start >= 0 else {}
    except json.JSONDecodeError:
        report = {}
    return proc.returncode, proc.stdout + proc.stderr, report


class Bench:
    """A scratch directory with this machine's facts cached under any host name."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="vpsforge-contract-"))
        self.facts = self.dir / "facts"
        self.facts.mkdir()
        seed = self.dir / "seed"
        seed.mkdir()
        gather = self.dir / "gather.yml"
        gather.write_text("- hosts: localhost\n  gather_facts: true\n  tasks: []\n")
        subprocess.run(
            [_ansible("ansible-playbook"), "-c", "local", "-i", "localhost,", str(gather),
             "-e", "ansible_python_interpreter=" + sys.executable],
            capture_output=True, check=True, env=_env(seed), cwd=ROOT, timeout=300,
        )  # fmt: skip
        # The cache names its file after the host, behind a prefix of its own ("s1_").
        (cached,) = seed.glob("*localhost")
        self._prefix = cached.name[: -len("localhost")]
        self._facts = cached.read_text()

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def batch(
        self,
        playbook: str,
        roles: tuple[str, ...] | None,
        tags: tuple[str, ...],
        cases: dict[str, dict[str, Any]],
    ) -> dict[str, Run]:
        """Run ``playbook`` once, each case a host with its variables over the baseline; its
        validation play checks ``roles`` (None: every role the playbook applies); the run is
        limited to ``tags`` when there are any."""
        work = Path(tempfile.mkdtemp(dir=self.dir))
        (work / "group_vars").symlink_to(INVENTORY / "group_vars")
        hosts: dict[str, dict[str, Any]] = {}
        names: dict[str, str] = {}
        for index, (key, variables) in enumerate(cases.items()):
            host = f"case-{index}"
            names[key] = host
            hosts[host] = {
                **variables,
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
            }
            (self.facts / (self._prefix + host)).write_text(self._facts)
        (work / "hosts.yml").write_text(yaml.safe_dump({"vps": {"hosts": hosts}}))
        command = [_ansible("ansible-playbook"), "--check", "-i", str(work / "hosts.yml")]
        if roles is not None:
            command += ["-e", json.dumps({"preflight_roles": list(roles)})]
        if tags:
            command += ["--tags", ",".join(tags)]
        rc, output, report = _playbook([*command, str(PLAYBOOKS / playbook)], _env(self.facts))
        return {key: _per_host(report, host, rc, output) for key, host in names.items()}

    def single(self, playbook: str, variables: dict[str, Any], inventory: str | None) -> Run:
        """Run ``playbook`` on one inventory's hosts (all on this machine), variables as -e."""
        handle, extra = tempfile.mkstemp(suffix=".json", dir=self.dir)
        with os.fdopen(handle, "w") as out:
            json.dump(variables, out)
        source = ROOT / inventory if inventory else INVENTORY / "hosts.yml"
        command = [_ansible("ansible-playbook"), "--check", "-i", str(source), "-e", "@" + extra]
        # Any inventory's hosts are reached on this machine, never over the network.
        command += ["-e", "ansible_connection=local"]
        command += ["-e", "ansible_python_interpreter=" + sys.executable]
        rc, output, report = _playbook([*command, str(PLAYBOOKS / playbook)], _env(self.dir))
        hosts = {h for play in report.get("plays", []) for t in play["tasks"] for h in t["hosts"]}
        runs = [_per_host(report, host, rc, output) for host in sorted(hosts)]
        merged = Run(rc, output, passed=rc == 0 and all(run.passed for run in runs))
        for run in runs:
            merged.failures += run.failures
            merged.plays_with_tasks += [
                p for p in run.plays_with_tasks if p not in merged.plays_with_tasks
            ]
        return merged

    def batches(self, jobs: dict[str, Job]) -> dict[str, Run]:
        """Cases by playbook, roles to check and tags, batches side by side."""
        groups: dict[tuple[str, tuple[str, ...] | None, tuple[str, ...]], dict[str, Any]] = {}
        for key, job in jobs.items():
            groups.setdefault((job.playbook, job.roles, job.tags), {})[key] = job.variables
        # Batches of at most BATCH cases, so no single run grows without bound.
        chunks = [
            (*group, dict(list(cases.items())[start : start + BATCH]))
            for group, cases in groups.items()
            for start in range(0, len(cases), BATCH)
        ]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            futures = [pool.submit(self.batch, *chunk) for chunk in chunks]
            return {key: run for future in futures for key, run in future.result().items()}
