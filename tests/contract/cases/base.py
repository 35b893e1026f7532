"""Bad and good input for the base and python roles (harden.yml and deploy.yml).

The swap-file cases point at paths this checkout has (a file, a directory, a link), so they
hold on any machine the suite runs on.
"""

from __future__ import annotations

from tests.contract import contract
from tests.contract.cases import Bad, Good

# A throwaway self-signed CA certificate (its private key was never kept).
GOOD_PEM = """\
# vpsforge contract test CA
-----BEGIN CERTIFICATE-----
MIIBSDCB8KADAgECAgEBMAoGCCqGSM49BAMCMCQxIjAgBgNVBAMMGXZwc2Zvcmdl
IGNvbnRyYWN0IHRlc3QgQ0EwHhcNMjUwMTAxMDAwMDAwWhcNMzQxMjMwMDAwMDAw
WjAkMSIwIAYDVQQDDBl2cHNmb3JnZSBjb250cmFjdCB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEmfUTSut0Ilb78cgvpISihgGRavEHl40Uqvnb63mx
agkK0kaigy00wsynea5aca09AV1bSS19088VX60WAiLxGaMTMBEwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBRjpclVZJl+MN82QzT/kVLEnbebvQc
TyHmQtxk3RHd9AIgYdBK4tCwjW1Ec5DjAorSrIezPuz5VwSv24/2uZTW/sc=
-----END CERTIFICATE-----
"""
# Well-formed PEM armour around base64 that is no certificate.
FAKE_PEM = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n"
MIRROR_PASSWORD = "mirror-pass-Hq4Jx8Wd2Lp6"

# An existing regular file, directory and symbolic link in this checkout.
EXISTING_FILE = str(contract.ROOT / "README.md")
EXISTING_DIR = str(contract.ROOT / "roles")
EXISTING_LINK = str(contract.ROOT / ".collections" / "ansible_collections" / "vpsforge" / "fastapi")


def _ca(name: object = "corp-ca", pem: object = GOOD_PEM, **extra: object) -> dict[str, object]:
    return {"name": name, "pem": pem, **extra}


