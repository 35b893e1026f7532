"""The base role on a fresh target, converged with molecule/base/converge.yml.

Each test checks the behaviour from the outside where a container allows it: apt fetches
the suites, the clock reads in the time zone, unattended-upgrades plans with the
configured origins, services run without core dumps. What only a real kernel can show
(sysctl values in effect, swap in use) is left to the VM tier; here the tests prove the
files are in place for the next boot and that the container was left alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import testinfra.host

Host = testinfra.host.Host

SYSCTL_DROPIN = "/etc/sysctl.d/99-vpsforge.conf"
# Keys whose presence depends on the kernel's build options (Yama, BPF JIT): Debian's
# kernels have them, the kernel under a test container may not.
KERNEL_CONFIG_DEPENDENT = {"kernel.yama.ptrace_scope", "net.core.bpf_jit_harden"}


def sysctl_dropin(host: Host) -> dict[str, str]:
    settings = {}
    for line in host.file(SYSCTL_DROPIN).content_string.splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


# --- apt -----------------------------------------------------------------------------


def test_apt_fetches_the_security_and_updates_suites(
    host: Host, run_ok: Callable[..., str]
) -> None:
    fetched = run_ok("apt-get update")
    codename = host.system_info.codename
    assert f"{codename}-security InRelease" in fetched
    assert f"{codename}-updates InRelease" in fetched


def test_missing_suites_go_into_a_drop_in_and_distro_sources_stay_untouched(host: Host) -> None:
    codename = host.system_info.codename
    dropin = host.file("/etc/apt/sources.list.d/vpsforge-suites.sources").content_string
    assert f"Suites: {codename}-updates" in dropin
    assert f"Suites: {codename}-security" in dropin
    # prepare.yml left the main suite only, in the release's usual format: still so.
    if codename == "bookworm":
        sources = host.file("/etc/apt/sources.list").content_string
        assert sources == f"deb http://deb.debian.org/debian {codename} main\n"
    else:
        sources = host.file("/etc/apt/sources.list.d/debian.sources").content_string
        assert f"Suites: {codename}\n" in sources
        assert "security" not in sources


@pytest.mark.parametrize(
    "package", ["ca-certificates", "curl", "less", "nano", "procps", "iproute2", "jq"]
)
def test_base_and_extra_packages_are_installed(host: Host, package: str) -> None:
    assert host.package(package).is_installed


# --- time ----------------------------------------------------------------------------


def test_clock_reads_in_the_configured_time_zone(host: Host, run_ok: Callable[..., str]) -> None:
    assert run_ok("timedatectl show --property=Timezone --value").strip() == "Europe/Berlin"
    assert host.file("/etc/localtime").linked_to == "/usr/share/zoneinfo/Europe/Berlin"
    assert run_ok("date +%Z").strip() in {"CET", "CEST"}


def test_timesyncd_is_configured_with_the_ntp_servers(run_ok: Callable[..., str]) -> None:
    effective = run_ok("systemd-analyze cat-config systemd/timesyncd.conf")
    assert "NTP=ntp1.hetzner.de ntp2.hetzner.com" in effective
    assert "FallbackNTP=time.cloudflare.com" in effective


def test_timesyncd_is_enabled_and_skips_itself_in_a_container(host: Host) -> None:
    service = host.service("systemd-timesyncd")
    assert service.is_enabled
    # ConditionVirtualization=!container: not running here, and not failed either.
    props = host.run(
        "systemctl show --property=ConditionResult,ActiveState systemd-timesyncd"
    ).stdout
    assert "ConditionResult=no" in props
    assert "ActiveState=inactive" in props


# --- locale and host name -------------------------------------------------------------


def test_locales_are_generated_and_usable(host: Host, run_ok: Callable[..., str]) -> None:
    available = run_ok("locale -a").split()
    assert {"en_US.utf8", "de_DE.utf8"} <= set(available)
    run_ok("python3 -c \"import locale; locale.setlocale(locale.LC_ALL, 'de_DE.UTF-8')\"")


def test_system_locale_is_set(run_ok: Callable[..., str]) -> None:
    assert "LANG=en_US.UTF-8" in run_ok("localectl status")


def test_host_name_is_set_and_resolves_locally(host: Host, run_ok: Callable[..., str]) -> None:
    assert run_ok("hostname").strip() == "api-1"
    assert host.file("/etc/hostname").content_string == "api-1\n"
    assert run_ok("hostname --fqdn").strip() == "api-1.example.test"
    assert run_ok("getent hosts api-1").split()[0] == "127.0.1.1"


def test_cloud_init_is_told_to_keep_the_host_name(host: Host) -> None:
    config = host.file("/etc/cloud/cloud.cfg.d/90-vpsforge-hostname.cfg").content_string
    assert "preserve_hostname: true" in config
    assert "manage_etc_hosts: false" in config


# --- swap ----------------------------------------------------------------------------


def test_swap_is_left_alone_in_a_container(host: Host) -> None:
    assert not host.file("/swapfile").exists
    assert "swap" not in host.file("/etc/fstab").content_string
    assert not host.file("/etc/sysctl.d/99-vpsforge-swap.conf").exists
    assert "/swapfile" not in host.file("/proc/swaps").content_string


# --- journald ------------------------------------------------------------------------


def test_journald_configuration_is_in_effect(run_ok: Callable[..., str]) -> None:
    effective = run_ok("systemd-analyze cat-config systemd/journald.conf")
    for line in (
        "Storage=persistent",
        "SystemMaxUse=200M",
        "SystemKeepFree=2G",
        "MaxRetentionSec=2weeks",
    ):
        assert line in effective


def test_journal_is_written_to_disk(host: Host, run_ok: Callable[..., str]) -> None:
    assert host.file("/var/log/journal").is_directory
    run_ok("logger -t vpsforge-test journal-persistence-probe")
    run_ok("journalctl --flush")
    # Read the files under /var/log/journal only, not the volatile /run journal.
    on_disk = run_ok("journalctl --directory=/var/log/journal -t vpsforge-test --no-pager")
    assert "journal-persistence-probe" in on_disk


# --- unattended upgrades -------------------------------------------------------------


def test_periodic_upgrades_are_turned_on(run_ok: Callable[..., str]) -> None:
    periodic = run_ok("apt-config dump APT::Periodic")
    assert 'APT::Periodic::Update-Package-Lists "1";' in periodic
    assert 'APT::Periodic::Unattended-Upgrade "1";' in periodic


def test_unattended_upgrade_dry_run_allows_security_and_updates(
    host: Host, run_ok: Callable[..., str]
) -> None:
    codename = host.system_info.codename
    run_ok("apt-get update -qq")
    result = host.run("unattended-upgrade --dry-run -d")
    assert result.rc == 0, result.stderr
    allowed = next(
        line for line in result.stdout.splitlines() if line.startswith("Allowed origins are:")
    )
    assert f"origin=Debian,codename={codename}-security,label=Debian-Security" in allowed
    assert f"origin=Debian,codename={codename}-updates" in allowed
    # Debian's own point-release pattern was cleared: only what the role asked for.
    assert f"codename={codename},label=Debian," not in allowed + ","


def test_unattended_upgrades_reboot_window_and_mail(run_ok: Callable[..., str]) -> None:
    config = run_ok("apt-config dump Unattended-Upgrade")
    assert 'Unattended-Upgrade::Automatic-Reboot "true";' in config
    assert 'Unattended-Upgrade::Automatic-Reboot-Time "03:30";' in config
    assert 'Unattended-Upgrade::Mail "root";' in config
    assert 'Unattended-Upgrade::Remove-Unused-Dependencies "true";' in config


# --- kernel hardening ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("net.ipv4.conf.all.rp_filter", "1"),
        ("net.ipv4.conf.all.accept_redirects", "0"),
        ("net.ipv4.conf.all.send_redirects", "0"),
        ("net.ipv4.conf.all.accept_source_route", "0"),
        ("net.ipv4.tcp_syncookies", "1"),
        ("net.ipv4.conf.all.log_martians", "1"),
        ("net.ipv4.icmp_echo_ignore_broadcasts", "1"),
        ("net.ipv6.conf.all.accept_ra", "0"),
        ("kernel.kptr_restrict", "2"),
        ("kernel.dmesg_restrict", "1"),
        ("kernel.yama.ptrace_scope", "1"),
        ("kernel.unprivileged_bpf_disabled", "1"),
        ("net.core.bpf_jit_harden", "2"),
        ("fs.suid_dumpable", "0"),
        ("fs.protected_hardlinks", "1"),
        ("fs.protected_symlinks", "1"),
        ("fs.protected_fifos", "2"),
    ],
)
def test_sysctl_drop_in_holds_the_hardened_key(host: Host, key: str, value: str) -> None:
    assert sysctl_dropin(host).get(key) == value


def test_sysctl_extra_keys_are_merged_overridden_and_dropped(host: Host) -> None:
    settings = sysctl_dropin(host)
    assert settings["net.core.somaxconn"] == "4096"  # added
    assert settings["net.ipv6.conf.default.accept_ra"] == "1"  # overridden
    assert "fs.protected_regular" not in settings  # dropped with null


def test_ip_forwarding_is_left_to_docker_by_default(host: Host) -> None:
    settings = sysctl_dropin(host)
    assert "net.ipv4.ip_forward" not in settings
    assert "net.ipv6.conf.all.forwarding" not in settings


def test_every_sysctl_key_is_known_to_the_kernel(host: Host) -> None:
    # /proc/sys is readable in a container: a misspelt key would show up here, long before
    # systemd-sysctl skips it at boot with only a warning.
    unknown = [
        key
        for key in sysctl_dropin(host)
        if key not in KERNEL_CONFIG_DEPENDENT and host.run(f"sysctl -n {key}").rc != 0
    ]
    assert unknown == []


def test_sysctl_drop_in_wins_at_boot(host: Host, run_ok: Callable[..., str]) -> None:
    # systemd-sysctl applies its files in this order at boot, later values winning: every
    # key of ours must come out with our value (not, say, systemd's 99-protect-links.conf).
    effective: dict[str, str] = {}
    for line in run_ok("/lib/systemd/systemd-sysctl --cat-config").splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith(("#", ";")):
            effective[key.strip().lstrip("-")] = value.strip()
    ours = sysctl_dropin(host)
    assert {k: effective.get(k) for k in ours} == ours


def test_sysctl_is_left_for_the_boot_where_proc_sys_is_read_only(host: Host) -> None:
    # In a container /proc/sys is read-only and systemd-sysctl skips itself; the role must
    # not have written the keys either (the container's kernel is the host's).
    assert host.run("test -w /proc/sys/kernel/dmesg_restrict").rc != 0
    props = host.run("systemctl show --property=ConditionResult systemd-sysctl").stdout
    assert "ConditionResult=no" in props


def test_services_get_no_core_dumps(run_ok: Callable[..., str]) -> None:
    assert run_ok("systemctl show --property=DefaultLimitCORE").strip() == "DefaultLimitCORE=0"
    limits = run_ok("systemd-run --quiet --wait --pipe sh -c 'ulimit -H -c; ulimit -S -c'")
    assert limits.split() == ["0", "0"]


def test_login_sessions_get_no_core_dumps(run_ok: Callable[..., str]) -> None:
    # runuser -l opens a PAM session, so pam_limits applies limits.d.
    hard = run_ok("runuser -l root -c 'ulimit -H -c'").strip()
    assert hard == "0"


def test_systemd_coredump_would_store_nothing(run_ok: Callable[..., str]) -> None:
    effective = run_ok("systemd-analyze cat-config systemd/coredump.conf")
    assert "Storage=none" in effective
    assert "ProcessSizeMax=0" in effective


# --- files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/etc/apt/sources.list.d/vpsforge-suites.sources",
        "/etc/apt/apt.conf.d/20auto-upgrades",
        "/etc/apt/apt.conf.d/52vpsforge-unattended-upgrades",
        "/etc/systemd/journald.conf.d/90-vpsforge.conf",
        "/etc/systemd/timesyncd.conf.d/90-vpsforge.conf",
        "/etc/systemd/system.conf.d/90-vpsforge-coredumps.conf",
        "/etc/systemd/coredump.conf.d/90-vpsforge.conf",
        "/etc/security/limits.d/90-vpsforge-coredumps.conf",
        SYSCTL_DROPIN,
        "/etc/default/locale",
    ],
)
def test_managed_files_say_so(host: Host, path: str) -> None:
    managed = host.file(path)
    assert managed.user == "root"
    assert managed.mode == 0o644
    assert "Ansible managed" in "\n".join(managed.content_string.splitlines()[:3])
