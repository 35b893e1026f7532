"""Who talks to whom when the app runs on several hosts behind load balancers.

The inventory's ``lb`` group runs the edge (nginx, or Caddy on a host with ``edge: caddy``: TLS,
the certificate) and the ``app`` group runs the
app; every host of both groups has ``vpsforge_private_address``, its address on the private
network (a Hetzner private network, a DigitalOcean VPC). The app hosts listen there on
``fastapi_app_listen_port`` (8000 unless the inventory says otherwise), and only the load
balancers' private addresses may connect. These functions read that from the inventory, for the
nginx upstream, the firewall and the rolling deploy. Nothing here touches a host.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules

PRIVATE_ADDRESS = "vpsforge_private_address"
LISTEN_ADDRESS = "fastapi_app_listen_address"
LISTEN_PORT = "fastapi_app_listen_port"
DEFAULT_PORT = 8000
EDGE = "edge"
EDGES = ("nginx", "caddy")
DEFAULT_EDGE = "nginx"


class TopologyError(ValueError):
    """The inventory does not say what the cluster needs; the message names the variable."""


def private_address_problem(value: object) -> str:
    """Why ``value`` cannot be a host's address on the private network ('' when it can).

    An IPv4 or IPv6 address (no network, no name) in a private range: RFC 1918, RFC 6598 (the
    shared range some providers use), or IPv6 unique local. A public address is refused: the app
    port would be reachable where the provider's network puts no fence.
    """
    if not isinstance(value, str) or not value:
        return "is not set (the host's address on the private network, e.g. 10.0.0.2)"
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return f"'{value}' is not an IP address"
    shared = ipaddress.ip_network("100.64.0.0/10")
    if address.is_loopback or address.is_unspecified or address.is_link_local:
        return f"'{value}' is not an address other hosts can reach"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return f"'{value}' is an IPv4-mapped IPv6 address; write the IPv4 address"
    if not (address.is_private or address in shared):
        return (
            f"'{value}' is a public address; the app port must stay on the private network "
            "(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fc00::/7)"
        )
    return ""


def _vars(hostvars: Mapping[str, Any], host: str) -> Mapping[str, Any]:
    try:
        return hostvars[host]
    except KeyError:
        raise TopologyError(f"host '{host}' is not in the inventory") from None


def private_addresses(hosts: Iterable[str] | None, hostvars: Mapping[str, Any]) -> list[str]:
    """The ``vpsforge_private_address`` of each host, in order; raises naming a host without one."""
    addresses = []
    for host in hosts or []:
        value = _vars(hostvars, host).get(PRIVATE_ADDRESS)
        problem = private_address_problem(value)
        if problem:
            raise TopologyError(f"{PRIVATE_ADDRESS} of host '{host}' {problem}")
        addresses.append(str(value))
    return addresses


def _port(value: object, host: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TopologyError(f"{LISTEN_PORT} of host '{host}' must be an integer port")
    try:
        port = int(value)
    except ValueError:
        raise TopologyError(f"{LISTEN_PORT} of host '{host}' must be an integer port") from None
    if not 1 <= port <= 65535:
        raise TopologyError(f"{LISTEN_PORT} of host '{host}' must be from 1 to 65535")
    return port


def app_endpoints(hosts: Iterable[str] | None, hostvars: Mapping[str, Any]) -> list[str]:
    """``address:port`` of each app host as the load balancers reach it (IPv6 in brackets).

    The address is the host's ``fastapi_app_listen_address`` when its inventory sets one, else
    its ``vpsforge_private_address``; the port its ``fastapi_app_listen_port`` (default 8000).
    """
    endpoints = []
    for host in hosts or []:
        variables = _vars(hostvars, host)
        address = variables.get(LISTEN_ADDRESS) or variables.get(PRIVATE_ADDRESS)
        problem = private_address_problem(address)
        if problem:
            name = LISTEN_ADDRESS if variables.get(LISTEN_ADDRESS) else PRIVATE_ADDRESS
            raise TopologyError(f"{name} of host '{host}' {problem}")
        port = _port(variables.get(LISTEN_PORT, DEFAULT_PORT), host)
        text = str(address)
        endpoints.append(f"[{text}]:{port}" if ":" in text else f"{text}:{port}")
    return endpoints


def edge_hosts(hosts: Iterable[str] | None, hostvars: Mapping[str, Any], edge: str) -> list[str]:
    """The hosts, in order, whose ``edge`` (nginx unless the inventory says otherwise) is ``edge``:
    the rolling deploy drains an app host through each load balancer's own edge."""
    if edge not in EDGES:
        raise TopologyError(f"{EDGE} '{edge}' must be one of {', '.join(EDGES)}")
    chosen = []
    for host in hosts or []:
        value = _vars(hostvars, host).get(EDGE, DEFAULT_EDGE)
        if value not in EDGES:
            raise TopologyError(f"{EDGE} of host '{host}' must be nginx or caddy, not {value!r}")
        if value == edge:
            chosen.append(host)
    return chosen


def is_endpoint(value: object) -> bool:
    """``address:port`` nginx can proxy to: an IPv4 address, an IPv6 address in brackets or a DNS
    name, then a port from 1 to 65535 (``10.0.0.3:8000``, ``[fd00::3]:8000``, ``app-1:8000``)."""
    if not isinstance(value, str):
        return False
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not rules.is_port(int(port)) or port != str(int(port)):
        return False
    if host.startswith("[") and host.endswith("]"):
        try:
            return isinstance(ipaddress.ip_address(host[1:-1]), ipaddress.IPv6Address)
        except ValueError:
            return False
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return rules.is_dns_name(host, fqdn=False)
