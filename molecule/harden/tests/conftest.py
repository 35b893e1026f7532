"""Fixtures for the hardening scenario: the client container and SSH attempts from it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import testinfra
import testinfra.host
from playbook_run import PlaybookRun

Host = testinfra.host.Host

TARGET_IP = "172.28.213.10"
SSH_PORT = 2222


@dataclass(frozen=True)
class Attempt:
    """The outcome of one SSH login attempt from the client."""

    rc: int
    output: str

    @property
    def ok(self) -> bool:
        return self.rc == 0


@pytest.fixture(scope="session")
def target_ip() -> str:
    return TARGET_IP


@pytest.fixture(scope="session")
def ssh_port() -> int:
    return SSH_PORT


@pytest.fixture(scope="session")
def client() -> Host:
    distro = os.environ.get("MOLECULE_DISTRO", "bookworm")
    return testinfra.get_host(f"docker://vpsforge-harden-client-{distro}")


@pytest.fixture(scope="session")
def ssh_from_client(client: Host) -> Callable[..., Attempt]:
    """Try `ssh user@target command` from the client; never prompts, bounded by timeouts."""

    def _ssh(
        user: str,
        *,
        key: str | None = None,
        password: str | None = None,
        port: int = SSH_PORT,
        command: str = "true",
    ) -> Attempt:
        options = [
            "-o BatchMode=yes" if password is None else "-o BatchMode=no",
            "-o ConnectTimeout=5",
            "-o StrictHostKeyChecking=no",
            "-o UserKnownHostsFile=/dev/null",
            "-o LogLevel=ERROR",
        ]
        if key is not None:
            options += [f"-i /root/{key}.key", "-o IdentitiesOnly=yes"]
            options.append("-o PreferredAuthentications=publickey")
        if password is not None:
            options += [
                "-o PubkeyAuthentication=no",
                "-o PreferredAuthentications=password,keyboard-interactive",
            ]
        cmd = f"timeout 20 ssh {' '.join(options)} -p {port} {user}@{TARGET_IP} {command}"
        if password is not None:
            cmd = f"sshpass -p '{password}' {cmd}"
        result = client.run(cmd)
        return Attempt(result.rc, result.stdout + result.stderr)

    return _ssh


@pytest.fixture(scope="session")
def keys_dir() -> Path:
    return Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "keys"


@pytest.fixture(scope="session")
def run_playbook(
    ansible_playbook: Callable[..., PlaybookRun], distro: str
) -> Callable[..., PlaybookRun]:
    """Run a playbook (a path, or a list of plays) against the target.

    `inventory` is added to Molecule's (whose group_vars then apply to its hosts too).
    """

    def _run(
        plays: list[dict[str, Any]] | str,
        extra_vars: dict[str, Any] | None = None,
        inventory: str | None = None,
        limit: str | None = None,
    ) -> PlaybookRun:
        return ansible_playbook(
            plays,
            target=f"vpsforge-harden-target-{distro}",
            extra_vars=extra_vars,
            inventories=[inventory] if inventory else [],
            limit=limit,
        )

    return _run
