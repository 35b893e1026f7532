"""fail2ban, judged by attacking: failed SSH passwords from a client end in a real ban.

The order in this module matters and is kept on purpose: the ignored (trusted) client
attacks first, then the client gets banned; the module ends by unbanning everyone so the
other test modules and reruns start clean.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from ipaddress import ip_network

import pytest
import testinfra.host
from outside import Net, knock, poll, ssh_login

Host = testinfra.host.Host

WRONG = "not-the-password"


def banned(target: Host, jail: str, address: str) -> bool:
    result = target.run(f"fail2ban-client get {jail} banned {address}")
    return result.rc == 0 and result.stdout.strip() == "1"


def total_failed(target: Host, jail: str = "sshd") -> int:
    status = target.check_output(f"fail2ban-client status {jail}")
    line = next(x for x in status.splitlines() if "Total failed:" in x)
    return int(line.rsplit(maxsplit=1)[-1])


@pytest.fixture(scope="module", autouse=True)
def unban_everyone_afterwards(target: Host) -> Iterator[None]:
    target.run("fail2ban-client unban --all")
    yield
    target.run("fail2ban-client unban --all")


def test_python3_systemd_is_installed_for_the_journal_backend(target: Host) -> None:
    assert target.package("python3-systemd").is_installed
    assert target.service("fail2ban").is_enabled
    assert target.service("fail2ban").is_running


def test_sshd_jail_reads_the_journal(target: Host) -> None:
    status = target.check_output("fail2ban-client status sshd")
    assert "Journal matches:" in status
    assert "_SYSTEMD_UNIT=ssh.service" in status
    # The dumped configuration names the backend the jail was added with.
    dump = target.run("fail2ban-client -d")
    assert dump.rc == 0, dump.stderr
    assert "['add', 'sshd', 'systemd']" in dump.stdout


def test_jail_settings_come_from_the_role(target: Host, target_vars: dict) -> None:
    assert target.check_output("fail2ban-client get sshd maxretry") == str(
        target_vars["fail2ban_maxretry"]
    )
    assert "nftables-multiport" in target.check_output("fail2ban-client get sshd actions")
    listing = target.check_output("fail2ban-client get sshd ignoreip").splitlines()
    ignored = {ip_network(x.split()[-1], strict=False) for x in listing if x[:2] in ("|-", "`-")}
    expected = {"127.0.0.1/8", "::1", *target_vars["fail2ban_ignoreip"]}
    assert {ip_network(x, strict=False) for x in expected} <= ignored


def test_password_login_works_before_any_ban(trusted: Host, net: Net, target_vars: dict) -> None:
    user, password = target_vars["firewall_test_user"], target_vars["firewall_test_password"]
    assert ssh_login(trusted, net.target4, user, password) == 0


def test_ignored_address_is_never_banned(
    target: Host, client: Host, trusted: Host, net: Net, target_vars: dict
) -> None:
    user, maxretry = target_vars["firewall_test_user"], int(target_vars["fail2ban_maxretry"])
    before = total_failed(target)
    for _ in range(maxretry + 2):
        assert ssh_login(trusted, net.target4, user, WRONG) != 0
    # One failure from the client afterwards: once the journal reader has counted it, it has
    # read (and ignored) every line from the trusted client before it.
    assert ssh_login(client, net.target4, user, WRONG) != 0
    poll(lambda: total_failed(target) > before, "fail2ban counted the client's failure")
    assert total_failed(target) == before + 1
    assert not banned(target, "sshd", net.trusted4)
    assert knock(trusted, net.target4, 22)


@pytest.fixture(scope="module")
def banned_client(target: Host, client: Host, net: Net, target_vars: dict) -> str:
    """Fail passwords from the client until fail2ban bans it (bounded)."""
    user, maxretry = target_vars["firewall_test_user"], int(target_vars["fail2ban_maxretry"])
    for _ in range(maxretry + 2):
        if banned(target, "sshd", net.client4):
            break
        ssh_login(client, net.target4, user, WRONG)
    poll(lambda: banned(target, "sshd", net.client4), f"{net.client4} banned in sshd")
    return net.client4


def test_failed_passwords_get_the_client_banned(target: Host, banned_client: str) -> None:
    status = target.check_output("fail2ban-client status sshd")
    banned_line = next(x for x in status.splitlines() if "Banned IP list:" in x)
    assert banned_client in banned_line.split()


def test_ban_is_enforced_in_fail2bans_own_nftables_set(target: Host, banned_client: str) -> None:
    elements = target.check_output("nft list set inet f2b-table addr-set-sshd")
    assert banned_client in elements


def test_banned_client_cannot_open_a_new_connection(
    client: Host, trusted: Host, net: Net, banned_client: str
) -> None:
    assert not knock(client, net.target4, 22)
    assert knock(trusted, net.target4, 22)


def test_ban_survives_a_firewall_reload(
    target: Host, client: Host, net: Net, banned_client: str
) -> None:
    assert target.run("systemctl reload vpsforge-firewall.service").rc == 0
    assert banned_client in target.check_output("nft list set inet f2b-table addr-set-sshd")
    assert not knock(client, net.target4, 22)


def test_unban_lets_the_client_back_in(
    target: Host, client: Host, net: Net, banned_client: str
) -> None:
    target.check_output(f"fail2ban-client set sshd unbanip {banned_client}")
    assert knock(client, net.target4, 22)


def test_nginx_limit_jail_bans_from_the_error_log(target: Host, target_vars: dict) -> None:
    offender = "203.0.113.9"  # documentation address: banning it sends no traffic anywhere
    maxretry = int(target_vars["fail2ban_nginx_limit_maxretry"])
    now = target.check_output("date '+%Y/%m/%d %H:%M:%S'")
    for n in range(maxretry):
        line = (
            f"{now} [error] 4242#4242: *{n} limiting requests, excess: 20.500 by zone"
            f' "api_req", client: {offender}, server: _, request: "GET / HTTP/1.1", host: "api"'
        )
        target.check_output(f"echo {shlex.quote(line)} >> /var/log/nginx/error.log")
    poll(lambda: banned(target, "nginx-limit", offender), f"{offender} banned by nginx jail")
    rules = target.check_output("nft list table inet f2b-table")
    assert "tcp dport { 80, 443 }" in rules or "tcp dport { http, https }" in rules
    assert offender in target.check_output("nft list set inet f2b-table addr-set-nginx-limit")


@pytest.mark.parametrize(
    ("jail", "log"),
    [("nginx-limit", "error.log"), ("nginx-refused", "access.log"), ("nginx-probe", "access.log")],
)
def test_nginx_jails_watch_the_nginx_logs(target: Host, jail: str, log: str) -> None:
    assert f"/var/log/nginx/{log}" in target.check_output(f"fail2ban-client get {jail} logpath")
