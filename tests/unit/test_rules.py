"""The shared input rules (plugins/plugin_utils/rules.py) accept the right values only."""

from __future__ import annotations

import base64
import struct
import subprocess

import pytest
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules


def _key_line(kind: str, payload: bytes = b"\x00" * 32) -> str:
    def field(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    return f"{kind} {base64.b64encode(field(kind.encode()) + field(payload)).decode()} a@b"


@pytest.mark.parametrize(
    "name", ["api.example.com", "a.b", "x-1.example.co.uk", "xn--bcher-kva.example", "a1.io"]
)
def test_dns_name_accepts_lower_case_host_names(name: str) -> None:
    assert rules.is_dns_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "localhost",
        "API.example.com",
        "-a.example.com",
        "a-.example.com",
        "a..b",
        "a.example.com.",
        "*.example.com",
        "a_b.example.com",
        "1.2.3.4",
        "a.123",
        "a b.example.com",
        "example.com\n",
        "x" * 64 + ".com",
        ("a." * 127) + "com",
        None,
        1,
        True,
        ["a.com"],
    ],
)
def test_dns_name_refuses_what_is_not_a_host_name(name: object) -> None:
    assert not rules.is_dns_name(name)


def test_dns_name_takes_single_labels_and_wildcards_only_when_asked() -> None:
    assert rules.is_dns_name("localhost", fqdn=False)
    assert rules.is_dns_name("*.example.com", wildcard=True)
    assert not rules.is_dns_name("*.example.com")
    assert not rules.is_dns_name("a.*.example.com", wildcard=True)


@pytest.mark.parametrize("name", ["alice", "_svc", "deploy-1", "a" * 32, "sshusers"])
def test_unix_name_accepts_portable_names(name: str) -> None:
    assert rules.is_unix_name(name)


@pytest.mark.parametrize(
    "name", ["", "Alice", "1abc", "a" * 33, "al ice", "al:ice", "-a", "a\n", None, 7, False]
)
def test_unix_name_refuses_non_portable_names(name: object) -> None:
    assert not rules.is_unix_name(name)


@pytest.mark.parametrize(
    "name", ["root", "www-data", "sshd", "nobody", "systemd-network", "_apt", "nginx", "sudo"]
)
def test_system_account_knows_the_system_s_names(name: str) -> None:
    assert rules.is_system_account(name)


@pytest.mark.parametrize("name", ["alice", "deploy", "vpsforge-app", None, 0])
def test_system_account_leaves_ordinary_names_alone(name: object) -> None:
    assert not rules.is_system_account(name)


@pytest.mark.parametrize(
    "kind", ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "sk-ssh-ed25519@openssh.com"]
)
def test_ssh_public_key_accepts_well_formed_keys(kind: str) -> None:
    assert rules.is_ssh_public_key(_key_line(kind))
    assert rules.is_ssh_public_key(_key_line(kind).rsplit(" ", 1)[0])  # no comment


def test_ssh_public_key_accepts_a_key_made_by_ssh_keygen(tmp_path: object) -> None:
    path = f"{tmp_path}/k"
    made = subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("ssh-keygen is not installed")
    with open(path + ".pub", encoding="ascii") as handle:
        assert rules.is_ssh_public_key(handle.read())


@pytest.mark.parametrize(
    "line",
    [
        "",
        "ssh-ed25519",
        "ssh-ed25519 not-base64!",
        "ssh-dss " + _key_line("ssh-dss").split()[1],  # DSA is gone from OpenSSH
        "ssh-rsa " + _key_line("ssh-ed25519").split()[1],  # type and blob disagree
        "ssh-ed25519 " + _key_line("ssh-ed25519").split()[1][:20],  # truncated
        _key_line("ssh-ed25519") + "\n" + _key_line("ssh-ed25519"),  # two lines
        'command="/bin/sh" ' + _key_line("ssh-ed25519"),  # options
        None,
        42,
    ],
)
def test_ssh_public_key_refuses_broken_keys(line: object) -> None:
    assert not rules.is_ssh_public_key(line)


