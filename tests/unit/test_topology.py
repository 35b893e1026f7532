"""The load-balanced shape read from the inventory: private addresses and the app's endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.vpsforge.fastapi.plugins.filter.topology import FilterModule
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import topology

HOSTVARS: dict[str, dict[str, Any]] = {
    "lb-1": {"vpsforge_private_address": "10.0.0.2"},
    "app-1": {"vpsforge_private_address": "10.0.0.3"},
    "app-2": {"vpsforge_private_address": "fd00::4", "fastapi_app_listen_port": 9000},
    "app-3": {"vpsforge_private_address": "10.0.0.5", "fastapi_app_listen_address": "10.1.0.5"},
    "bare": {},
}


@pytest.mark.parametrize(
    "value", ["10.0.0.2", "172.16.5.1", "192.168.1.10", "100.64.0.7", "fd00::4", "fc12:3::1"]
)
def test_private_addresses_are_accepted(value: str) -> None:
    assert topology.private_address_problem(value) == ""


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("203.0.113.10x", "not an IP address"),
        ("8.8.8.8", "public address"),
        ("2a01:4f8::1", "public address"),
        ("127.0.0.1", "other hosts can reach"),
        ("0.0.0.0", "other hosts can reach"),
        ("::", "other hosts can reach"),
        ("169.254.1.1", "other hosts can reach"),
        ("fe80::1", "other hosts can reach"),
        ("::ffff:10.0.0.2", "IPv4-mapped"),
        ("10.0.0.0/24", "not an IP address"),
        ("app-1.internal", "not an IP address"),
        ("", "is not set"),
        (None, "is not set"),
        (10, "is not set"),
    ],
)
def test_other_values_are_refused_with_the_reason(value: object, reason: str) -> None:
    assert reason in topology.private_address_problem(value)


def test_private_addresses_keep_the_group_order() -> None:
    assert topology.private_addresses(["app-2", "lb-1"], HOSTVARS) == ["fd00::4", "10.0.0.2"]


def test_a_host_without_a_private_address_is_named() -> None:
    with pytest.raises(topology.TopologyError, match="vpsforge_private_address of host 'bare'"):
        topology.private_addresses(["lb-1", "bare"], HOSTVARS)


def test_no_group_gives_no_address() -> None:
    assert topology.private_addresses(None, HOSTVARS) == []


def test_endpoints_use_the_port_and_bracket_ipv6() -> None:
    assert topology.app_endpoints(["app-1", "app-2"], HOSTVARS) == [
        "10.0.0.3:8000",
        "[fd00::4]:9000",
    ]


def test_an_inventory_listen_address_wins_over_the_private_address() -> None:
    assert topology.app_endpoints(["app-3"], HOSTVARS) == ["10.1.0.5:8000"]


@pytest.mark.parametrize("port", [0, 65536, "http", True, 8.5])
def test_a_bad_port_is_named(port: object) -> None:
    hostvars = {"app-1": {"vpsforge_private_address": "10.0.0.3", "fastapi_app_listen_port": port}}
    with pytest.raises(topology.TopologyError, match="fastapi_app_listen_port of host 'app-1'"):
        topology.app_endpoints(["app-1"], hostvars)


def test_a_public_listen_address_is_refused_by_its_own_name() -> None:
    hostvars = {
        "app-1": {"vpsforge_private_address": "10.0.0.3", "fastapi_app_listen_address": "8.8.8.8"}
    }
    with pytest.raises(topology.TopologyError, match="fastapi_app_listen_address of host 'app-1'"):
        topology.app_endpoints(["app-1"], hostvars)


def test_a_host_missing_from_the_inventory_is_named() -> None:
    with pytest.raises(topology.TopologyError, match="host 'ghost' is not in the inventory"):
        topology.private_addresses(["ghost"], HOSTVARS)


def test_the_filters_raise_ansible_errors_with_the_message() -> None:
    filters = FilterModule().filters()
    with pytest.raises(AnsibleFilterError, match="vpsforge_private_address of host 'bare'"):
        filters["app_endpoints"](["bare"], HOSTVARS)
    assert filters["private_addresses"](["lb-1"], HOSTVARS) == ["10.0.0.2"]


@pytest.mark.parametrize(
    "value", ["10.0.0.3:8000", "[fd00::3]:8000", "app-1.internal:8000", "app:1", "10.0.0.3:65535"]
)
def test_endpoints_nginx_can_proxy_to_are_accepted(value: str) -> None:
    assert topology.is_endpoint(value)


@pytest.mark.parametrize(
    "value",
    [
        "10.0.0.3",
        "10.0.0.3:0",
        "10.0.0.3:65536",
        "10.0.0.3:08000",
        "fd00::3:8000",
        "[10.0.0.3]:8000",
        "[fd00::3:8000",
        "unix:/run/app.sock",
        "app 1:8000",
        "-app:8000",
        ":8000",
        "10.0.0.3:80;",
        8000,
        None,
    ],
)
def test_other_endpoints_are_refused(value: object) -> None:
    assert not topology.is_endpoint(value)


def test_edge_hosts_pick_the_load_balancers_of_one_edge_in_order() -> None:
    hostvars = {"lb-1": {}, "lb-2": {"edge": "caddy"}, "lb-3": {"edge": "nginx"}}
    hosts = ["lb-1", "lb-2", "lb-3"]
    assert topology.edge_hosts(hosts, hostvars, "nginx") == ["lb-1", "lb-3"]
    assert topology.edge_hosts(hosts, hostvars, "caddy") == ["lb-2"]
    assert topology.edge_hosts(None, hostvars, "caddy") == []


def test_edge_hosts_name_a_host_with_an_unknown_edge() -> None:
    with pytest.raises(topology.TopologyError, match="edge of host 'lb-1'"):
        topology.edge_hosts(["lb-1"], {"lb-1": {"edge": "traefik"}}, "nginx")
    with pytest.raises(AnsibleFilterError, match="must be one of nginx, caddy"):
        FilterModule().filters()["edge_hosts"](["lb-1"], {"lb-1": {}}, "haproxy")
