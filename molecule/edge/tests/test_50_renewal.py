"""Renewal is real and invisible: certbot.timer's service renews under load, 0 requests fail."""

from __future__ import annotations

import json
import time

import testinfra.host
from containers import put_file
from edge import ARCHIVE, DOMAIN, LOADGEN, PEBBLE_ROOT, container, served_certificate

Host = testinfra.host.Host


def test_timer_service_renews_under_load_without_a_failed_request(
    host: Host, client: Host, pebble_root: str, distro: str
) -> None:
    put_file(container("client", distro), "/root/loadgen.py", LOADGEN.read_bytes(), "0755")
    client.run("rm -f /tmp/renew.stop /tmp/renew.json")
    before = served_certificate(client, DOMAIN)
    versions = len(host.file(ARCHIVE).listdir())
    started = client.run(
        "systemd-run --unit=edge-loadgen --collect /usr/bin/python3 /root/loadgen.py "
        f"--host {DOMAIN} --cafile {PEBBLE_ROOT} --clients 4 --pause 0.1 --max-seconds 120 "
        "--stop-file /tmp/renew.stop --out /tmp/renew.json"
    )
    assert started.rc == 0, started.stderr
    time.sleep(3)

    begin = time.monotonic()
    renewal = host.run("systemctl start certbot.service")  # oneshot: returns when done
    renew_seconds = time.monotonic() - begin
    assert renewal.rc == 0, host.run("journalctl -u certbot.service -n 30 -o cat").stdout

    deadline = time.monotonic() + 20
    after = served_certificate(client, DOMAIN)
    while after == before and time.monotonic() < deadline:
        time.sleep(0.5)
        after = served_certificate(client, DOMAIN)
    time.sleep(3)  # keep the load on the new certificate for a while
    client.run("touch /tmp/renew.stop")
    for _ in range(60):
        if client.file("/tmp/renew.json").exists:
            break
        time.sleep(0.5)
    stats = json.loads(client.file("/tmp/renew.json").content_string)

    print(
        f"\nrenewal by certbot.service: {renew_seconds:.2f} s; requests failed/total during "
        f"renewal: {stats['failed']}/{stats['total']}; outcomes {stats['outcomes']}; "
        f"certificates served: {len(stats['certificates'])}"
    )
    assert after and after != before, "the renewed certificate is not served"
    assert len(host.file(ARCHIVE).listdir()) > versions
    assert stats["total"] > 50
    assert stats["failed"] == 0, stats
    assert len(stats["certificates"]) == 2, stats  # the old one, then the new one
