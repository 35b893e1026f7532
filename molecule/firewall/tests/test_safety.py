"""Changes that are safe to apply: bad input stops before anything changes, and a ruleset
that would cut the controller off is rolled back.

Each case runs ansible-playbook (molecule/firewall/apply-role.yml) against the running
target with the scenario's variables plus overrides.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import testinfra.host
from outside import Net, knock
from playbook_run import PlaybookRun

Host = testinfra.host.Host

# Bad input that only the target can show up (the rest is in the contract suite,
# tests/contract/cases/perimeter.py, which needs no container).
BAD_INPUT = [
    # (role, overrides, the variable the message must name)
    # The logs are there once nginx runs, so only the entry point that writes the jails checks.
    (
        "fail2ban",
        {"fail2ban_nginx_error_logs": ["/var/log/nginx/nope.log"], "role_entry_point": "nginx"},
        "fail2ban_nginx_error_logs",
    ),
]


@pytest.mark.parametrize(
    ("role", "overrides", "variable"),
    BAD_INPUT,
    ids=[f"{role}-{next(iter(o))}-{i}" for i, (role, o, _) in enumerate(BAD_INPUT)],
)
def test_bad_input_is_rejected_before_any_change(
    apply_role: Callable[..., PlaybookRun],
    ruleset: Callable[[], str],
    managed_files: Callable[[], dict[str, str]],
    role: str,
    overrides: dict,
    variable: str,
) -> None:
    rules_before, files_before = ruleset(), managed_files()
    run = apply_role(role, overrides)
    assert run.rc != 0, run.output[-3000:]
    assert variable in run.output, run.output[-3000:]
    assert run.changed == 0
    assert ruleset() == rules_before
    assert managed_files() == files_before


def test_ruleset_that_locks_the_controller_out_is_rolled_back(
    apply_role: Callable[..., PlaybookRun],
    ruleset: Callable[[], str],
    managed_files: Callable[[], dict[str, str]],
    client: Host,
    net: Net,
) -> None:
    rules_before, files_before = ruleset(), managed_files()
    # SSH only from the trusted client: the controller (the network's gateway) is left out.
    run = apply_role(
        "firewall",
        {"firewall_ssh_allow_from": [f"{net.trusted4}/32"], "firewall_ssh_probe_timeout": 5},
    )
    assert run.rc != 0, run.output[-3000:]
    assert "rolled back" in run.output
    assert "firewall_ssh_allow_from" in run.output
    assert ruleset() == rules_before
    assert managed_files() == files_before
    assert knock(client, net.target4, 22)


def test_lockout_on_a_host_without_our_table_leaves_no_table_behind(
    apply_role: Callable[..., PlaybookRun],
    ruleset: Callable[[], str],
    target: Host,
    net: Net,
) -> None:
    # A host the role has never run on: no vpsforge table, no ruleset file.
    target.check_output("nft delete table inet vpsforge && rm /etc/nftables.d/vpsforge.nft")
    try:
        run = apply_role(
            "firewall",
            {"firewall_ssh_allow_from": [f"{net.trusted4}/32"], "firewall_ssh_probe_timeout": 5},
        )
        assert run.rc != 0, run.output[-3000:]
        assert "rolled back" in run.output
        assert target.run("nft list table inet vpsforge").rc != 0
        assert not target.file("/etc/nftables.d/vpsforge.nft").exists
        assert 'comment "keep me"' in ruleset()
    finally:
        restored = apply_role("firewall")
        assert restored.rc == 0, restored.output[-3000:]
    assert "policy drop" in target.check_output("nft list chain inet vpsforge input")


def test_ssh_allow_from_admits_only_the_listed_networks(
    apply_role: Callable[..., PlaybookRun],
    managed_files: Callable[[], dict[str, str]],
    client: Host,
    trusted: Host,
    net: Net,
) -> None:
    files_before = managed_files()
    allowed = [f"{net.gateway4}/32", f"{net.trusted4}/32", f"{net.trusted6}/128"]
    try:
        run = apply_role("firewall", {"firewall_ssh_allow_from": allowed})
        assert run.rc == 0, run.output[-3000:]
        assert knock(trusted, net.target4, 22)
        assert knock(trusted, net.target6, 22)
        assert not knock(client, net.target4, 22)
        assert not knock(client, net.target6, 22)
    finally:
        restored = apply_role("firewall")
        assert restored.rc == 0, restored.output[-3000:]
    assert managed_files() == files_before
    assert knock(client, net.target4, 22)
