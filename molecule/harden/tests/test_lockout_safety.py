"""The sshd role never locks the operator out: it refuses, or proves and rolls back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from shlex import quote
from typing import Any

import pytest
import testinfra.host

Host = testinfra.host.Host
DROPIN = "/etc/ssh/sshd_config.d/00-vpsforge.conf"
SSHD_PLAY = [{"name": "sshd", "hosts": "vps", "become": True, "roles": ["vpsforge.fastapi.sshd"]}]


def config_state(host: Host) -> tuple[str, str]:
    socket = "/etc/systemd/system/ssh.socket.d/00-vpsforge-listen.conf"
    return host.file(DROPIN).sha256sum, host.run(f"cat {socket} 2>/dev/null").stdout


def test_refuses_to_disable_root_login_without_an_admin_to_prove_it(
    host: Host, run_playbook: Callable[..., Any]
) -> None:
    before = config_state(host)
    run = run_playbook(SSHD_PLAY, {"sshd_lockout_check_user": "", "sshd_max_auth_tries": 4})
    assert run.rc != 0
    assert "sshd_lockout_check_user is empty" in run.output
    assert "refusing to lock everyone out" in run.output
    assert config_state(host) == before


def test_refuses_when_the_admin_is_not_allowed_to_log_in(
    host: Host, run_playbook: Callable[..., Any]
) -> None:
    before = config_state(host)
    run = run_playbook(SSHD_PLAY, {"sshd_allow_groups": ["wheel"]})
    assert run.rc != 0
    assert "alice is in none of sshd_allow_groups wheel" in run.output
    assert config_state(host) == before


def test_rolls_back_when_a_fresh_admin_login_fails(
    host: Host, run_playbook: Callable[..., Any], ssh_from_client: Callable[..., Any]
) -> None:
    # Valid for sshd -t, but nobody outside the host could reach SSH any more.
    before = config_state(host)
    run = run_playbook(SSHD_PLAY, {"sshd_listen_addresses": ["127.0.0.1"]})
    assert run.rc != 0
    assert "rolled back" in run.output
    assert "alice could not log in on port 2222" in run.output
    assert config_state(host) == before
    assert ssh_from_client("alice", key="alice").ok


@pytest.fixture
def ssh_inventory(tmp_path: Path, keys_dir: Path, target_ip: str) -> Callable[..., str]:
    """An inventory that manages the target over real SSH as the admin, on a given port and
    address, with ansible_connection=ssh written out as many inventories do."""

    def _inventory(port: int, address: str = target_ip) -> str:
        path = tmp_path / f"ssh-{port}-{address.replace(':', '_')}.ini"
        path.write_text(
            "[vps]\n"
            f"target ansible_connection=ssh ansible_host={address} ansible_port={port} "
            "ansible_user=alice "
            f"ansible_ssh_private_key_file={keys_dir / 'alice'} "
            "ansible_ssh_common_args="
            "'-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n"
        )
        return str(path)

    return _inventory


PLAYBOOKS = Path(__file__).resolve().parents[3] / "playbooks"
# The steps of playbooks/harden.yml that take part in a port move, in its order: its
# validation play for those roles, the firewall opening the new port, sshd moving and proving
# it, the firewall closing the old one. (base, users and fail2ban have no say in it; the
# scenario's converge and idempotence run the whole playbook.)
PORT_MOVE: list[dict[str, Any]] = [
    {
        "ansible.builtin.import_playbook": str(PLAYBOOKS / "validate.yml"),
        "vars": {"preflight_roles": ["users", "sshd", "firewall"]},
    },
    {
        "name": "Move sshd as harden.yml does",
        "hosts": "vps",
        "become": True,
        "gather_facts": False,
        "tasks": [
            {"ansible.builtin.import_role": {"name": f"vpsforge.fastapi.{role}"}}
            for role in ("firewall", "sshd", "firewall")
        ],
    },
]


@pytest.fixture
def move_back(
    run_playbook: Callable[..., Any], ssh_inventory: Callable[..., str]
) -> Iterator[None]:
    yield
    back = run_playbook(
        PORT_MOVE, {"sshd_port": 2222}, inventory=ssh_inventory(2200), limit="target"
    )
    assert back.rc == 0, back.output


def test_port_change_over_ssh_keeps_the_control_connection_and_closes_the_old_port(
    client: Host,
    run_playbook: Callable[..., Any],
    ssh_inventory: Callable[..., str],
    move_back: None,
    target_ip: str,
) -> None:
    # harden.yml's port move, managed over real SSH as the admin: the firewall opens the new
    # port, sshd moves and proves it, the firewall closes the old one, and the play's own
    # connection (opened on the old port) carries on to the end.
    run = run_playbook(
        PORT_MOVE, {"sshd_port": 2200}, inventory=ssh_inventory(2222), limit="target"
    )
    assert run.rc == 0, run.output
    recap = r"target\s*:\s*ok=\d+\s+changed=[1-9]\d*\s+unreachable=0\s+failed=0"
    assert re.search(recap, run.output), run.output
    assert client.run(f"nc -z -w 3 {target_ip} 2200").rc == 0
    assert client.run(f"nc -z -w 3 {target_ip} 2222").rc != 0


USERS_PLAY = [
    {"name": "users", "hosts": "vps", "become": True, "roles": ["vpsforge.fastapi.users"]}
]
ALICE_KEYS = "/home/alice/.ssh/authorized_keys"
ADMIN_SUDOERS = "/etc/sudoers.d/vpsforge-admins"
PROOF_TASK = "Log in as the admin over a new connection and use sudo"


def admin_state(host: Host) -> tuple[str, str, str]:
    leftovers = host.run("ls -A /etc/sudoers.d/ /home/alice/.ssh/").stdout
    return host.file(ALICE_KEYS).sha256sum, host.file(ADMIN_SUDOERS).sha256sum, leftovers


def test_key_change_that_locks_the_admin_out_is_rolled_back(
    host: Host,
    run_playbook: Callable[..., Any],
    ssh_from_client: Callable[..., Any],
    keys_dir: Path,
) -> None:
    # A well-formed key, but not the one the operator holds: valid input, and a lockout.
    before = admin_state(host)
    mallory = (keys_dir / "mallory.pub").read_text().strip()
    admins = [{"name": "alice", "ssh_keys": [mallory]}]
    run = run_playbook(USERS_PLAY, {"users_admins": admins, "users_login_check_port": 2222})
    assert run.rc != 0, run.output
    assert "users: rolled back" in run.output
    assert "alice could not log in over a fresh SSH connection" in run.output
    assert admin_state(host) == before
    assert ssh_from_client("alice", key="alice", command="sudo -n true").ok


def test_key_change_that_keeps_the_way_in_is_proven_and_kept(
    host: Host,
    run_playbook: Callable[..., Any],
    ssh_from_client: Callable[..., Any],
    keys_dir: Path,
) -> None:
    alice = (keys_dir / "alice.pub").read_text().strip()
    mallory = (keys_dir / "mallory.pub").read_text().strip()
    admins = [{"name": "alice", "ssh_keys": [alice, mallory]}]
    run = run_playbook(USERS_PLAY, {"users_admins": admins, "users_login_check_port": 2222})
    try:
        assert run.rc == 0, run.output
        proof = rf"TASK \[[^\]]*{PROOF_TASK}\][^\n]*\n(ok|changed): "
        assert re.search(proof, run.output), run.output
        assert mallory.split()[1] in host.file(ALICE_KEYS).content_string
        assert ssh_from_client("alice", key="alice", command="sudo -n true").ok
    finally:
        back = run_playbook(USERS_PLAY, {"users_login_check_port": 2222})
        assert back.rc == 0, back.output
    assert mallory.split()[1] not in host.file(ALICE_KEYS).content_string


TARGET_IPV6 = "fd3c:8a1e:5b7f:213::10"
FIREWALL_PLAY = [
    {"name": "firewall", "hosts": "vps", "become": True, "roles": ["vpsforge.fastapi.firewall"]}
]


def test_firewall_probe_takes_the_controllers_ipv6_path_and_rolls_back_what_blocks_it(
    host: Host, run_playbook: Callable[..., Any], ssh_inventory: Callable[..., str]
) -> None:
    # Ansible reaches the host over IPv6; an IPv4-only allow-list would shut that path. The
    # probe must test the path Ansible uses (not the host's IPv4 address) and roll back.
    # --terse: without the rate-limit sets' elements, which every new connection changes.
    table = "nft --stateless --terse list table inet vpsforge"
    ruleset = "/etc/nftables.d/vpsforge.nft"
    before = host.run(table).stdout, host.file(ruleset).sha256sum
    run = run_playbook(
        FIREWALL_PLAY,
        {"firewall_ssh_allow_from": ["172.28.213.0/24"]},
        inventory=ssh_inventory(2222, TARGET_IPV6),
        limit="target",
    )
    assert run.rc != 0, run.output
    assert "firewall: rolled back" in run.output
    assert f"{TARGET_IPV6}:2222" in run.output
    assert (host.run(table).stdout, host.file(ruleset).sha256sum) == before


CLIENT_IP = "172.28.213.20"
NAT_PORT = 22222
NAT_TABLE = "vpsforge-harden-nat"


@pytest.fixture
def nat_forward(client: Host) -> Iterator[tuple[str, int]]:
    """The client as a NAT gateway in front of the target: its port 22222 forwarded to the
    target's SSH port 2222, the target seeing the client's address (masquerade)."""
    ruleset = (
        f"table ip {NAT_TABLE} {{\n"
        "  chain prerouting {\n"
        "    type nat hook prerouting priority dstnat;\n"
        f"    tcp dport {NAT_PORT} dnat to 172.28.213.10:2222\n"
        "  }\n"
        "  chain postrouting {\n"
        "    type nat hook postrouting priority srcnat;\n"
        "    ip daddr 172.28.213.10 tcp dport 2222 masquerade\n"
        "  }\n"
        "}\n"
    )
    result = client.run(f"printf '%s' {quote(ruleset)} | nft -f -")
    assert result.rc == 0, result.stderr
    yield CLIENT_IP, NAT_PORT
    client.run(f"nft delete table ip {NAT_TABLE}")


def test_firewall_probe_goes_through_a_nat_port_forward_and_keeps_a_change_it_allows(
    host: Host,
    run_playbook: Callable[..., Any],
    ssh_inventory: Callable[..., str],
    nat_forward: tuple[str, int],
) -> None:
    # Ansible reaches the host only through a port forward to another port (22222 -> 2222).
    # SSH allowed from the gateway alone shuts the direct path (172.28.213.1 -> :2222), not
    # the controller's: the probe must go where Ansible goes and keep the change.
    address, port = nat_forward
    nat = ssh_inventory(port, address)
    ruleset = "/etc/nftables.d/vpsforge.nft"
    before = host.file(ruleset).sha256sum
    try:
        allow = {"firewall_ssh_allow_from": [f"{address}/32"]}
        run = run_playbook(FIREWALL_PLAY, allow, inventory=nat, limit="target")
        assert run.rc == 0, run.output
        assert "rolled back" not in run.output
        assert host.file(ruleset).sha256sum != before
        assert f"{address}/32" in host.file(ruleset).content_string
        # Kept only if the probe got through: the direct path and the gateway's own port 2222
        # (where the old rule probed) give no SSH banner.
        probe = run.output.split("Prove a new SSH connection from the controller", 1)[1]
        assert "ok: [target" in probe.split("\nTASK", 1)[0], run.output
    finally:
        back = run_playbook(FIREWALL_PLAY, inventory=nat, limit="target")
        assert back.rc == 0, back.output
    assert host.file(ruleset).sha256sum == before
