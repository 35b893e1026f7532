"""Jinja tests of the load-balanced shape (see plugins/plugin_utils/topology.py).

``nginx_upstream_servers | reject('vpsforge.fastapi.endpoint')``: entries nginx cannot proxy to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import topology


class TestModule:
    """vpsforge.fastapi.* tests of the load-balanced shape."""

    def tests(self) -> dict[str, Callable[..., Any]]:
        return {"endpoint": topology.is_endpoint}
