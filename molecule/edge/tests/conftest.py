"""Fixtures for the edge scenario: the client and Pebble containers, and playbook runs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import testinfra
import testinfra.host
from containers import put_file
from edge import EDGE, PEBBLE_ROOT, container
from playbook_run import PlaybookRun

Host = testinfra.host.Host


@pytest.fixture(scope="session")
def client(distro: str) -> Host:
    return testinfra.get_host(f"docker://{container('client', distro)}")


@pytest.fixture(scope="session")
def acme(distro: str) -> Host:
    return testinfra.get_host(f"docker://{container('acme', distro)}")


@pytest.fixture(scope="session")
def pebble_root(client: Host, distro: str) -> str:
    """Pebble's issuing root (new at every Pebble start), on the client and the target.

    Fetched over the ACME server's management port, verified with the listener CA.
    """
    keys = Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "pebble"
    listener_ca = (keys / "listener-ca.pem").read_bytes()
    put_file(container("client", distro), "/root/listener-ca.pem", listener_ca)
    result = client.run(
        "curl -sS --max-time 10 --cacert /root/listener-ca.pem "
        "https://acme.vpsforge.test:15000/roots/0"
    )
    assert result.rc == 0 and "BEGIN CERTIFICATE" in result.stdout, result.stderr
    root = result.stdout.encode()
    put_file(container("client", distro), PEBBLE_ROOT, root)
    put_file(container("", distro), PEBBLE_ROOT, root)
    return result.stdout


@pytest.fixture(scope="session")
def run_playbook(
    ansible_playbook: Callable[..., PlaybookRun], distro: str
) -> Callable[..., PlaybookRun]:
    """Run a playbook (default: playbooks/edge.yml) on the target with extra vars."""

    def _run(extra_vars: dict[str, Any] | None = None, playbook: Path = EDGE) -> PlaybookRun:
        return ansible_playbook(
            playbook, target=f"vpsforge-edge-{distro}", extra_vars=extra_vars, limit="vps"
        )

    return _run
