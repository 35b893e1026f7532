"""Fixtures for the VM tier: the VM over real SSH on 127.0.0.1, as its operator reaches it."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import testinfra
import testinfra.host

Host = testinfra.host.Host

SSH_OPTIONS = (
    "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
    " -o ConnectTimeout=10 -o IdentitiesOnly=yes"
)


@dataclass(frozen=True)
class Ports:
    """The VM's ports forwarded to 127.0.0.1 (see molecule/vm/molecule.yml)."""

    base: int

    @property
    def first_ssh(self) -> int:
        """The VM's port 22, where root logged in on first boot."""
        return self.base + 22

    @property
    def ssh(self) -> int:
        """sshd_port: the same number inside the VM and on 127.0.0.1."""
        return self.base + 322

    @property
    def http(self) -> int:
        return self.base + 80

    @property
    def closed(self) -> int:
        """Forwarded to the VM's port 8008, which the firewall must drop."""
        return self.base + 8


@pytest.fixture(scope="session")
def ports() -> Ports:
    return Ports(43000 if os.environ.get("MOLECULE_DISTRO", "bookworm") == "trixie" else 42000)


@pytest.fixture(scope="session")
def keys() -> Path:
    return Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "keys"


@pytest.fixture(scope="session")
def run_dir() -> Path:
    return Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "vm"


def ssh_host(user: str, port: int, key: Path, *, sudo: bool = True) -> Host:
    """A testinfra host over a fresh `ssh` per command (no control master: it survives reboots)."""
    return testinfra.get_host(
        f"ssh://{user}@127.0.0.1:{port}",
        ssh_identity_file=str(key),
        ssh_extra_args=f"{SSH_OPTIONS} -o ControlMaster=no -o ControlPath=none",
        sudo=sudo,
    )


@pytest.fixture(scope="session")
def vm(ports: Ports, keys: Path) -> Host:
    """The VM as its admin (alice, sudo) on sshd_port."""
    return ssh_host("alice", ports.ssh, keys / "alice")


def ssh_banner(port: int, timeout: float = 5.0) -> bytes:
    """What a TCP client reads first from 127.0.0.1:port (b'' when the far end says nothing)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        try:
            return sock.recv(64)
        except (TimeoutError, ConnectionResetError):
            return b""


def http_answer(port: int, timeout: float = 10.0) -> bytes:
    """Send a GET to 127.0.0.1:port and return what comes back within timeout (b'' for nothing).

    qemu's user network accepts every connection on the host side and only then connects to the
    guest, so a port the VM's firewall drops shows as an accepted connection that never answers.
    """
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\nHost: vm\r\n\r\n")
        data = b""
        while time.monotonic() < deadline:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = sock.recv(4096)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            data += chunk
        return data
