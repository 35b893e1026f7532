"""The firewall, judged from the clients: what gets through, what is dropped, what survives."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
import testinfra.host
from outside import Net, knock

Host = testinfra.host.Host


@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_ssh_accepts_new_connections(client: Host, net: Net, family: str) -> None:
    address = net.target4 if family == "ipv4" else net.target6
    assert knock(client, address, 22)


@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_port_nobody_opened_is_silently_dropped(
    target: Host, client: Host, net: Net, family: str
) -> None:
    # The listener answers on the host itself, so only the firewall stands in the way.
    local = "import urllib.request as u; u.urlopen('http://127.0.0.1:8081/', timeout=5)"
    assert target.run(f'timeout 10 python3 -c "{local}"').rc == 0
    address = net.target4 if family == "ipv4" else net.target6
    started = time.monotonic()
    assert not knock(client, address, 8081, wait=3)
    # Dropped, not refused: the connection attempt runs into nc's timeout.
    assert time.monotonic() - started >= 2.5


@pytest.mark.parametrize("port", [80, 443])
@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_web_ports_answer_when_firewall_web(client: Host, net: Net, family: str, port: int) -> None:
    address = net.target4 if family == "ipv4" else f"[{net.target6}]"
    status = client.run(
        f"curl -s -o /dev/null -w '%{{http_code}}' --max-time 5 http://{address}:{port}/"
    )
    assert status.rc == 0, status.stderr
    assert status.stdout == "200"


@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_extra_rule_admits_only_its_listed_sources(
    client: Host, trusted: Host, net: Net, family: str
) -> None:
    address = net.target4 if family == "ipv4" else net.target6
    assert knock(trusted, address, 8443)
    assert not knock(client, address, 8443)


def test_input_policy_is_drop_for_ipv4_and_ipv6(target: Host) -> None:
    chain = target.run("nft list chain inet vpsforge input")
    assert chain.rc == 0, chain.stderr
    # One inet table: the same base chain filters IPv4 and IPv6.
    assert "type filter hook input priority filter; policy drop;" in chain.stdout
    assert "ct state established,related accept" in chain.stdout
    assert "icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert }" in (
        chain.stdout
    )
    assert "udp dport 51820 accept" in chain.stdout
    # Forwarding is left to others (Docker): our table has no forward chain.
    assert "hook forward" not in target.run("nft list table inet vpsforge").stdout


def test_ssh_new_connections_are_rate_limited_per_source(
    target_vars: dict, client: Host, net: Net, spare_address: str
) -> None:
    limit = int(target_vars.get("firewall_ssh_rate_limit", 10))
    # One quick burst of new connections from a fresh source, in a single shell loop.
    burst = client.run(
        f"for i in $(seq {limit + 5}); do "
        f"nc -z -w 1 -s {spare_address} {net.target4} 22 && echo ok || echo dropped; done"
    )
    results = burst.stdout.split()
    assert len(results) == limit + 5, burst.stderr
    assert results[:limit] == ["ok"] * limit
    assert results[limit] == "dropped"
    # The bucket refills at limit/minute: at most one more gets in during the slow tail.
    assert results.count("dropped") >= 4, results
    # The limit is per source: the client's own address still gets in meanwhile.
    assert knock(client, net.target4, 22)


def test_foreign_tables_survive_converge_reload_and_restart(
    target: Host, ruleset: Callable[[], str]
) -> None:
    def foreign_rules_present() -> None:
        rules = ruleset()
        assert 'tcp dport 9999 counter accept comment "keep me"' in rules
        assert "chain DOCKER-USER" in rules
        assert "jump DOCKER-USER" in rules
        assert "chain DOCKER {" in rules
        assert "table inet vpsforge" in rules

    foreign_rules_present()
    for action in ("reload", "restart"):
        result = target.run(f"systemctl {action} vpsforge-firewall.service")
        assert result.rc == 0, result.stderr
        foreign_rules_present()


def test_ruleset_is_loaded_at_boot_by_its_own_unit(target: Host) -> None:
    unit = target.service("vpsforge-firewall")
    assert unit.is_enabled
    assert unit.is_running
    definition = target.run("systemctl cat vpsforge-firewall.service").stdout
    assert "ExecStart=/usr/sbin/nft -f /etc/nftables.d/vpsforge.nft" in definition
    # Debian's own unit would flush every table (fail2ban's, Docker's) with its stock config.
    assert not target.service("nftables").is_enabled
    ruleset_file = target.file("/etc/nftables.d/vpsforge.nft").content_string
    assert not re.search(r"^\s*flush\b", ruleset_file, flags=re.MULTILINE)
    assert target.run("nft -c -f /etc/nftables.d/vpsforge.nft").rc == 0