def _certificate() -> str:
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", "/dev/null", "-subj", "/CN=test", "-days", "1"],
        capture_output=True, text=True,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip("openssl is not installed")
    return made.stdout


def test_pem_certificates_accepts_a_bundle_with_comments() -> None:
    cert = _certificate()
    assert rules.is_pem_certificates(cert)
    assert rules.is_pem_certificates("# corp root\n" + cert + "\n" + cert)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: "",
        lambda c: c.replace("-----END CERTIFICATE-----", ""),
        lambda c: c + "junk\n",
        lambda c: c.replace("CERTIFICATE", "PRIVATE KEY"),
        lambda c: c.replace(c.splitlines()[2], "A" * 64),  # base64, but not a certificate
        lambda c: c.replace(c.splitlines()[1], "!!!!"),
    ],
)
def test_pem_certificates_refuses_anything_else(mangle: object) -> None:
    assert callable(mangle)
    assert not rules.is_pem_certificates(mangle(_certificate()))


@pytest.mark.parametrize("path", ["/swapfile", "/var/swap/file", "/srv/www", "/opt/app"])
def test_safe_path_accepts_paths_outside_the_system(path: str) -> None:
    assert rules.is_safe_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/etc/passwd",
        "/etc",
        "/usr/bin/x",
        "/boot/vmlinuz",
        "/dev/sda",
        "/proc/1",
        "/var/lib/dpkg/status",
        "/root/.ssh/authorized_keys",
        "relative",
        "/srv/../etc/shadow",
        "/srv//x",
        "/srv/x/",
        "/srv/a b",
        "/srv/x\n",
        "/srv/'x'",
        "",
        None,
        5,
    ],
)
def test_safe_path_refuses_system_and_malformed_paths(path: object) -> None:
    assert not rules.is_safe_path(path)


def test_safe_path_allows_a_role_s_own_place_under_a_system_tree() -> None:
    assert rules.is_safe_path("/etc/letsencrypt/live/x", allow=["/etc/letsencrypt"])
    assert not rules.is_safe_path("/etc/letsencryptx", allow=["/etc/letsencrypt"])


@pytest.mark.parametrize("span", ["30", "1h 30min", "2weeks", "1month", "0", "infinity", 600, "5s"])
def test_systemd_timespan_accepts_time_spans(span: object) -> None:
    assert rules.is_systemd_timespan(span)


@pytest.mark.parametrize("span", ["", "soon", "1 fortnight", "-5s", "1h;", True, None, -1])
def test_systemd_timespan_refuses_what_systemd_cannot_read(span: object) -> None:
    assert not rules.is_systemd_timespan(span)


@pytest.mark.parametrize("size", ["500M", "2G", "1024", "1.5G", 4096])
def test_systemd_size_accepts_sizes(size: object) -> None:
    assert rules.is_systemd_size(size)


@pytest.mark.parametrize("size", ["", "0", "500MB", "1g", "-1M", "M", True, 0, None])
def test_systemd_size_refuses_what_systemd_cannot_read(size: object) -> None:
    assert not rules.is_systemd_size(size)


@pytest.mark.parametrize(
    "address", ["ops@example.com", "a.b+tag@mail.example.co.uk", "X@EXAMPLE.COM"]
)
def test_email_accepts_addresses(address: str) -> None:
    assert rules.is_email(address)


@pytest.mark.parametrize(
    "address",
    ["", "ops", "ops@", "@example.com", "a@b@example.com", "ops@localhost", "o ps@example.com",
     "ops@example.com\n", "ops@example..com", ".ops@example.com", None],
)  # fmt: skip
def test_email_refuses_non_addresses(address: object) -> None:
    assert not rules.is_email(address)


@pytest.mark.parametrize(
    "url",
    ["https://acme.example.com/dir", "http://deb.debian.org/debian", "https://[2001:db8::1]:8443/x",
     "https://127.0.0.1:14000/dir", "http://localhost/", "https://mirror.example.com:8080"],
)  # fmt: skip
def test_url_accepts_http_urls(url: str) -> None:
    assert rules.is_url(url)


