"""Caddy renews the certificate by itself under load, and no request fails."""

from __future__ import annotations

import json
import time

import testinfra
import testinfra.host
from conftest import PEBBLE_ROOT, container

Host = testinfra.host.Host


def served_fingerprint(client: Host) -> str:
    return client.run(
        "openssl s_client -connect api.vpsforge.test:443 -servername api.vpsforge.test "
        "</dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256"
    ).stdout.strip()


def test_caddy_registered_one_acme_account_for_its_two_names(distro: str) -> None:
    """The role's first start (tasks/main.yml): one name first, so Caddy signs up once."""
    acme = testinfra.get_host(f"docker://{container('acme', distro)}")
    counts = acme.run("journalctl -u pebble -o cat | grep -o 'now [0-9]* accounts'").stdout.split(
        "\n"
    )
    accounts = [line for line in counts if line]
    assert accounts == ["now 1 accounts"], accounts


def test_caddy_renews_under_load_without_a_failed_request(host: Host, client: Host) -> None:
    client.run("rm -f /tmp/renew.stop /tmp/renew.json")
    before = served_fingerprint(client)
    assert before, "no certificate served"
    started = client.run(
        "systemd-run --unit=caddy-loadgen --collect /usr/bin/python3 /root/loadgen.py "
        f"--host api.vpsforge.test --cafile {PEBBLE_ROOT} --clients 4 --pause 0.1 "
        "--max-seconds 260 --stop-file /tmp/renew.stop --out /tmp/renew.json"
    )
    assert started.rc == 0, started.stderr
    # Pebble's certificates live 150 s and Caddy renews with a third left, looking every 10 s:
    # a new certificate is served within about 110 s.
    begin = time.monotonic()
    after = before
    while after == before and time.monotonic() - begin < 220:
        time.sleep(3)
        after = served_fingerprint(client)
    waited = time.monotonic() - begin
    time.sleep(5)  # keep the load on the new certificate for a while
    client.run("touch /tmp/renew.stop")
    for _ in range(60):
        if client.file("/tmp/renew.json").exists:
            break
        time.sleep(0.5)
    stats = json.loads(client.file("/tmp/renew.json").content_string)
    print(
        f"\nrenewal by Caddy under load after {waited:.0f} s: requests failed/total "
        f"{stats['failed']}/{stats['total']}; outcomes {stats['outcomes']}; "
        f"certificates served: {len(stats['certificates'])}"
    )
    assert after and after != before, "Caddy served no renewed certificate"
    assert stats["total"] > 100
    assert stats["failed"] == 0, stats
    assert len(stats["certificates"]) >= 2, stats
