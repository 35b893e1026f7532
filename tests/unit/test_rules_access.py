"""What the users and sshd roles rely on: the shared name and key rules, their own argument
specs typed strictly, and the few sshd- and sudoers-only patterns in their vars."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules, types

ROLES = Path(__file__).resolve().parents[2] / "roles"
KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDqFJ02e7JOkBRZA8x4klf4amsvcbBwlWuwllRWXynFH"
    " tests@vpsforge"
)


def _options(role: str) -> dict[str, Any]:
    specs = yaml.safe_load((ROLES / role / "meta" / "argument_specs.yml").read_text())
    return specs["argument_specs"]["main"]["options"]


def _vars(role: str) -> dict[str, Any]:
    return yaml.safe_load((ROLES / role / "vars" / "main.yml").read_text())


@pytest.mark.parametrize(
    "name", ["root", "www-data", "sshd", "nobody", "sudo", "adm", "shadow", "systemd-network"]
)
def test_admins_and_groups_never_take_a_system_name(name: str) -> None:
    assert rules.is_system_account(name)


@pytest.mark.parametrize("name", ["alice", "deploy", "sshusers", "ssh-admins", "olduser"])
def test_ordinary_names_are_free(name: str) -> None:
    assert rules.is_unix_name(name)
    assert not rules.is_system_account(name)


@pytest.mark.parametrize(
    "line",
    [
        KEY + "\n" + KEY,  # two keys in one entry
        'command="/bin/sh" ' + KEY,  # authorized_keys options
        "ssh-rsa " + KEY.split()[1],  # another type's blob
        KEY.split()[0] + " " + KEY.split()[1][:40],  # truncated
    ],
)
def test_a_key_entry_is_exactly_one_key(line: str) -> None:
    assert not rules.is_ssh_public_key(line)


@pytest.mark.parametrize(
    ("role", "name", "value", "text"),
    [
        ("sshd", "sshd_password_authentication", "false", "must be a boolean"),
        ("sshd", "sshd_allow_forwarding", "no", "must be a boolean"),
        ("sshd", "sshd_port", "2222", "must be an integer"),
        ("sshd", "sshd_permit_root_login", False, "quote the value"),
        ("sshd", "sshd_lockout_check_private_key", True, "must be a string"),
        ("sshd", "sshd_listen_addresses", "10.0.0.1", "must be a list"),
        ("users", "users_admin_sudo_nopasswd", "yes", "must be a boolean"),
        ("users", "users_admins", [{"name": "a", "ssh_keys": KEY}], "ssh_keys: must be a list"),
        ("users", "users_admins", [{"name": "a", "ssh_keys": [KEY], "state": False}], "quote"),
        ("users", "users_deploy", {"name": "d", "sudo_commands": "/bin/x"}, "must be a list"),
        ("users", "users_absent", "olduser", "must be a list"),
    ],
)
def test_the_roles_specs_refuse_values_of_the_wrong_type(
    role: str, name: str, value: object, text: str
) -> None:
    errors = types.check_all(_options(role), {name: value})
    assert errors and name in errors[0] and text in errors[0], errors


@pytest.mark.parametrize("role", ["users", "sshd"])
def test_every_bool_and_int_default_has_its_declared_type(role: str) -> None:
    defaults = yaml.safe_load((ROLES / role / "defaults" / "main.yml").read_text())
    assert types.check_all(_options(role), defaults) == []


@pytest.mark.parametrize(
    ("name", "good"),
    [
        ("sntrup761x25519-sha512@openssh.com", True),
        ("chacha20-poly1305@openssh.com", True),
        ("rsa-sha2-512", True),
        ("+diffie-hellman-group1-sha1", False),  # appends to OpenSSH's defaults
        ("-aes128-ctr", False),
        ("^aes128-ctr", False),
        ("aes256-ctr,3des-cbc", False),
        ("hmac-sha2-256\nPermitRootLogin yes", False),
        ("AES256-CTR", False),
    ],
)
def test_sshd_algorithm_names(name: str, good: bool) -> None:
    assert bool(re.match(_vars("sshd")["__sshd_algorithm_re"], name)) is good


@pytest.mark.parametrize(
    ("address", "good"),
    [
        ("10.0.0.1", True),
        ("2001:db8::10", True),
        ("fe80::1%eth0", True),
        ("fe80::1%enp0s31f6", True),
        ("fe80::1%eth0\nPermitRootLogin yes", False),
        ("fe80::1%eth 0", False),
        ("fe80::1%[x]", False),
    ],
)
def test_sshd_address_characters(address: str, good: bool) -> None:
    assert bool(re.match(_vars("sshd")["__sshd_address_chars_re"], address)) is good


@pytest.mark.parametrize(
    ("command", "good"),
    [
        ("/usr/bin/systemctl reload vpsforge-app.service", True),
        ("/usr/local/bin/deploy-app --release *", True),
        ("/usr/bin/systemctl reload a, /bin/bash", False),
        ("/usr/bin/true\ndeploy ALL=(ALL) NOPASSWD: ALL", False),
        ("/usr/bin/systemctl # reload", False),
        ("/usr/bin/env PATH=/tmp /usr/bin/app", False),
        ("/usr/bin/chown app:app /srv", False),
        ('/usr/bin/echo "x"', False),
        ("/usr/bin/printf a\\tb", False),
    ],
)
def test_sudoers_syntax_in_a_deploy_command(command: str, good: bool) -> None:
    assert (re.search(_vars("users")["__users_sudo_forbidden_re"], command) is None) is good


def test_ssh_key_fingerprint_is_the_md5_colon_form_ssh_keygen_prints(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "key.pub").write_text(KEY + "\n")
    printed = subprocess.run(
        ["ssh-keygen", "-E", "md5", "-lf", str(tmp_path / "key.pub")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[1]
    assert rules.ssh_key_fingerprint(KEY) == printed.removeprefix("MD5:")
    assert rules.ssh_key_fingerprint(KEY + "\n") == printed.removeprefix("MD5:")


@pytest.mark.parametrize("value", ["", "ssh-ed25519 AAAA", None, 42, KEY[:-30]])
def test_ssh_key_fingerprint_of_anything_but_a_key_is_empty(value: object) -> None:
    assert rules.ssh_key_fingerprint(value) == ""
