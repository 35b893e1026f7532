"""Bad input to playbooks/harden.yml is rejected before anything changes on the host."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

HARDEN = str(Path(__file__).resolve().parents[3] / "playbooks" / "harden.yml")
GOOD_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE a@b"

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "invalid ssh port": ({"sshd_port": 70000}, "sshd_port=70000"),
    "ssh port not a number": ({"sshd_port": "ssh"}, "sshd_port"),
    "malformed public key": (
        {"users_admins": [{"name": "alice", "ssh_keys": ["ssh-ed25519 not-base64!"]}]},
        "is not an OpenSSH public key",
    ),
    "admin without a key": (
        {"users_admins": [{"name": "alice", "ssh_keys": []}]},
        "users_admins: 'alice' has no ssh_keys",
    ),
    "no admin to prove key login while disabling passwords": (
        {"sshd_lockout_check_user": ""},
        "sshd_lockout_check_user is empty",
    ),
    "invalid admin name": (
        {"users_admins": [{"name": "Bad Name", "ssh_keys": [GOOD_KEY]}]},
        "users_admins: 'Bad Name' is not a valid login name",
    ),
    "removing the admin": ({"users_absent": ["alice"]}, "users_absent: refusing to remove alice"),
    "unknown root login mode": ({"sshd_permit_root_login": "yes"}, "sshd_permit_root_login"),
    "listen address that is not an IP": (
        {"sshd_listen_addresses": ["localhost"]},
        "sshd_listen_addresses: 'localhost' is not an IP address",
    ),
    "relative deploy sudo command": (
        {"users_deploy": {"name": "deploy", "sudo_commands": ["systemctl restart x"]}},
        "users_deploy",
    ),
}


@pytest.fixture(scope="module")
def runs(run_playbook: Callable[..., Any]) -> dict[str, Any]:
    """Every bad input against the target, four runs at a time (they only read the host)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case: pool.submit(run_playbook, HARDEN, CASES[case][0]) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_change(runs: dict[str, Any], case: str) -> None:
    message = CASES[case][1]
    run = runs[case]
    assert run.rc != 0, run.output
    assert message in run.output
    recap = re.search(r"vpsforge-harden-target-\w+\s*:\s*ok=\d+\s+changed=(\d+)", run.output)
    assert recap is not None, run.output
    assert recap.group(1) == "0"