BAD: dict[str, Bad] = {
    # --- types: what an INI inventory, -e key=value or unquoted YAML give --------------
    "base_swap_manage as the string false": Bad({"base_swap_manage": "false"}, "base_swap_manage"),
    "base_sysctl_manage as the string no": Bad({"base_sysctl_manage": "no"}, "base_sysctl_manage"),
    "base_journald_manage as the string yes": Bad(
        {"base_journald_manage": "yes"}, "base_journald_manage"
    ),
    "base_unattended_upgrades_reboot as the string true": Bad(
        {"base_unattended_upgrades_reboot": "true"}, "base_unattended_upgrades_reboot"
    ),
    "base_file_integrity as the number 0": Bad({"base_file_integrity": 0}, "base_file_integrity"),
    "base_swap_swappiness as a quoted number": Bad(
        {"base_swap_swappiness": "10"}, "base_swap_swappiness"
    ),
    "base_login_pass_max_days as a quoted number": Bad(
        {"base_login_pass_max_days": "365"}, "base_login_pass_max_days"
    ),
    "base_login_faillock_deny as a number with a fraction": Bad(
        {"base_login_faillock_deny": 2.5}, "base_login_faillock_deny"
    ),
    "base_apt_suites as a string": Bad({"base_apt_suites": "security"}, "base_apt_suites"),
    "base_packages_extra as a string": Bad({"base_packages_extra": "vim"}, "base_packages_extra"),
    "base_locales_extra as a string": Bad(
        {"base_locales_extra": "de_DE.UTF-8"}, "base_locales_extra"
    ),
    "base_ntp_servers as a string": Bad({"base_ntp_servers": "pool.ntp.org"}, "base_ntp_servers"),
    "base_sysctl_extra as a list": Bad(
        {"base_sysctl_extra": ["net.ipv4.tcp_syncookies=1"]}, "base_sysctl_extra"
    ),
    "base_swap_size as unquoted YAML off": Bad({"base_swap_size": False}, "base_swap_size"),
    "base_journald_storage as unquoted YAML no": Bad(
        {"base_journald_storage": False}, "base_journald_storage"
    ),
    "base_login_umask as unquoted YAML 027 (the number 23)": Bad(
        {"base_login_umask": 23}, "base_login_umask"
    ),
    "base_unattended_upgrades_reboot_time as unquoted YAML 4:00 (the number 240)": Bad(
        {"base_unattended_upgrades_reboot_time": 240}, "base_unattended_upgrades_reboot_time"
    ),
    "base_hostname as a number": Bad({"base_hostname": 42}, "base_hostname"),
    # --- choices -------------------------------------------------------------------------
    "base_apt_suites with an unknown suite": Bad(
        {"base_apt_suites": ["security", "experimental"]}, "base_apt_suites"
    ),
    "base_unattended_upgrades_origins with an unknown name": Bad(
        {"base_unattended_upgrades_origins": ["everything"]}, "base_unattended_upgrades_origins"
    ),
    "base_unattended_upgrades_mail_report weekly": Bad(
        {"base_unattended_upgrades_mail_report": "weekly"}, "base_unattended_upgrades_mail_report"
    ),
    "base_sysctl_ip_forward yes": Bad({"base_sysctl_ip_forward": "yes"}, "base_sysctl_ip_forward"),
    "base_debsums_check hourly": Bad({"base_debsums_check": "hourly"}, "base_debsums_check"),
    # --- apt sources and packages --------------------------------------------------------
    "base_apt_mirror over ftp": Bad(
        {"base_apt_mirror": "ftp://ftp.example.com/debian"}, "base_apt_mirror"
    ),
    "base_apt_mirror with a line break": Bad(
        {"base_apt_mirror": "http://mirror.example.com/debian\nTypes: deb-src"}, "base_apt_mirror"
    ),
    "base_apt_mirror with a password": Bad(
        {"base_apt_mirror": f"https://apt:{MIRROR_PASSWORD}@mirror.example.com/debian"},
        "base_apt_mirror",
        secrets=(MIRROR_PASSWORD,),
    ),
    "base_apt_security_mirror without a scheme": Bad(
        {"base_apt_security_mirror": "deb.debian.org/debian-security"}, "base_apt_security_mirror"
    ),
    "base_packages_extra with a shell command": Bad(
        {"base_packages_extra": ["vim; reboot"]}, "base_packages_extra"
    ),
    "base_packages_extra with an apt option": Bad(
        {"base_packages_extra": ["-o=APT::Get::AllowUnauthenticated=true"]},
        "base_packages_extra",
    ),
    "base_packages with a blank in a name": Bad(
        {"base_packages": ["ca-certificates", "curl less"]}, "base_packages"
    ),
    "base_audit_tools with an upper-case name": Bad(
        {"base_audit_tools": ["needrestart", "AIDE"]}, "base_audit_tools"
    ),
    # --- trusted CAs ---------------------------------------------------------------------
    "base_ca_certificates entry without pem": Bad(
        {"base_ca_certificates": [{"name": "corp-ca"}]}, "base_ca_certificates"
    ),
    "base_ca_certificates entry with an unknown key": Bad(
        {"base_ca_certificates": [_ca(path="/etc/ssl/corp.crt")]}, "base_ca_certificates"
    ),
    "base_ca_certificates name that climbs out of the directory": Bad(
        {"base_ca_certificates": [_ca(name="../../../etc/ssl/certs/evil")]},
        "base_ca_certificates",
    ),
    "base_ca_certificates name twice": Bad(
        {"base_ca_certificates": [_ca(), _ca()]}, "base_ca_certificates"
    ),
    "base_ca_certificates pem that is no PEM": Bad(
        {"base_ca_certificates": [_ca(pem="MIIBSDCB8KADAgECAgEB")]}, "base_ca_certificates"
    ),
    "base_ca_certificates pem that is no certificate": Bad(
        {"base_ca_certificates": [_ca(pem=FAKE_PEM)]}, "base_ca_certificates"
    ),
    "base_ca_certificates pem with a private key": Bad(
        {
            "base_ca_certificates": [
                _ca(pem=GOOD_PEM + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            ]
        },
        "base_ca_certificates",
    ),
    # --- time, locale, host name ---------------------------------------------------------
    "base_timezone that does not exist": Bad(
        {"base_timezone": "Mars/Olympus_Mons"}, "base_timezone"
    ),
    "base_timezone that climbs out of zoneinfo": Bad(
        {"base_timezone": "Europe/../../../etc/passwd"}, "base_timezone"
    ),
    "base_timezone in lower case": Bad({"base_timezone": "utc"}, "base_timezone"),
    "base_ntp_servers with a blank": Bad(
        {"base_ntp_servers": ["ntp1.example.com ntp2.example.com"]}, "base_ntp_servers"
    ),
    "base_ntp_servers with an address out of range": Bad(
        {"base_ntp_servers": ["192.0.2.300"]}, "base_ntp_servers"
    ),
    "base_ntp_fallback_servers with a URL": Bad(
        {"base_ntp_fallback_servers": ["ntp://time.example.com"]}, "base_ntp_fallback_servers"
    ),
    "base_locale that is no locale name": Bad({"base_locale": "english"}, "base_locale"),
    "base_locale with a second line": Bad({"base_locale": "en_US.UTF-8\nLC_ALL=C"}, "base_locale"),
    "base_locales_extra that glibc cannot build": Bad(
        {"base_locales_extra": ["xx_YY.UTF-8"]}, "base_locales_extra"
    ),
    "base_hostname starting with a hyphen": Bad(
        {"base_hostname": "-api.example.com"}, "base_hostname"
    ),
    "base_hostname with an underscore": Bad(
        {"base_hostname": "api_1.example.com"}, "base_hostname"
    ),
    "base_hostname that is an address": Bad({"base_hostname": "192.0.2.10"}, "base_hostname"),
    "base_hostname with a trailing newline": Bad({"base_hostname": "api-1\n"}, "base_hostname"),
    # --- swap ----------------------------------------------------------------------------
    "base_swap_size with a fraction": Bad({"base_swap_size": "1.5G"}, "base_swap_size"),
    "base_swap_size lots": Bad({"base_swap_size": "lots"}, "base_swap_size"),
    "base_swap_size in bytes": Bad({"base_swap_size": "1GB"}, "base_swap_size"),
    "base_swap_swappiness above 200": Bad({"base_swap_swappiness": 500}, "base_swap_swappiness"),
    "base_swap_file /etc/passwd": Bad({"base_swap_file": "/etc/passwd"}, "base_swap_file"),
    "base_swap_file below /boot": Bad({"base_swap_file": "/boot/swapfile"}, "base_swap_file"),
    "base_swap_file /": Bad({"base_swap_file": "/"}, "base_swap_file"),
    "base_swap_file relative": Bad({"base_swap_file": "swapfile"}, "base_swap_file"),
    "base_swap_file through ..": Bad({"base_swap_file": "/srv/../etc/shadow"}, "base_swap_file"),
    "base_swap_file with a blank": Bad({"base_swap_file": "/swap file"}, "base_swap_file"),
    "base_swap_file as a list": Bad({"base_swap_file": ["/swapfile"]}, "base_swap_file"),
    "base_swap_file that is an existing file, no swap area": Bad(
        {"base_swap_file": EXISTING_FILE}, "base_swap_file", message="no swap area"
    ),
    "base_swap_file that is an existing file, size off (would be deleted)": Bad(
        {"base_swap_file": EXISTING_FILE, "base_swap_size": "off"},
        "base_swap_file",
        message="no swap area",
    ),
    "base_swap_file that is a directory": Bad(
        {"base_swap_file": EXISTING_DIR}, "base_swap_file", message="directory"
    ),
    "base_swap_file that is a symbolic link": Bad(
        {"base_swap_file": EXISTING_LINK}, "base_swap_file", message="symbolic link"
    ),
    "base_swap_file in a directory that does not exist": Bad(
        {"base_swap_file": "/nonexistent-vpsforge-dir/swapfile"},
        "base_swap_file",
        message="does not exist",
    ),
    # --- journald ------------------------------------------------------------------------
    "base_journald_system_max_use 1GB": Bad(
        {"base_journald_system_max_use": "1GB"}, "base_journald_system_max_use"
    ),
    "base_journald_system_keep_free negative": Bad(
        {"base_journald_system_keep_free": "-1G"}, "base_journald_system_keep_free"
    ),
    "base_journald_system_max_use 0": Bad(
        {"base_journald_system_max_use": 0}, "base_journald_system_max_use"
    ),
    "base_journald_max_retention forever": Bad(
        {"base_journald_max_retention": "forever"}, "base_journald_max_retention"
    ),
    "base_journald_max_retention with a second line": Bad(
        {"base_journald_max_retention": "1month\nStorage=none"}, "base_journald_max_retention"
    ),
    # --- unattended upgrades -------------------------------------------------------------
    "base_unattended_upgrades_reboot_time 25:00": Bad(
        {"base_unattended_upgrades_reboot_time": "25:00"}, "base_unattended_upgrades_reboot_time"
    ),
    "base_unattended_upgrades_reboot_time 4am": Bad(
        {"base_unattended_upgrades_reboot_time": "4am"}, "base_unattended_upgrades_reboot_time"
    ),
    "base_unattended_upgrades_mail with two @": Bad(
        {"base_unattended_upgrades_mail": "ops@@example.com"}, "base_unattended_upgrades_mail"
    ),
    "base_unattended_upgrades_mail with a quote": Bad(
        {"base_unattended_upgrades_mail": 'root";'}, "base_unattended_upgrades_mail"
    ),
    "base_unattended_upgrades_origins_extra that breaks out of the string": Bad(
        {"base_unattended_upgrades_origins_extra": ['origin=Docker";\nUnattended-Upgrade::X "1']},
        "base_unattended_upgrades_origins_extra",
    ),
    "base_unattended_upgrades_origins_extra without a key": Bad(
        {"base_unattended_upgrades_origins_extra": ["Docker"]},
        "base_unattended_upgrades_origins_extra",
    ),
    "base_unattended_upgrades_origins_extra with an unknown key": Bad(
        {"base_unattended_upgrades_origins_extra": ["vendor=Docker"]},
        "base_unattended_upgrades_origins_extra",
    ),
    # --- kernel --------------------------------------------------------------------------
    "base_sysctl_extra key with a blank": Bad(
        {"base_sysctl_extra": {"net.ipv4 tcp_syncookies": 1}}, "base_sysctl_extra"
    ),
    "base_sysctl_extra value with a second line": Bad(
        {"base_sysctl_extra": {"kernel.core_pattern": "core\nkernel.modules_disabled = 1"}},
        "base_sysctl_extra",
    ),
    "base_sysctl_extra value true": Bad(
        {"base_sysctl_extra": {"net.ipv6.conf.all.accept_ra": True}}, "base_sysctl_extra"
    ),
    "base_sysctl_extra value in quotes": Bad(
        {"base_sysctl_extra": {"vm.swappiness": '"10"'}}, "base_sysctl_extra"
    ),
    "base_sysctl_hardening key without a dot": Bad(
        {"base_sysctl_hardening": {"swappiness": 10}}, "base_sysctl_hardening"
    ),
    "base_kernel_modules_disabled with a blank": Bad(
        {"base_kernel_modules_disabled": ["usb storage"]}, "base_kernel_modules_disabled"
    ),
    # --- local logins --------------------------------------------------------------------
    "base_login_umask 0999": Bad({"base_login_umask": "0999"}, "base_login_umask"),
    "base_login_pass_min_days above max": Bad(
        {"base_login_pass_min_days": 400}, "base_login_pass_min_days"
    ),
    "base_login_pass_max_days negative": Bad(
        {"base_login_pass_max_days": -1}, "base_login_pass_max_days"
    ),
    "base_login_sha_crypt_rounds 10": Bad(
        {"base_login_sha_crypt_rounds": 10}, "base_login_sha_crypt_rounds"
    ),
    "base_login_faillock_interval 0": Bad(
        {"base_login_faillock_interval": 0}, "base_login_faillock_interval"
    ),
    "base_login_shell_timeout negative": Bad(
        {"base_login_shell_timeout": -1}, "base_login_shell_timeout"
    ),
    "base_login_banner with a terminal escape sequence": Bad(
        {"base_login_banner": "Authorized access only.\x1b[2J\x1b[1;1H"}, "base_login_banner"
    ),
    "base_login_banner with a getty escape": Bad(
        {"base_login_banner": "Welcome to \\n"}, "base_login_banner"
    ),
    "base_aide_checksums with a blank": Bad(
        {"base_aide_checksums": "sha256 sha512"}, "base_aide_checksums"
    ),
    # --- python (deploy.yml) -------------------------------------------------------------
    "python_version as unquoted YAML 3.10 (the number 3.1)": Bad(
        {"python_version": 3.1}, "python_version", message="quote it"
    ),
    "python_version the distribution does not ship": Bad(
        {"python_version": "3.99"}, "python_version", message="ships Python"
    ),
    "python_version with a prefix": Bad({"python_version": "python3.11"}, "python_version"),
    "python_version as a full version": Bad({"python_version": "3.11.2"}, "python_version"),
    "python_dev_headers as the string false": Bad(
        {"python_dev_headers": "false"}, "python_dev_headers"
    ),
    "python_packages_extra as a string": Bad(
        {"python_packages_extra": "libpq5"}, "python_packages_extra"
    ),
    "python_packages_extra with a shell command": Bad(
        {"python_packages_extra": ["libpq5 && reboot"]}, "python_packages_extra"
    ),
}

GOOD: dict[str, Good] = {
    "base with every optional input set": Good(
        {
            "base_apt_mirror": "https://mirror.example.com/debian/",
            "base_apt_security_mirror": "http://[2001:db8::1]:8080/debian-security",
            "base_apt_suites": ["security", "updates", "backports"],
            "base_packages_extra": ["vim", "libc6:amd64", "curl=7.88.1-10+deb12u5", "g++"],
            "base_ca_certificates": [_ca(), _ca(name="proxy.ca_2", pem=GOOD_PEM + GOOD_PEM)],
            "base_timezone": "America/Argentina/Buenos_Aires",
            "base_ntp_servers": ["ntp1.example.com", "192.0.2.123", "2001:db8::123"],
            "base_ntp_fallback_servers": ["time"],
            "base_locale": "de_DE.UTF-8",
            "base_locales_extra": ["en_GB.UTF-8", "C.UTF-8"],
            "base_hostname": "api-1.example.com",
            "base_swap_size": "512M",
            "base_swap_file": "/var/swapfile-vpsforge-contract",
            "base_journald_system_max_use": 1073741824,
            "base_journald_system_keep_free": "1.5G",
            "base_journald_max_retention": "2weeks 3d",
            "base_unattended_upgrades_origins_extra": [
                "origin=Docker",
                "origin=Debian,codename=${distro_codename}-backports,label=Debian Backports",
            ],
            "base_unattended_upgrades_reboot_time": "23:59",
            "base_unattended_upgrades_mail": "ops+upgrades@example.com",
            "base_sysctl_extra": {
                "net.ipv4.tcp_rmem": "4096 131072 6291456",
                "kernel.core_pattern": "|/bin/false %p",
                "net.ipv6.conf.all.accept_ra": 1,
                "kernel.yama.ptrace_scope": None,
            },
            "base_login_umask": "0077",
            "base_login_faillock_deny": 0,
            "base_login_shell_timeout": 0,
            "base_login_banner": "Authorized access only.\n\tAll activity is logged.",
            "base_aide_checksums": "H",
            "python_packages_extra": ["libpq5"],
        }
    ),
    "base with local mail, swap off and zero as a size": Good(
        {
            "base_unattended_upgrades_mail": "root",
            "base_swap_size": 0,
            "base_journald_max_retention": 0,
            "base_locale": "",
            "base_timezone": "",
            "base_login_banner": "",
        }
    ),
}
