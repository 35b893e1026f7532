"""Fixtures for the app scenario: playbook runs from the tests, app copies, a load generator."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import testinfra.host
from app_scenario import APP, LOADGEN, NAME, ROOT, SOCKET
from playbook_run import PlaybookRun

Host = testinfra.host.Host

IGNORE = shutil.ignore_patterns(".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "*.pyc")


@dataclass(frozen=True)
class Load:
    """What the load generator saw: request counts and when each version answered."""

    ok: int
    failed: int
    total: int
    errors: dict[str, int]
    seen: dict[str, list[float]]
    slowest: float

    def __str__(self) -> str:
        versions = ", ".join(sorted(self.seen))
        return (
            f"{self.failed} failed / {self.total} requests (20 clients), versions seen: "
            f"{versions}, slowest {self.slowest:.2f} s, errors {self.errors or 'none'}"
        )


@pytest.fixture(scope="session")
def container() -> str:
    return f"vpsforge-app-{os.environ.get('MOLECULE_DISTRO', 'bookworm')}"


@pytest.fixture(scope="session")
def secret_key() -> str:
    """The SECRET_KEY the scenario's inventory sets (Molecule turned $$ into $)."""
    return 'Vx7-"quoted"-\\back-$HOME-#not-a-comment-k2Jq9fR4tLm8Zp3W'


@pytest.fixture(scope="session")
def run_playbook(
    ansible_playbook: Callable[..., PlaybookRun], container: str, secret_key: str
) -> Callable[..., PlaybookRun]:
    """Run a playbook of this repository against the target through Molecule's inventory."""

    def _run(playbook: str, extra_vars: dict[str, Any] | None = None, *flags: str) -> PlaybookRun:
        run = ansible_playbook(
            ROOT / "playbooks" / playbook,
            target=container,
            extra_vars=extra_vars,
            args=flags,
            timeout=900,
        )
        assert secret_key not in run.output, "the secret leaked into the playbook output"
        return run

    return _run


@pytest.fixture(scope="session")
def app_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A copy of app/ with edits: {relative path: (old text, new text)}."""

    def _copy(label: str, edits: dict[str, tuple[str, str]]) -> Path:
        target = tmp_path_factory.mktemp(label) / "app"
        shutil.copytree(APP, target, ignore=IGNORE)
        for relative, (old, new) in edits.items():
            path = target / relative
            text = path.read_text()
            assert old in text, f"{old!r} not in {relative}"
            path.write_text(text.replace(old, new, 1))
        return target

    return _copy


@pytest.fixture(scope="session")
def wheel_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """Build an app copy's wheel on the controller as CI would, its lock and settings beside it."""

    def _wheel(source: Path) -> Path:
        dist = tmp_path_factory.mktemp(f"{source.parent.name}-dist")
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), source],
            check=True,
            timeout=300,
        )
        (wheel,) = dist.glob("vpsforge_app-*.whl")
        for name in ("requirements.lock", "gunicorn.conf.py"):
            shutil.copy(source / name, dist / name)
        return wheel

    return _wheel


@pytest.fixture(scope="module")
def release_info(host: Host) -> Callable[[], dict[str, Any]]:
    """The live release's marker file (what it was built from, and how)."""

    def _info() -> dict[str, Any]:
        return json.loads(host.file(f"/opt/{NAME}/current/.vpsforge-release").content_string)

    return _info


@pytest.fixture(scope="module")
def version_of(host: Host) -> Callable[[], str]:
    """The version the app reports through the socket right now."""

    def _version() -> str:
        result = host.run(f"curl -sS --max-time 10 --unix-socket {SOCKET} http://app/version")
        assert result.rc == 0, result.stderr
        return json.loads(result.stdout)["version"]

    return _version


@pytest.fixture(scope="module")
def load(host: Host, container: str) -> Callable[[], Any]:
    """A context manager keeping 20 clients busy on the socket (as www-data, nginx's group)."""
    subprocess.run(
        ["docker", "cp", str(LOADGEN), f"{container}:/usr/local/bin/vpsforge-loadgen"],
        check=True,
        timeout=60,
    )

    @contextmanager
    def _load() -> Iterator[list[Load]]:
        host.run("rm -f /tmp/loadgen.stop /tmp/loadgen.json; systemctl reset-failed loadgen")
        started = host.run(
            "systemd-run --unit loadgen --uid www-data --gid www-data -p RuntimeMaxSec=900 "
            f"/usr/bin/python3 /usr/local/bin/vpsforge-loadgen --socket {SOCKET} --clients 20 "
            "--pause 0.1 "
            "--stop-file /tmp/loadgen.stop --out /tmp/loadgen.json --max-seconds 840"
        )
        assert started.rc == 0, started.stderr
        time.sleep(1.5)  # warm up: the first requests land before the change
        box: list[Load] = []
        try:
            yield box
        finally:
            time.sleep(1)  # and the last ones after it
            host.run("touch /tmp/loadgen.stop")
            deadline = time.monotonic() + 60
            while host.run("systemctl is-active loadgen").rc == 0:
                assert time.monotonic() < deadline, "the load generator did not stop"
                time.sleep(0.5)
        summary = json.loads(host.file("/tmp/loadgen.json").content_string)
        box.append(
            Load(
                summary["ok"],
                summary["failed"],
                summary["total"],
                summary["errors"],
                summary["seen"],
                summary["slowest"],
            )
        )

    return _load
