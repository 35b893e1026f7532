"""Filters that normalise or redact values for the roles (see plugins/plugin_utils/rules.py).

``fastapi_app_git_repo | vpsforge.fastapi.redact_url`` shows a URL without its credentials;
``key | vpsforge.fastapi.ssh_key_fingerprint`` is an OpenSSH public key's MD5 fingerprint, as
Hetzner Cloud and DigitalOcean name their SSH keys by it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules


class FilterModule:
    """vpsforge.fastapi.* filters."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"redact_url": rules.redact_url, "ssh_key_fingerprint": rules.ssh_key_fingerprint}
