"""Fixtures of the cluster scenario: its hosts, Pebble's root, and playbook runs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import testinfra
import testinfra.host
from cluster import LOADGEN, PEBBLE_ROOT, ROOT, container
from containers import trust_pebble_and_load
from playbook_run import PlaybookRun

Host = testinfra.host.Host


def _host(role: str, distro: str) -> Host:
    return testinfra.get_host(f"docker://{container(role, distro)}")


@pytest.fixture(scope="session")
def lb(distro: str) -> Host:
    return _host("lb", distro)


@pytest.fixture(scope="session")
def lb2(distro: str) -> Host:
    """The second load balancer, whose edge is Caddy."""
    return _host("lb2", distro)


@pytest.fixture(scope="session")
def app1(distro: str) -> Host:
    return _host("app1", distro)


@pytest.fixture(scope="session")
def app2(distro: str) -> Host:
    return _host("app2", distro)


@pytest.fixture(scope="session")
def neighbour(distro: str) -> Host:
    """Pebble, PostgreSQL and the load generator; on the private network, but no load balancer.

    Pebble's issuing root (new at every Pebble start) is put where the load generator and curl
    trust it.
    """
    host = _host("neighbour", distro)
    keys = Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "pebble"
    trust_pebble_and_load(host, container("neighbour", distro), keys, PEBBLE_ROOT, LOADGEN)
    return host


@pytest.fixture(scope="session")
def run_playbook(
    ansible_playbook: Callable[..., PlaybookRun], distro: str
) -> Callable[..., PlaybookRun]:
    """Run one of the collection's playbooks on the scenario's inventory with extra vars."""

    def _run(name: str, extra_vars: dict[str, Any] | None = None) -> PlaybookRun:
        return ansible_playbook(
            Path(ROOT / "playbooks" / name),
            target=container("lb", distro),
            extra_vars=extra_vars,
            timeout=900,
        )

    return _run
