"""Jinja tests for the input rules the roles share (see plugins/plugin_utils/rules.py).

In a role's validate tasks: ``nginx_server_names | reject('vpsforge.fastapi.dns_name')``,
``base_swap_file is vpsforge.fastapi.safe_path``, ``item is vpsforge.fastapi.ssh_public_key``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules


class TestModule:
    """vpsforge.fastapi.* tests."""

    def tests(self) -> dict[str, Callable[..., Any]]:
        return {
            "dns_name": rules.is_dns_name,
            "unix_name": rules.is_unix_name,
            "system_account": rules.is_system_account,
            "ssh_public_key": rules.is_ssh_public_key,
            "pem_certificates": rules.is_pem_certificates,
            "absolute_path": rules.is_absolute_path,
            "system_path": rules.is_system_path,
            "safe_path": rules.is_safe_path,
            "relative_path": rules.is_relative_path,
            "systemd_timespan": rules.is_systemd_timespan,
            "systemd_size": rules.is_systemd_size,
            "email": rules.is_email,
            "url": rules.is_url,
            "url_with_credentials": rules.has_credentials,
            "git_url": rules.is_git_url,
            "port": rules.is_port,
            "debian_package": rules.is_debian_package,
            "ssh_host": rules.is_ssh_host,
            "ssh_identity_path": rules.is_ssh_identity_path,
            "ssh_connection": rules.is_ssh_connection,
        }