@pytest.mark.parametrize(
    "url",
    ["", "example.com", "ftp://example.com/", "https://", "https://exa mple.com/",
     "https://example.com/\n", "https://example.com:99999/", "https://2001:db8::1/",
     'https://example.com/"x', "https://u:p@example.com/", "javascript:alert(1)", None],
)  # fmt: skip
def test_url_refuses_malformed_urls_and_credentials(url: object) -> None:
    assert not rules.is_url(url)


def test_url_takes_other_schemes_and_credentials_only_when_asked() -> None:
    assert rules.is_url("file:///srv/mirror", schemes=["file"])
    assert not rules.is_url("file:///srv/mirror")
    assert rules.is_url("https://u:p@example.com/simple", credentials=True)
    assert not rules.is_url("https://example.com/", schemes=["ssh"])


def test_redact_url_hides_user_and_password_and_keeps_the_rest() -> None:
    assert rules.redact_url("https://bob:t0k3n@git.example.com:8443/r.git?x=1") == (
        "https://***@git.example.com:8443/r.git?x=1"
    )
    assert rules.redact_url("https://t0k3n@pypi.example.com/simple") == (
        "https://***@pypi.example.com/simple"
    )
    assert rules.redact_url("https://git.example.com/r.git") == "https://git.example.com/r.git"
    assert rules.redact_url("git@github.com:o/r.git") == "git@github.com:o/r.git"
    assert rules.redact_url(None) is None


def test_url_with_credentials_spots_user_info() -> None:
    assert rules.has_credentials("https://x:y@h.example/")
    assert not rules.has_credentials("https://h.example/")
    assert not rules.has_credentials(3)


@pytest.mark.parametrize("port", [1, 22, 2222, 65535])
def test_port_accepts_integers_in_range(port: int) -> None:
    assert rules.is_port(port)


@pytest.mark.parametrize("port", [0, 65536, -1, "22", True, 22.0, None])
def test_port_refuses_strings_booleans_and_out_of_range(port: object) -> None:
    assert not rules.is_port(port)


@pytest.mark.parametrize(
    "host",
    ["203.0.113.10", "2001:db8::10", "fe80::1%eth0", "vps", "vps.example.com", "VPS.Example.com"],
)
def test_ssh_host_accepts_addresses_and_host_names(host: str) -> None:
    assert rules.is_ssh_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "", "-oProxyCommand=sh", "alice@vps", "vps:2222", "[2001:db8::10]", "203.0.113.10%eth0",
        "fe80::1%eth0\n", "fe80::1%", "300.1.1.1", "1.2.3", "vps example", "vps.example.com.",
        "a_b.example.com", None, 22,
    ],
)  # fmt: skip
def test_ssh_host_refuses_what_ssh_would_read_otherwise(host: object) -> None:
    assert not rules.is_ssh_host(host)


@pytest.mark.parametrize("path", ["/root/.ssh/id_ed25519", "~/.ssh/id_ed25519", "/keys/a b"])
def test_ssh_identity_path_accepts_absolute_and_home_paths(path: str) -> None:
    assert rules.is_ssh_identity_path(path)


@pytest.mark.parametrize(
    "path", ["", "id_ed25519", "./key", "~alice/key", "/keys/%u", "/keys/$HOME", "/k\n", None]
)
def test_ssh_identity_path_refuses_relative_paths_and_what_ssh_expands(path: object) -> None:
    assert not rules.is_ssh_identity_path(path)


@pytest.mark.parametrize("name", ["ssh", "ansible.builtin.ssh", "paramiko", "smart"])
def test_ssh_connection_knows_the_plugins_that_talk_to_sshd(name: str) -> None:
    assert rules.is_ssh_connection(name)


@pytest.mark.parametrize("name", ["local", "community.docker.docker", "docker", "winrm", "", None])
def test_ssh_connection_refuses_plugins_that_bypass_sshd(name: object) -> None:
    assert not rules.is_ssh_connection(name)
