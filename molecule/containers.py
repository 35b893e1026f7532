"""Helpers for the scenarios' tests that work on their containers directly (pytest puts
molecule/ on the import path when it loads molecule/conftest.py)."""

from __future__ import annotations

import subprocess


def put_file(name: str, path: str, content: bytes, mode: str = "0644") -> None:
    """Write a file into a container (docker exec, no shell quoting of the content)."""
    subprocess.run(
        ["docker", "exec", "-i", name, "sh", "-c", f"cat > {path} && chmod {mode} {path}"],
        input=content,
        check=True,
        timeout=30,
    )
