"""Helpers for the scenarios' tests that work on their containers directly (pytest puts
molecule/ on the import path when it loads molecule/conftest.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import testinfra.host


def put_file(name: str, path: str, content: bytes, mode: str = "0644") -> None:
    """Write a file into a container (docker exec, no shell quoting of the content)."""
    subprocess.run(
        ["docker", "exec", "-i", name, "sh", "-c", f"cat > {path} && chmod {mode} {path}"],
        input=content,
        check=True,
        timeout=30,
    )


def trust_pebble_and_load(
    host: testinfra.host.Host, name: str, keys: Path, root: str, loadgen: Path
) -> None:
    """Make a scenario's client container ready to load the site over HTTPS: Pebble's issuing root
    (new at every Pebble start) fetched over the ACME server's management port, verified with its
    listener CA (``keys``/listener-ca.pem), saved at ``root``; the load generator at
    /root/loadgen.py. ``host`` is the container's testinfra host."""
    put_file(name, "/root/listener-ca.pem", (keys / "listener-ca.pem").read_bytes())
    result = host.run(
        "curl -sS --max-time 10 --cacert /root/listener-ca.pem "
        f"https://acme.vpsforge.test:15000/roots/0 -o {root}"
    )
    assert result.rc == 0, result.stderr
    put_file(name, "/root/loadgen.py", loadgen.read_bytes(), "0755")
