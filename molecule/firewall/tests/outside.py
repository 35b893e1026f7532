"""Acting on the target from the outside: knocking, logging in, waiting (all bounded)."""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass

import testinfra.host

Host = testinfra.host.Host


@dataclass(frozen=True)
class Net:
    """The scenario's addresses (molecule.yml, group_vars all: firewall_test_net)."""

    gateway4: str
    target4: str
    target6: str
    client4: str
    client6: str
    trusted4: str
    trusted6: str
    spare4: str
    prefix4: int


def knock(source: Host, address: str, port: int, *, bind: str = "", wait: int = 3) -> bool:
    """Open a new TCP connection from source to address:port; True if it was accepted."""
    bind_opt = f"-s {bind} " if bind else ""
    return source.run(f"timeout {wait + 5} nc -z -w {wait} {bind_opt}{address} {port}").rc == 0


def ssh_login(source: Host, address: str, user: str, password: str) -> int:
    """One password login attempt from source; returns ssh's exit code (0 = logged in)."""
    options = " ".join(
        f"-o {o}"
        for o in (
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "LogLevel=ERROR",
            "PreferredAuthentications=password",
            "PubkeyAuthentication=no",
            "NumberOfPasswordPrompts=1",
            "ConnectTimeout=5",
        )
    )
    command = (
        f"timeout 30 sshpass -p {shlex.quote(password)} ssh {options} "
        f"{shlex.quote(user)}@{address} true"
    )
    return source.run(command).rc


def poll(
    check: Callable[[], bool], what: str, timeout: float = 30.0, interval: float = 1.0
) -> None:
    """Wait (bounded) until check() is true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout:.0f} s: {what}")
        time.sleep(interval)
