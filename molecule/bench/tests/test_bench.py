"""The test bench works: a systemd target that behaves like a fresh Debian VPS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import testinfra.host

Host = testinfra.host.Host


def test_systemd_is_pid_1_and_reaches_running(host: Host, wait_for: Callable[..., str]) -> None:
    assert host.file("/proc/1/comm").content_string.strip() == "systemd"
    state = wait_for("systemctl is-system-running --wait", timeout=60).strip()
    assert state == "running"


def test_target_is_the_requested_debian_release(host: Host, distro: str) -> None:
    assert host.system_info.distribution == "debian"
    assert host.system_info.codename == distro


def test_apt_fetches_security_and_updates_suites(host: Host, run_ok: Callable[..., str]) -> None:
    fetched = run_ok("apt-get update")
    codename = host.system_info.codename
    assert f"{codename}-security InRelease" in fetched
    assert f"{codename}-updates InRelease" in fetched


def test_apt_installs_a_package(host: Host, apt_install: Callable[..., None]) -> None:
    apt_install("cron")
    assert host.package("cron").is_installed


def test_enabled_service_survives_restart(
    host: Host, apt_install: Callable[..., None], run_ok: Callable[..., str]
) -> None:
    apt_install("cron")
    run_ok("systemctl enable --now cron.service")
    before = run_ok("systemctl show -p MainPID --value cron.service").strip()
    run_ok("systemctl restart cron.service")
    after = run_ok("systemctl show -p MainPID --value cron.service").strip()

    service = host.service("cron")
    assert service.is_enabled
    assert service.is_running
    assert after not in ("", "0", before)


def test_extra_ca_is_in_the_system_trust_store(host: Host) -> None:
    extra = host.file("/usr/local/share/ca-certificates/vpsforge/controller.crt")
    assert extra.exists
    assert extra.mode == 0o644
    bundle = host.file("/etc/ssl/certs/ca-certificates.crt").content_string
    first_extra_cert = extra.content_string.split("-----END CERTIFICATE-----")[0]
    assert first_extra_cert.strip() in bundle


def test_pip_uses_the_system_trust_store(host: Host) -> None:
    pip_conf = host.file("/etc/pip.conf")
    assert pip_conf.exists
    assert "cert = /etc/ssl/certs/ca-certificates.crt" in pip_conf.content_string


@pytest.mark.parametrize("package", ["six==1.16.0"])
def test_pip_installs_from_pypi_with_the_trusted_ca(
    host: Host, apt_install: Callable[..., None], run_ok: Callable[..., str], package: str
) -> None:
    apt_install("python3-venv")
    run_ok("rm -rf /tmp/pip-probe && python3 -m venv /tmp/pip-probe")
    run_ok(f"/tmp/pip-probe/bin/pip install --no-cache-dir --disable-pip-version-check {package}")
    name, version = package.split("==")
    assert (
        run_ok(f"/tmp/pip-probe/bin/python -c 'import {name}; print({name}.__version__)'").strip()
        == version
    )
