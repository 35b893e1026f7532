"""A fresh SSH login from the controller, as the operator makes it next: the command line and
the known_hosts entry that pins the host key read over the existing connection.

Used by the ``vpsforge.fastapi.ssh_login`` action (plugins/action/ssh_login.py), which the sshd
and users roles run after a change that could lock the operator out.
"""

from __future__ import annotations


def known_hosts_line(host: str, port: int, host_key: str) -> str:
    """The known_hosts line for ``host`` on ``port`` (``[host]:port`` unless port 22).

    ``host_key`` is the host's public key file content ("type base64 [comment]")."""
    fields = host_key.split()
    if len(fields) < 2:
        raise ValueError("host_key: expected 'type base64' (a .pub file's content)")
    name = host if port == 22 else f"[{host}]:{port}"
    return f"{name} {fields[0]} {fields[1]}\n"


def ssh_argv(
    *,
    host: str,
    port: int,
    user: str,
    known_hosts: str,
    host_key_type: str,
    command: str,
    private_key: str = "",
    timeout: int = 10,
) -> list[str]:
    """The ssh command line: key login only, no agent forwarding, no shared connection, the
    host key checked against ``known_hosts`` (and of ``host_key_type``)."""
    argv = [
        "ssh",
        "-o", "BatchMode=yes",
        "-o", f"ConnectTimeout={timeout}",
        "-o", "ControlMaster=no",
        "-o", "ControlPath=none",
        "-o", f"UserKnownHostsFile={known_hosts}",
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes",
        "-o", f"HostKeyAlgorithms={host_key_type}",
        "-o", "PreferredAuthentications=publickey",
        "-p", str(port),
    ]  # fmt: skip
    if private_key:
        argv += ["-i", private_key, "-o", "IdentitiesOnly=yes"]
    # The user with -l, so an IPv6 address stays a plain argument; "--" ends the options.
    return [*argv, "-l", user, "--", host, command]
