"""Who can log in after hardening, tried for real from a second machine on the network."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import testinfra.host

Host = testinfra.host.Host
Ssh = Callable[..., Any]


def test_admin_key_login_works_and_has_sudo(ssh_from_client: Ssh) -> None:
    attempt = ssh_from_client("alice", key="alice", command="sudo -n id -u")
    assert attempt.ok, attempt.output
    assert attempt.output.strip().splitlines()[-1] == "0"


def test_password_login_refused(ssh_from_client: Ssh) -> None:
    attempt = ssh_from_client("pwuser", password="correct-horse-battery")
    assert not attempt.ok
    assert "Permission denied (publickey)" in attempt.output


def test_root_login_refused(ssh_from_client: Ssh) -> None:
    attempt = ssh_from_client("root", key="root")
    assert not attempt.ok
    assert "Permission denied" in attempt.output


def test_user_outside_allow_groups_refused(ssh_from_client: Ssh) -> None:
    attempt = ssh_from_client("mallory", key="mallory")
    assert not attempt.ok
    assert "Permission denied" in attempt.output


def test_deploy_user_has_only_its_listed_sudo_command(ssh_from_client: Ssh) -> None:
    listed = ssh_from_client("deploy", key="deploy", command="sudo -n -l")
    assert listed.ok, listed.output
    assert "(root) NOPASSWD: /usr/bin/systemctl reload vpsforge-app.service" in listed.output
    refused = ssh_from_client("deploy", key="deploy", command="sudo -n id -u")
    assert not refused.ok


def test_sshd_listens_on_the_new_port_only(client: Host, target_ip: str, ssh_port: int) -> None:
    assert client.run(f"nc -z -w 3 {target_ip} {ssh_port}").rc == 0
    assert client.run(f"nc -z -w 3 {target_ip} 22").rc != 0


def test_vpsforge_dropin_wins_over_cloud_init(host: Host) -> None:
    effective = host.run("sshd -T -C user=alice,host=client,addr=172.28.213.20").stdout.lower()
    assert host.file("/etc/ssh/sshd_config.d/50-cloud-init.conf").exists
    assert "passwordauthentication no" in effective
    assert "permitrootlogin no" in effective
    assert "kbdinteractiveauthentication no" in effective
    assert "allowgroups sshusers" in effective
    assert "loglevel verbose" in effective
    assert "allowtcpforwarding no" in effective


def test_weak_host_keys_and_moduli_removed(host: Host) -> None:
    assert not host.file("/etc/ssh/ssh_host_ecdsa_key").exists
    assert not host.file("/etc/ssh/ssh_host_dsa_key").exists
    bits = host.run("ssh-keygen -l -f /etc/ssh/ssh_host_rsa_key.pub").stdout.split()[0]
    assert int(bits) >= 3072
    short = host.run("awk '$1 !~ /^#/ && $5 < 3071' /etc/ssh/moduli | wc -l").stdout.strip()
    assert short == "0"


def test_root_password_is_locked(host: Host) -> None:
    assert host.run("passwd -S root").stdout.split()[1] == "L"


def test_listed_stale_account_was_removed(host: Host) -> None:
    assert not host.user("olduser").exists
    assert not host.file("/home/olduser").exists


def test_admin_sudoers_rule_is_valid_and_scoped(host: Host) -> None:
    assert host.run("visudo -c").rc == 0
    rules = host.file("/etc/sudoers.d/vpsforge-admins")
    assert rules.mode == 0o440
    assert "alice ALL=(ALL:ALL) NOPASSWD: ALL" in rules.content_string
