"""Fixtures shared by every Molecule scenario's testinfra tests.

pytest loads this file for any test below molecule/, so scenarios reuse the same
helpers for talking to the target instead of each writing its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest
import testinfra.host

Host = testinfra.host.Host


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
