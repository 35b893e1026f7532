"""Filters that read the load-balanced shape from the inventory (plugins/plugin_utils/topology.py).

``groups['lb'] | vpsforge.fastapi.private_addresses(hostvars)``: the load balancers' private
addresses; ``groups['app'] | vpsforge.fastapi.app_endpoints(hostvars)``: ``address:port`` of
each app host. Both fail with a message naming the host and the variable it lacks.
``groups['lb'] | vpsforge.fastapi.edge_hosts(hostvars, 'caddy')``: the hosts whose edge is Caddy.
``value | vpsforge.fastapi.private_address_problem``: why a value is no private address ('').
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ansible.errors import AnsibleFilterError
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import topology


def _raising(function: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def wrapper(hosts: Iterable[str] | None, hostvars: Mapping[str, Any], *args: str) -> list[str]:
        try:
            return function(hosts, hostvars, *args)
        except topology.TopologyError as error:
            raise AnsibleFilterError(str(error)) from None

    wrapper.__doc__ = function.__doc__
    return wrapper


class FilterModule:
    """vpsforge.fastapi.* filters of the load-balanced shape."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "private_addresses": _raising(topology.private_addresses),
            "app_endpoints": _raising(topology.app_endpoints),
            "edge_hosts": _raising(topology.edge_hosts),
            "private_address_problem": topology.private_address_problem,
        }
