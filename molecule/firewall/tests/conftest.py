"""Fixtures for the firewall scenario: the target, two clients, and ways to knock from them.

Every remote command is bounded (nc -w, ssh ConnectTimeout, timeout(1)) and every poll has
a deadline. Traffic only flows between the scenario's containers and the controller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import testinfra
import testinfra.host
from outside import Net
from playbook_run import PlaybookRun, molecule_inventory
from testinfra.utils.ansible_runner import AnsibleRunner

Host = testinfra.host.Host

SCENARIO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def inventory() -> str:
    """Molecule's inventory directory (the file's group_vars live next to it)."""
    return molecule_inventory()


def _only_host(inventory: str, group: str) -> Host:
    names = AnsibleRunner(inventory).get_hosts(group)
    assert len(names) == 1, f"expected one host in group {group!r}, got {names}"
    return testinfra.get_host(f"ansible://{names[0]}", ansible_inventory=inventory)


@pytest.fixture(scope="session")
def target(inventory: str) -> Host:
    return _only_host(inventory, "target")


@pytest.fixture(scope="session")
def client(inventory: str) -> Host:
    return _only_host(inventory, "client")


@pytest.fixture(scope="session")
def trusted(inventory: str) -> Host:
    return _only_host(inventory, "trusted")


@pytest.fixture(scope="session")
def target_vars(target: Host) -> dict:
    return target.ansible.get_variables()


@pytest.fixture(scope="session")
def net(target_vars: dict) -> Net:
    return Net(**target_vars["firewall_test_net"])


@pytest.fixture(scope="session")
def ruleset(target: Host) -> Callable[[], str]:
    """The target's whole ruleset without counters and set contents (stable across time)."""

    def _ruleset() -> str:
        result = target.run("nft --stateless --terse list ruleset")
        assert result.rc == 0, result.stderr
        return result.stdout

    return _ruleset


@pytest.fixture(scope="session")
def managed_files(target: Host) -> Callable[[], dict[str, str]]:
    """Checksums of the files the two roles write."""
    paths = (
        "/etc/nftables.d/vpsforge.nft",
        "/etc/systemd/system/vpsforge-firewall.service",
        "/etc/fail2ban/jail.local",
        "/etc/fail2ban/fail2ban.d/vpsforge.local",
        "/etc/fail2ban/jail.d/00-vpsforge-nginx.local",
    )

    def _checksums() -> dict[str, str]:
        return {path: target.file(path).sha256sum for path in paths}

    return _checksums


@pytest.fixture(scope="session")
def apply_role(
    ansible_playbook: Callable[..., PlaybookRun], distro: str
) -> Callable[..., PlaybookRun]:
    """Run one role on the target with the scenario's variables plus overrides (-e)."""

    def _apply(role: str, overrides: dict | None = None, timeout: float = 300) -> PlaybookRun:
        return ansible_playbook(
            SCENARIO / "apply-role.yml",
            target=f"vpsforge-firewall-target-{distro}",
            extra_vars={"role_under_test": role, **(overrides or {})},
            timeout=timeout,
        )

    return _apply


@pytest.fixture
def spare_address(client: Host, net: Net) -> Iterator[str]:
    """A second IPv4 address on the client, so a test can knock from a fresh source."""
    address = f"{net.spare4}/{net.prefix4}"
    client.run(f"ip addr del {address} dev eth0")
    assert client.run(f"ip addr add {address} dev eth0").rc == 0
    yield net.spare4
    client.run(f"ip addr del {address} dev eth0")
