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


# --- local logins --------------------------------------------------------------------


def test_login_defs_carries_the_umask_ages_and_rounds(host: Host) -> None:
    settings = dict(
        line.split(None, 1)
        for line in host.file("/etc/login.defs").content_string.splitlines()
        if line.strip() and not line.lstrip().startswith("#") and len(line.split()) == 2
    )
    assert settings["UMASK"] == "027"
    assert (settings["PASS_MAX_DAYS"], settings["PASS_MIN_DAYS"]) == ("365", "1")
    assert settings["SHA_CRYPT_MIN_ROUNDS"] == settings["SHA_CRYPT_MAX_ROUNDS"] == "65536"


def test_new_account_gets_the_password_ages_and_a_private_home(
    host: Host, run_ok: Callable[..., str]
) -> None:
    run_ok("useradd --create-home vpsforge-probe")
    try:
        ages = run_ok("chage --list vpsforge-probe")
        assert "Maximum number of days between password change\t\t: 365" in ages
        # umask 027 leaves others out (Debian 13's useradd makes it 0700 by itself).
        assert host.file("/home/vpsforge-probe").mode & 0o027 == 0
    finally:
        run_ok("userdel --remove vpsforge-probe")


def test_weak_password_is_refused_by_pam(host: Host, run_ok: Callable[..., str]) -> None:
    run_ok("useradd vpsforge-pwq && chage --mindays 0 vpsforge-pwq")
    run_ok("echo 'vpsforge-pwq:Start-Passw0rd-9x!' | chpasswd")
    try:
        # passwd as the user itself, through PAM, reading the conversation from stdin.
        weak = host.run(
            "printf 'Start-Passw0rd-9x!\\nabc123\\nabc123\\nabc123\\nabc123\\n'"
            " | runuser -u vpsforge-pwq -- passwd 2>&1"
        )
        assert weak.rc != 0
        assert "BAD PASSWORD" in weak.stdout, weak.stdout
        strong = host.run(
            "printf 'Start-Passw0rd-9x!\\nq7-Vexed-Lantern-Orbit\\nq7-Vexed-Lantern-Orbit\\n'"
            " | runuser -u vpsforge-pwq -- passwd 2>&1"
        )
        assert strong.rc == 0, strong.stdout
    finally:
        run_ok("userdel vpsforge-pwq")


def test_login_session_gets_a_private_tmpdir_umask_and_idle_timeout(
    run_ok: Callable[..., str],
) -> None:
    # su - runs the common-session PAM stack and a login shell, as an SSH login does.
    env = run_ok("su - nobody -s /bin/bash -c 'echo $TMPDIR; umask; echo $TMOUT; ulimit -c'")
    tmpdir, umask, tmout, core = env.split()
    assert tmpdir.startswith("/tmp/user/")
    assert (umask, tmout, core) == ("0027", "900", "0")


def test_failed_passwords_lock_the_account_until_reset(
    host: Host, run_ok: Callable[..., str], apt_install: Callable[..., None]
) -> None:
    apt_install("pamtester")
    run_ok("useradd vpsforge-lock && echo 'vpsforge-lock:Right-Horse-Battery-7' | chpasswd")
    login = "pamtester login vpsforge-lock authenticate"
    try:
        assert host.run(f"echo Right-Horse-Battery-7 | {login}").rc == 0
        for _ in range(5):
            assert host.run(f"echo wrong | {login}").rc != 0
        # Locked now: the right password is refused too, until the lock is reset.
        assert host.run(f"echo Right-Horse-Battery-7 | {login}").rc != 0
        assert "vpsforge-lock" in run_ok("faillock --user vpsforge-lock")
        run_ok("faillock --user vpsforge-lock --reset")
        assert host.run(f"echo Right-Horse-Battery-7 | {login}").rc == 0
    finally:
        run_ok("userdel vpsforge-lock")


