"""bench/fresh.py: which packages a converge installed, read from dpkg, and the floor script
that installs them and the app's lock in the fewest steps."""

from __future__ import annotations

import subprocess

import pytest

from tests.unit.bench_modules import load

fresh = load("fresh")

# dpkg-query -W -f '${db:Status-Abbrev} ${binary:Package}\n' on a Debian 12 target, trimmed.
DPKG_QUERY = """\
ii  adduser
ii  libc6:amd64
rc  ecdsa-leftover
ii  nginx
un  nginx-doc
iU  half-configured
"""


def test_installed_packages_keeps_only_installed_and_drops_the_architecture() -> None:
    assert fresh.installed_packages(DPKG_QUERY) == {"adduser", "libc6", "nginx"}


def test_installed_packages_of_real_dpkg_output_names_dpkg_itself() -> None:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${binary:Package}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("no dpkg on this machine")
    assert "dpkg" in fresh.installed_packages(done.stdout)


def test_floor_script_installs_every_package_in_one_apt_transaction_then_the_lock() -> None:
    script = fresh.floor_script(["nginx", "aide", "python3-venv"], "/tmp/lock", "/tmp/ca.pem")
    lines = script.splitlines()
    installs = [line for line in lines if line.startswith("apt-get install")]
    assert installs == ["apt-get install -y -q --no-install-recommends aide nginx python3-venv"]
    assert lines.index("apt-get update -q") < lines.index(installs[0])
    pip = lines[-1]
    assert "--require-hashes" in pip and "--requirement /tmp/lock" in pip
    assert pip.startswith("PIP_CERT=/tmp/ca.pem ")


def test_floor_script_quotes_what_the_shell_would_split() -> None:
    script = fresh.floor_script(["nginx"], "/tmp/a lock", "/tmp/ca.pem")
    assert "--requirement '/tmp/a lock'" in script


def test_floor_script_refuses_an_empty_package_set() -> None:
    with pytest.raises(ValueError, match="installed nothing"):
        fresh.floor_script([], "/tmp/lock", "/tmp/ca.pem")
