"""Fixtures of the caddy scenario: the client, with Pebble's root and the load generator."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import testinfra
import testinfra.host
from containers import trust_pebble_and_load

Host = testinfra.host.Host

ROOT = Path(__file__).resolve().parents[3]
LOADGEN = ROOT / "molecule" / "shared" / "https_loadgen.py"
PEBBLE_ROOT = "/root/pebble-root.pem"  # on the client


def container(role: str, distro: str) -> str:
    return f"vpsforge-caddy-{role}-{distro}" if role else f"vpsforge-caddy-{distro}"


@pytest.fixture(scope="session")
def client(distro: str) -> Host:
    """The outsider, trusting Pebble's issuing root (new at every Pebble start), fetched over
    the ACME server's management port and verified with its listener CA."""
    host = testinfra.get_host(f"docker://{container('client', distro)}")
    keys = Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "pebble"
    trust_pebble_and_load(host, container("client", distro), keys, PEBBLE_ROOT, LOADGEN)
    return host
