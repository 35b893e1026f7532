"""The fresh-login proof's command line and host-key pinning (plugins/plugin_utils/ssh_login.py)."""

from __future__ import annotations

import pytest
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import ssh_login

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDqFJ02e7JOkBRZA8x4klf4amsvcbBwlWuwllRWXynFH root@host"


@pytest.mark.parametrize(
    ("host", "port", "name"),
    [
        ("203.0.113.10", 22, "203.0.113.10"),
        ("203.0.113.10", 2222, "[203.0.113.10]:2222"),
        ("2001:db8::10", 22, "2001:db8::10"),
        ("2001:db8::10", 2222, "[2001:db8::10]:2222"),
        ("vps.example.com", 2200, "[vps.example.com]:2200"),
    ],
)
def test_known_hosts_line_names_the_host_as_ssh_looks_it_up(
    host: str, port: int, name: str
) -> None:
    assert ssh_login.known_hosts_line(host, port, KEY) == f"{name} {' '.join(KEY.split()[:2])}\n"


@pytest.mark.parametrize("bad", ["", "ssh-ed25519", "   "])
def test_known_hosts_line_refuses_a_host_key_without_its_blob(bad: str) -> None:
    with pytest.raises(ValueError, match="host_key"):
        ssh_login.known_hosts_line("203.0.113.10", 22, bad)


def test_ssh_argv_allows_only_a_key_login_checked_against_the_pinned_host_key() -> None:
    argv = ssh_login.ssh_argv(
        host="2001:db8::10", port=2222, user="alice", known_hosts="/tmp/kh",
        host_key_type="ssh-ed25519", command="sudo -n true", private_key="/keys/alice",
    )  # fmt: skip
    options = dict(zip(argv[1:-5:2], argv[2:-5:2], strict=True))
    assert argv[0] == "ssh"
    assert options["-p"] == "2222"
    assert options["-i"] == "/keys/alice"
    pairs = [argv[i + 1] for i, arg in enumerate(argv) if arg == "-o"]
    for expected in (
        "BatchMode=yes", "StrictHostKeyChecking=yes", "UserKnownHostsFile=/tmp/kh",
        "GlobalKnownHostsFile=/dev/null", "HostKeyAlgorithms=ssh-ed25519",
        "PreferredAuthentications=publickey", "ControlPath=none", "IdentitiesOnly=yes",
    ):  # fmt: skip
        assert expected in pairs
    assert argv[-5:] == ["-l", "alice", "--", "2001:db8::10", "sudo -n true"]


def test_ssh_argv_leaves_the_key_to_ssh_when_none_is_given() -> None:
    argv = ssh_login.ssh_argv(
        host="vps", port=22, user="alice", known_hosts="/tmp/kh",
        host_key_type="ssh-ed25519", command="true",
    )  # fmt: skip
    assert "-i" not in argv
    assert "IdentitiesOnly=yes" not in argv
