"""fail2ban's nginx jails, judged from the outside: the client floods or probes nginx over the
network, gets banned from ports 80 and 443 in fail2ban's nftables table, and is let back in.

Last in the scenario on purpose (tests run in file-name order): every test here unbans the
client when it ends. The scenario raises nginx-limit's threshold (molecule.yml) so the rate-limit
tests of test_30 can flood without a ban; the flood test here lowers it at run time, through
fail2ban-client, to the role's default, and puts it back afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import testinfra.host
from containers import put_file
from edge import CLIENT_IP, DOMAIN, PEBBLE_ROOT, container, flood
from f2b_samples import SAMPLES

Host = testinfra.host.Host

pytestmark = pytest.mark.usefixtures("pebble_root")

LIMIT_MAXRETRY = 20  # the role's default fail2ban_nginx_limit_maxretry
# Six probes: one more than fail2ban_maxretry's default.
PROBES = ("/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/index.php", "/cgi-bin/x")


def banned(host: Host, jail: str) -> bool:
    result = host.run(f"fail2ban-client get {jail} banned {CLIENT_IP}")
    return result.rc == 0 and result.stdout.strip() == "1"


def wait_until(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout:.0f} s: {what}"
        time.sleep(0.5)


def web_answers(client: Host) -> bool:
    """Whether the client gets any HTTP answer from the site over HTTPS."""
    result = client.run(
        f"curl -s -o /dev/null -w '%{{http_code}}' --max-time 5 --cacert {PEBBLE_ROOT} "
        f"https://{DOMAIN}/health"
    )
    return result.rc == 0 and result.stdout != "000"


def assert_banned_from_the_web(host: Host, client: Host, jail: str) -> None:
    wait_until(lambda: banned(host, jail), f"{CLIENT_IP} banned by {jail}")
    assert CLIENT_IP in host.check_output(f"fail2ban-client status {jail}")
    assert CLIENT_IP in host.check_output(f"nft list set inet f2b-table addr-set-{jail}")
    assert not web_answers(client)
    # Port 80 too; nothing else (the ban action blocks the jail's ports, http and https).
    assert client.run(f"curl -s -o /dev/null --max-time 5 http://{DOMAIN}/").rc != 0


@pytest.fixture(autouse=True)
def unban_the_client(host: Host, client: Host) -> Iterator[None]:
    assert web_answers(client), "the client is banned before the test starts"
    yield
    host.run(f"fail2ban-client unban {CLIENT_IP}")
    wait_until(lambda: web_answers(client), "the client answered again after the unban", 10)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_filter_finds_the_client_in_nginx_lines_and_nothing_a_client_forges(
    host: Host, distro: str, name: str
) -> None:
    """fail2ban-regex on the target: every sample line gives its address, the others none."""
    lines = "\n".join(line for line, _ in SAMPLES[name]) + "\n"
    put_file(container("", distro), f"/tmp/{name}.log", lines.encode())
    found = host.check_output(
        f"fail2ban-regex -o ip /tmp/{name}.log /etc/fail2ban/filter.d/{name}.conf"
    )
    assert found.split() == [ip for _, ip in SAMPLES[name] if ip]


def test_jails_read_the_logs_nginx_writes(host: Host) -> None:
    site = {"/var/log/nginx/app.access.log", "/var/log/nginx/refused.log"}
    for jail, logs in (
        ("nginx-limit", {"/var/log/nginx/app.error.log"}),
        ("nginx-refused", site),
        ("nginx-probe", site),
    ):
        listed = host.check_output(f"fail2ban-client get {jail} logpath")
        assert {log for log in logs if log in listed} == logs, listed


def test_flood_gets_the_client_banned(host: Host, client: Host) -> None:
    configured = host.check_output("fail2ban-client get nginx-limit maxretry").strip()
    host.check_output(f"fail2ban-client set nginx-limit maxretry {LIMIT_MAXRETRY}")
    try:
        codes = flood(client, "/health", requests=300, parallel=30)
        assert codes["429"] > LIMIT_MAXRETRY, codes
        assert_banned_from_the_web(host, client, "nginx-limit")
    finally:
        host.run(f"fail2ban-client set nginx-limit maxretry {configured}")


def test_probes_get_the_client_banned(host: Host, client: Host) -> None:
    for path in PROBES:
        client.run(
            f"curl -s -o /dev/null --max-time 5 --cacert {PEBBLE_ROOT} https://{DOMAIN}{path}"
        )
    assert_banned_from_the_web(host, client, "nginx-probe")


def test_unknown_host_requests_get_the_client_banned(host: Host, client: Host) -> None:
    for n in range(6):
        client.run(f"curl -s -o /dev/null --max-time 5 -H 'Host: scan{n}.example' http://{DOMAIN}/")
    assert_banned_from_the_web(host, client, "nginx-refused")
