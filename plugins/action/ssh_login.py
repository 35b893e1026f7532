"""Prove a fresh SSH login from the controller, with a key, pinning the host's key.

    - name: Log in as the admin over a new connection and use sudo
      vpsforge.fastapi.ssh_login:
        host: 203.0.113.10
        port: 2222
        user: alice
        host_key: "{{ host_key_pub }}"   # the host's ssh_host_ed25519_key.pub content
        private_key: ~/.ssh/id_ed25519   # optional: ssh's own defaults otherwise
        command: sudo -n true            # default: true
        retries: 5                       # further attempts, `delay` seconds apart
        delay: 2

Runs ``ssh`` on the controller (never on the host): the new connection takes the path the
operator takes next. Changes nothing; fails with ssh's own reason when the login or the
command fails on every attempt.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import ssh_login


class ActionModule(ActionBase):
    """vpsforge.fastapi.ssh_login"""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(
        ("host", "port", "user", "host_key", "private_key", "command", "retries", "delay",
         "timeout")
    )  # fmt: skip

    def _text(self, name: str, default: str | None = None) -> str:
        value = self._task.args.get(name, default)
        if not isinstance(value, str) or (default is None and not value):
            raise AnsibleActionFail(f"ssh_login: {name} must be a non-empty string")
        return value

    def _number(self, name: str, default: int | None = None) -> int:
        try:
            return int(self._task.args.get(name, default))
        except (TypeError, ValueError) as error:
            raise AnsibleActionFail(f"ssh_login: {name} must be a number") from error

    def run(self, tmp: object = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        host, user = self._text("host"), self._text("user")
        port, host_key = self._number("port"), self._text("host_key")
        command = self._text("command", "true")
        private_key = os.path.expanduser(self._text("private_key", ""))
        retries, delay = self._number("retries", 0), self._number("delay", 2)
        timeout = self._number("timeout", 10)
        if not 1 <= port <= 65535:
            raise AnsibleActionFail(f"ssh_login: port {port} is not a TCP port")
        try:
            line = ssh_login.known_hosts_line(host, port, host_key)
        except ValueError as error:
            raise AnsibleActionFail(f"ssh_login: {error}") from error

        with tempfile.TemporaryDirectory(prefix="vpsforge-ssh-login-") as scratch:
            known_hosts = os.path.join(scratch, "known_hosts")
            with open(known_hosts, "w", encoding="utf-8") as out:
                out.write(line)
            argv = ssh_login.ssh_argv(
                host=host, port=port, user=user, known_hosts=known_hosts,
                host_key_type=host_key.split()[0], command=command,
                private_key=private_key, timeout=timeout,
            )  # fmt: skip
            for attempt in range(retries + 1):
                if attempt:
                    time.sleep(delay)
                try:
                    proc = subprocess.run(
                        argv, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                        timeout=timeout + 60, check=False,
                    )  # fmt: skip
                    rc, stderr = proc.returncode, proc.stderr.strip()
                except subprocess.TimeoutExpired:
                    rc, stderr = 255, f"no answer within {timeout + 60} s"
                if rc == 0:
                    break

        result.update(changed=False, rc=rc, attempts=attempt + 1, stderr=stderr)
        if rc != 0:
            result["failed"] = True
            result["msg"] = (
                f"{user}@{host} port {port}: '{command}' failed after {attempt + 1} attempt(s): "
                + (stderr.splitlines()[-1] if stderr else f"exit code {rc}")
            )
        return result
