"""Fixtures for the edge scenario: the client and Pebble containers, and playbook runs."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import testinfra
import testinfra.host
from edge import EDGE, PEBBLE_ROOT, PlaybookRun, container, put_file

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
def run_playbook(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., PlaybookRun]:
    """Run a playbook (default: playbooks/edge.yml) with Molecule's inventory plus extra vars."""
    work = tmp_path_factory.mktemp("playbooks")
    inventory = str(Path(os.environ["MOLECULE_INVENTORY_FILE"]).parent)

    def _run(extra_vars: dict[str, Any] | None = None, playbook: Path = EDGE) -> PlaybookRun:
        args = ["ansible-playbook", "-i", inventory, "--limit", "vps"]
        if extra_vars:
            extra = Path(tempfile.mkstemp(dir=work, suffix=".json")[1])
            extra.write_text(json.dumps(extra_vars))
            args += ["-e", f"@{extra}"]
        env = {**os.environ, "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_NOCOLOR": "1"}
        result = subprocess.run(
            [*args, str(playbook)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env=env,
        )
        return PlaybookRun(result.returncode, result.stdout + result.stderr)

    return _run
