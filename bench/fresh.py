"""The bench's fresh-converge rows: site.yml on a new target against the floor.

The floor is the work no tool can skip, measured on a second new target: the apt packages the
converge installed, in one `apt-get install` after one `apt-get update`, and the app's hashed
lock installed with pip into a virtualenv. The converge does more than that (configuration,
validation, the app's own wheel, the AIDE database, a certificate), so the ratio is what all
of that costs on top of the downloads and installs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from proc import run

REPO = Path(__file__).resolve().parents[1]
# Two more targets on the demo's network (scripts/demo.sh target), beside the demo's .10.
FRESH = "vpsforge-bench-fresh"
FRESH_ADDRESS = "10.215.90.20"
FRESH_DOMAIN = "fresh.vpsforge.test"
FLOOR = "vpsforge-bench-floor"
FLOOR_ADDRESS = "10.215.90.21"
FRESH_DIR = REPO / "build" / "bench-fresh"


def installed_packages(dpkg_query_output: str) -> set[str]:
    """Package names dpkg lists as installed, from
    `dpkg-query -W -f '${db:Status-Abbrev} ${binary:Package}\\n'` (the first column is `ii`
    for an installed package; `rc` is removed with its configuration left)."""
    names = set()
    for line in dpkg_query_output.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "ii":
            names.add(fields[1].split(":")[0])
    return names


def floor_script(packages: list[str], lock: str, ca_bundle: str) -> str:
    """The floor as one shell script: what a converge cannot do without, in the fewest steps."""
    if not packages:
        raise ValueError("no packages: the converge installed nothing, so there is no floor")
    return "\n".join(
        [
            "set -e",
            "export DEBIAN_FRONTEND=noninteractive",
            "apt-get update -q",
            "apt-get install -y -q --no-install-recommends " + shlex.join(sorted(packages)),
            "python3 -m venv /opt/floor",
            f"PIP_CERT={shlex.quote(ca_bundle)} /opt/floor/bin/pip install -q --require-hashes"
            f" --no-deps --requirement {shlex.quote(lock)}",
        ]
    )


def fresh_inventory() -> str:
    """The demo's settings (its group_vars) for a new host of another name and address."""
    FRESH_DIR.mkdir(parents=True, exist_ok=True)
    group_vars = FRESH_DIR / "group_vars"
    if not group_vars.is_symlink():
        group_vars.symlink_to(REPO / "inventories" / "demo" / "group_vars")
    hosts = FRESH_DIR / "hosts.yml"
    hosts.write_text(
        "# Written by bench/fresh.py: a new target converged from scratch.\n"
        "vps:\n  hosts:\n    fresh:\n"
        f"      ansible_connection: docker\n      ansible_host: {FRESH}\n"
        "      ansible_user: root\n"
        f"      demo_address: {FRESH_ADDRESS}\n"
        f"      nginx_server_names: [{FRESH_DOMAIN}]\n"
    )
    return str(hosts.relative_to(REPO))


def new_target(name: str, address: str, dns_name: str) -> None:
    """A bare target as the demo was before its first converge (an SSH server, nothing else)."""
    remove(name)
    subprocess.run(
        [str(REPO / "scripts" / "demo.sh"), "target", name, address, dns_name],
        check=True,
        env={**os.environ, "DEMO_DISTRO": os.environ.get("DEMO_DISTRO", "bookworm")},
    )


def remove(name: str) -> None:
    run(["docker", "rm", "-f", name], check=False)


def packages_on(name: str) -> set[str]:
    return installed_packages(
        run(
            [
                "docker",
                "exec",
                name,
                "dpkg-query",
                "-W",
                "-f",
                "${db:Status-Abbrev} ${binary:Package}\n",
            ]
        )
    )


@dataclass(frozen=True)
class Floor:
    seconds: float
    packages: int


def measure_floor(packages: set[str], ca_bundle: str) -> Floor:
    """The floor on a second new target: the same packages, the same lock."""
    new_target(FLOOR, FLOOR_ADDRESS, FLOOR)
    try:
        # Not /tmp: a tmpfs there (as on the demo) would hide what docker cp writes below it.
        run(["docker", "cp", str(REPO / "app" / "requirements.lock"), f"{FLOOR}:/root/"])
        run(["docker", "cp", "-L", ca_bundle, f"{FLOOR}:/root/ca-bundle.pem"])
        script = floor_script(sorted(packages), "/root/requirements.lock", "/root/ca-bundle.pem")
        started = time.monotonic()
        run(["docker", "exec", "-i", FLOOR, "sh"], stdin=script)
        return Floor(time.monotonic() - started, len(packages))
    finally:
        remove(FLOOR)
