"""Fixtures shared by every Molecule scenario's testinfra tests.

pytest loads this file for any test below molecule/, so scenarios reuse the same
helpers for talking to the target and for running playbooks against it instead of each
writing its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import testinfra.host
import yaml
from playbook_run import ROOT, PlaybookRun, ansible_playbook_binary, molecule_inventory

Host = testinfra.host.Host


@pytest.fixture(scope="session")
def ansible_playbook(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., PlaybookRun]:
    """Run a playbook against the scenario's hosts, as `molecule converge` does.

    `playbook` is a path or a list of plays (written to a file). Molecule's inventory comes
    first, `inventories` are added to it (Molecule's group_vars then apply to their hosts
    too). Extra vars go through a file of their own per run, so tests may run several
    playbooks side by side.
    """
    work = tmp_path_factory.mktemp("playbooks")
    binary = ansible_playbook_binary()
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections"),
        "ANSIBLE_ROLES_PATH": str(ROOT / "roles"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
    }

    def _run(
        playbook: str | Path | list[dict[str, Any]],
        *,
        target: str,
        extra_vars: dict[str, Any] | None = None,
        inventories: Sequence[str] = (),
        limit: str | None = None,
        args: Sequence[str] = (),
        timeout: float = 600,
    ) -> PlaybookRun:
        if isinstance(playbook, list):
            handle, name = tempfile.mkstemp(dir=work, suffix=".yml")
            with os.fdopen(handle, "w") as out:
                yaml.safe_dump(playbook, out)
            playbook = name
        command = [binary, "-i", molecule_inventory()]
        for inventory in inventories:
            command += ["-i", inventory]
        if limit:
            command += ["--limit", limit]
        if extra_vars:
            handle, name = tempfile.mkstemp(dir=work, suffix=".json")
            with os.fdopen(handle, "w") as out:
                json.dump(extra_vars, out)
            command += ["-e", f"@{name}"]
        started = time.monotonic()
        result = subprocess.run(
            [*command, *args, str(playbook)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=ROOT,
            env=env,
        )
        return PlaybookRun(
            result.returncode, result.stdout + result.stderr, time.monotonic() - started, target
        )

    return _run


@pytest.fixture(scope="session")
def distro() -> str:
    """The Debian suite under test (bookworm or trixie), as Molecule was asked for."""
    return os.environ.get("MOLECULE_DISTRO", "bookworm")


@pytest.fixture(scope="module")
def run_ok(host: Host) -> Callable[..., str]:
    """Run a command on the target as root; fail the test with its output if it fails."""

    def _run(command: str, *args: str) -> str:
        result = host.run(command, *args)
        assert result.rc == 0, (
            f"{result.command!r} exited {result.rc}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result.stdout

    return _run


@pytest.fixture(scope="module")
def apt_install(run_ok: Callable[..., str]) -> Callable[..., None]:
    """Install Debian packages on the target (refreshing the index at most once per module)."""
    refreshed: list[bool] = []

    def _install(*packages: str) -> None:
        if not refreshed:
            run_ok("apt-get update -qq")
            refreshed.append(True)
        run_ok(
            "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
            + " ".join(packages)
        )

    return _install


@pytest.fixture(scope="module")
def wait_for(host: Host) -> Callable[..., str]:
    """Poll a command on the target until it exits 0 (bounded); return its stdout."""

    def _wait(command: str, timeout: float = 30.0, interval: float = 0.5) -> str:
        deadline = time.monotonic() + timeout
        while True:
            result = host.run(command)
            if result.rc == 0:
                return result.stdout
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{command!r} still failing after {timeout:.0f} s: "
                    f"rc={result.rc} {result.stdout} {result.stderr}"
                )
            time.sleep(interval)

    return _wait