def test_process_accounting_records_commands(host: Host, run_ok: Callable[..., str]) -> None:
    assert host.service("acct").is_running
    run_ok("cp /bin/true /tmp/vpsforge-acct && /tmp/vpsforge-acct && rm /tmp/vpsforge-acct")
    assert "vpsforge-acct" in run_ok("lastcomm --command vpsforge-acct")


def test_legal_banner_is_shown_before_login(host: Host) -> None:
    for path in ("/etc/issue", "/etc/issue.net"):
        assert host.file(path).content_string.startswith("Authorized access only.")


# --- kernel modules, audit tools, file integrity ------------------------------------


@pytest.mark.parametrize("module", ["usb-storage", "firewire-core", "dccp", "sctp", "rds", "tipc"])
def test_modprobe_refuses_unused_module(host: Host, module: str) -> None:
    conf = host.file("/etc/modprobe.d/vpsforge-blacklist.conf").content_string
    assert f"install {module} /bin/false" in conf.splitlines()


def test_needrestart_only_lists_services(run_ok: Callable[..., str]) -> None:
    # Batch mode prints what it would do; with restart = 'l' nothing is restarted.
    run_ok("needrestart -b")
    conf = run_ok("cat /etc/needrestart/conf.d/90-vpsforge.conf")
    assert "$nrconf{restart} = 'l';" in conf


def test_debsums_finds_a_modified_package_file(host: Host, run_ok: Callable[..., str]) -> None:
    assert "CRON_CHECK=weekly" in host.file("/etc/default/debsums").content_string
    assert host.run("debsums --silent --changed nano").rc == 0
    run_ok("cp /usr/share/doc/nano/copyright /tmp/nano.copyright")
    try:
        run_ok("echo tampered >> /usr/share/doc/nano/copyright")
        changed = host.run("debsums --changed nano")
        assert "/usr/share/doc/nano/copyright" in changed.stdout
    finally:
        run_ok("cp /tmp/nano.copyright /usr/share/doc/nano/copyright")


def test_assembler_is_root_only_and_stays_so_across_upgrades(
    host: Host, run_ok: Callable[..., str]
) -> None:
    assembler = run_ok("readlink -f /usr/bin/as").strip()
    assert host.file(assembler).mode == 0o750
    assert assembler in run_ok("dpkg-statoverride --list")
    assert host.run("runuser -u nobody -- as --version").rc != 0
    assert run_ok("as --version").startswith("GNU assembler")


def test_chkrootkit_scans_daily(host: Host) -> None:
    assert 'RUN_DAILY="true"' in host.file("/etc/chkrootkit/chkrootkit.conf").content_string
    assert host.service("chkrootkit.timer").is_enabled


def test_aide_reports_a_changed_system_file(host: Host, run_ok: Callable[..., str]) -> None:
    assert host.file("/var/lib/aide/aide.db").exists
    run_ok("cp /etc/issue /tmp/issue.keep")
    try:
        run_ok("echo changed >> /etc/issue")
        check = host.run("aide --config /etc/aide/aide.conf --check --limit /etc/issue")
        assert check.rc != 0, check.stdout
        assert "/etc/issue" in check.stdout
    finally:
        run_ok("cp /tmp/issue.keep /etc/issue")


def test_daily_aide_check_is_scheduled(host: Host) -> None:
    if host.file("/usr/lib/systemd/system/dailyaidecheck.timer").exists:
        assert host.service("dailyaidecheck.timer").is_enabled
    else:
        assert host.file("/etc/cron.daily/aide").exists
        assert host.service("cron").is_enabled


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
        "/etc/profile.d/vpsforge.sh",
        "/etc/modprobe.d/vpsforge-blacklist.conf",
        "/etc/needrestart/conf.d/90-vpsforge.conf",
    ],
)
def test_managed_files_say_so(host: Host, path: str) -> None:
    managed = host.file(path)
    assert managed.user == "root"
    assert managed.mode == 0o644
    assert "Ansible managed" in "\n".join(managed.content_string.splitlines()[:3])
