"""What only a real kernel proves: a Debian VM first-booted by cloud-init, then hardened.

The tests run in this file's order: the reboot comes after what it must keep, and the checks
after it prove that it kept it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import testinfra.host
from conftest import SSH_OPTIONS, Ports, http_answer, ssh_banner

Host = testinfra.host.Host

# Never lower these floors; the figure reached is printed. What fresh VMs reached (2026-12-04;
# the containers' floor is 85): bookworm 88, twice; trixie 87, whose report adds BOOT-5180
# and drops NETW-3200. Left for 90+: PKGS-7392 (updates the archive had not yet installed),
# ACCT-9626/9628 (sysstat, auditd), FINT-4350 (AIDE, left to the containers here), KRNL-6000
# (sysctl values Lynis' profile prefers).
LYNIS_FLOORS = {"bookworm": 88, "trixie": 87}
PROBE_NET = "10.254.0"  # a namespace inside the VM, standing in for an outside attacker
SERVICES = [
    "ssh.service",
    "vpsforge-firewall.service",  # loads the ruleset at boot (oneshot, stays active)
    "fail2ban.service",
    "unattended-upgrades.service",
    "systemd-timesyncd.service",
    "systemd-journald.service",
    "cron.service",
]


def sysctl_settings(vm: Host) -> dict[str, str]:
    """The keys and values the base role wrote to /etc/sysctl.d/99-vpsforge.conf."""
    text = vm.file("/etc/sysctl.d/99-vpsforge.conf").content_string
    settings = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = (part.strip() for part in line.split("=", 1))
            settings[key] = value
    return settings


def sysctl_mismatches(vm: Host) -> dict[str, tuple[str, str]]:
    """Every key whose running value differs from the file (wanted, running)."""
    settings = sysctl_settings(vm)
    assert len(settings) >= 10, settings
    running = vm.check_output("sysctl -n " + " ".join(settings)).splitlines()
    return {
        key: (wanted, got)
        for (key, wanted), got in zip(settings.items(), running, strict=True)
        if wanted.split() != got.split()
    }


def ssh_login(user: str, port: int, key: Path) -> subprocess.CompletedProcess[str]:
    """One login from this machine (no prompt, bounded by timeouts)."""
    return subprocess.run(
        f"timeout 30 ssh {SSH_OPTIONS} -o BatchMode=yes -i {key} -p {port} {user}@127.0.0.1 true",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )


def test_first_boot_ran_the_provisioned_user_data_without_error(vm: Host) -> None:
    status = json.loads(vm.check_output("cloud-init status --format json"))
    assert status["status"] == "done", status
    assert status.get("errors", []) == [], status
    schema = vm.run("cloud-init schema --system")
    assert schema.rc == 0, schema.stdout + schema.stderr
    # The user-data's account choices: root took the operator's key; no default `debian` user.
    assert vm.file("/root/.ssh/authorized_keys").contains("ssh-ed25519 ")
    assert not vm.user("debian").exists
    assert vm.check_output("hostname") == "vpsforge-vm-" + vm.check_output(
        ". /etc/os-release && echo $VERSION_CODENAME"
    )


def test_every_sysctl_key_base_sets_has_its_value_on_the_running_kernel(vm: Host) -> None:
    assert sysctl_mismatches(vm) == {}


def test_swap_is_on(vm: Host) -> None:
    swaps = vm.check_output("swapon --show=NAME,TYPE --noheadings")
    assert "/swapfile" in swaps, swaps
    assert vm.check_output("sysctl -n vm.swappiness") == "10"


@pytest.fixture
def listeners(vm: Host) -> Iterator[None]:
    """Tiny HTTP servers in the VM on 80 (allowed) and 8008 (not allowed), as transient units."""
    for port in (80, 8008):
        vm.check_output(
            f"systemd-run --unit vm-probe-{port} python3 -m http.server {port}"
            " --directory /usr/share/common-licenses"
        )
    for port in (80, 8008):
        vm.check_output(
            "timeout 30 sh -c 'until python3 -c \"import urllib.request as u;"
            f' u.urlopen(\\"http://127.0.0.1:{port}/\\", timeout=2)"; do sleep 1; done\''
        )
    yield
    for port in (80, 8008):
        vm.run(f"systemctl stop vm-probe-{port}")


def test_the_firewall_drops_a_port_it_does_not_allow_and_passes_the_allowed_ones(
    vm: Host, ports: Ports, listeners: None
) -> None:
    # Both servers answer inside the VM (the fixture waited for that); from outside only 80 does.
    assert http_answer(ports.http).startswith(b"HTTP/1.0 200"), "port 80 is not let through"
    assert http_answer(ports.closed) == b"", "port 8008 answered through the firewall"
    assert ssh_banner(ports.ssh).startswith(b"SSH-2.0-OpenSSH"), "sshd_port is not let through"
    # The drop is the firewall's: the ruleset's input policy, read from the running kernel.
    ruleset = vm.check_output("nft list ruleset")
    assert re.search(r"hook input priority filter; policy drop;", ruleset), ruleset


@pytest.fixture
def attacker(vm: Host) -> Iterator[str]:
    """A network namespace inside the VM with its own address, wired to the VM by a veth pair."""
    vm.check_output(
        "ip netns add vm-probe"
        " && ip link add vm-probe-h type veth peer name vm-probe-n netns vm-probe"
        f" && ip addr add {PROBE_NET}.1/30 dev vm-probe-h && ip link set vm-probe-h up"
        f" && ip -n vm-probe addr add {PROBE_NET}.2/30 dev vm-probe-n"
        " && ip -n vm-probe link set vm-probe-n up && ip -n vm-probe link set lo up"
    )
    yield f"{PROBE_NET}.2"
    vm.run(f"fail2ban-client set sshd unbanip {PROBE_NET}.2")
    vm.run("ip link del vm-probe-h; ip netns del vm-probe")


def test_fail2ban_bans_after_failed_ssh_logins_and_nftables_enforces_it(
    vm: Host, ports: Ports, attacker: str
) -> None:
    assert "10.0.2.2" in vm.check_output("fail2ban-client get sshd ignoreip")
    reach = f"ip netns exec vm-probe timeout 5 bash -c 'exec 3<>/dev/tcp/{PROBE_NET}.1/{ports.ssh}'"
    assert vm.run(reach).rc == 0, "the namespace cannot reach sshd before any ban"
    for _ in range(8):
        # `|| echo`: testinfra reads 255, ssh's own failure, as its connection failing.
        login = vm.check_output(
            f"ip netns exec vm-probe timeout 15 ssh {SSH_OPTIONS} -o BatchMode=yes"
            f" -p {ports.ssh} mallory@{PROBE_NET}.1 true 2>&1 || echo refused $?"
        )
        assert "refused" in login, login
    deadline = time.monotonic() + 60
    while attacker not in vm.check_output("fail2ban-client get sshd banned"):
        assert time.monotonic() < deadline, vm.check_output("fail2ban-client status sshd")
        time.sleep(2)
    assert attacker in vm.check_output("nft list table inet f2b-table")
    assert vm.run(reach).rc != 0, "a banned address still reaches sshd"


def test_sshd_moved_and_root_login_is_off_yet_the_admin_logs_in(
    vm: Host, ports: Ports, keys: Path
) -> None:
    config = vm.check_output("sshd -T")
    assert f"port {ports.ssh}" in config.splitlines()
    assert "permitrootlogin no" in config.splitlines()
    assert ssh_banner(ports.first_ssh) == b"", "port 22 still answers"
    assert ssh_login("root", ports.ssh, keys / "root").returncode != 0
    assert ssh_login("alice", ports.ssh, keys / "alice").returncode == 0


@pytest.mark.skipif(
    os.environ.get("VPSFORGE_VM_LYNIS", "1") == "0",
    reason="VPSFORGE_VM_LYNIS=0: make test's VM lane leaves Lynis (about 15 min) to make vm",
)
def test_lynis_hardening_index_on_the_vm(vm: Host) -> None:
    vm.check_output("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lynis")
    audit = vm.run("lynis audit system --quick --no-colors > /tmp/lynis.out 2>&1")
    assert audit.rc == 0, vm.file("/tmp/lynis.out").content_string[-2000:]
    report = vm.file("/var/log/lynis-report.dat").content_string
    index = int(re.search(r"^hardening_index=(\d+)$", report, re.MULTILINE).group(1))
    warnings = re.findall(r"^warning\[\]=(.*)$", report, re.MULTILINE)
    suggestions = re.findall(r"^suggestion\[\]=([A-Z0-9-]+)\|", report, re.MULTILINE)
    print(f"Lynis hardening index on the VM: {index}; warnings: {warnings}")
    print(f"Lynis suggestions: {suggestions}")
    floor = LYNIS_FLOORS[vm.check_output(". /etc/os-release && echo $VERSION_CODENAME")]
    assert index >= floor, f"Lynis hardening index {index} < {floor}; {warnings}"


def test_after_a_reboot_every_service_comes_back_with_no_manual_step(
    vm: Host, ports: Ports
) -> None:
    boot_id = vm.file("/proc/sys/kernel/random/boot_id").content_string
    vm.run("systemd-run --on-active=2 systemctl reboot")
    start = time.monotonic()
    while True:
        assert time.monotonic() - start < 600, "the VM did not come back within 10 minutes"
        time.sleep(5)
        try:
            if not ssh_banner(ports.ssh).startswith(b"SSH-2.0"):
                continue
            new = vm.run("cat /proc/sys/kernel/random/boot_id")
        except (OSError, RuntimeError):  # down, or sshd going down (testinfra: ssh's 255)
            continue
        if new.rc == 0 and new.stdout != boot_id:
            break
    vm.check_output("timeout 300 systemctl is-system-running --wait || true")
    print(f"reboot: SSH back after {time.monotonic() - start:.0f} s")
    failed = {unit: vm.service(unit).is_running for unit in SERVICES}
    assert all(failed.values()), failed
    assert vm.check_output("systemctl --failed --no-legend --plain") == ""


def test_after_the_reboot_the_kernel_settings_swap_and_firewall_are_back(
    vm: Host, ports: Ports, listeners: None
) -> None:
    assert sysctl_mismatches(vm) == {}
    assert "/swapfile" in vm.check_output("swapon --show=NAME --noheadings")
    assert http_answer(ports.http).startswith(b"HTTP/1.0 200")
    assert http_answer(ports.closed) == b""


def test_after_the_reboot_the_host_name_is_kept_and_resolves_to_the_host(vm: Host) -> None:
    # base_hostname, the name the user-data gave: cloud-init runs again at every boot and must
    # leave both the name and the base role's /etc/hosts line in place.
    codename = vm.check_output(". /etc/os-release && echo $VERSION_CODENAME")
    assert vm.check_output("hostname") == f"vpsforge-vm-{codename}"
    assert vm.check_output("hostname -f") == f"vpsforge-vm-{codename}.vpsforge.test"
    assert vm.check_output("getent hosts $(hostname)").split()[0] == "127.0.1.1"
    assert "unable to resolve" not in vm.run("sudo -n true").stderr
