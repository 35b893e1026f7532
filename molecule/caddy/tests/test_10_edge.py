"""Caddy in front of the app, judged from the client: a certificate from the ACME server, the
redirect, the security headers, the body limit and JSON error bodies, the access log."""

from __future__ import annotations

import json
import time

import testinfra.host
from conftest import PEBBLE_ROOT

Host = testinfra.host.Host

SITE = "https://api.vpsforge.test"


def curl(client: Host, *args: str) -> tuple[int, dict[str, str], str]:
    """(status, headers in lower case, body) of one request from the client."""
    out = client.run(
        f"curl -sS --max-time 15 --cacert {PEBBLE_ROOT} -D /tmp/h -o /tmp/b -w '%{{http_code}}' "
        + " ".join(args)
        + "; echo; cat /tmp/h; echo __BODY__; cat /tmp/b"
    ).stdout
    status, _, rest = out.partition("\n")
    head, _, body = rest.partition("__BODY__\n")
    headers = {}
    for line in head.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return int(status or 0), headers, body


def test_the_site_serves_a_certificate_the_acme_server_issued(client: Host) -> None:
    status, _, body = curl(client, f"{SITE}/health")
    assert status == 200 and json.loads(body) == {"status": "ok"}, body
    issuer = client.run(
        "openssl s_client -connect api.vpsforge.test:443 -servername www.vpsforge.test "
        "</dev/null 2>/dev/null | openssl x509 -noout -issuer"
    ).stdout
    assert "Pebble" in issuer, issuer


def test_http_redirects_to_https(client: Host) -> None:
    status, headers, _ = curl(client, "http://api.vpsforge.test/health?x=1")
    assert status in (301, 308), status
    assert headers.get("location") == f"{SITE}/health?x=1"


def test_responses_carry_the_security_headers_and_no_server_header(client: Host) -> None:
    for path in ("/health", "/no-such-page"):
        _, headers, _ = curl(client, f"{SITE}{path}")
        assert headers.get("strict-transport-security") == "max-age=63072000", path
        assert headers.get("x-content-type-options") == "nosniff"
        assert headers.get("x-frame-options") == "DENY"
        assert "default-src 'none'" in headers.get("content-security-policy", "")
        assert headers.get("referrer-policy") == "no-referrer"
        assert "camera=()" in headers.get("permissions-policy", "")
        assert "server" not in headers, headers


def test_a_body_over_the_limit_gets_a_json_413_before_the_app(client: Host) -> None:
    client.run("head -c 2000000 /dev/zero > /tmp/big")
    status, headers, body = curl(
        client,
        "-X POST -H 'Content-Type: application/json' --data-binary @/tmp/big",
        f"{SITE}/notes",
    )
    assert status == 413, (status, body)
    assert headers.get("content-type") == "application/json"
    assert json.loads(body) == {"detail": "Request body too large"}


def test_metrics_stay_inside(client: Host) -> None:
    status, _, body = curl(client, f"{SITE}/metrics")
    assert status == 403 and json.loads(body) == {"detail": "Forbidden"}


def test_the_app_down_gets_a_json_503(host: Host, client: Host) -> None:
    assert host.run("systemctl stop vpsforge-app").rc == 0
    try:
        status, headers, body = curl(client, f"{SITE}/health")
    finally:
        assert host.run("systemctl start vpsforge-app").rc == 0
    assert status == 503, (status, body)
    assert headers.get("content-type") == "application/json"
    assert json.loads(body) == {"detail": "Service temporarily unavailable"}
    deadline = time.monotonic() + 30
    while curl(client, f"{SITE}/health")[0] != 200:
        assert time.monotonic() < deadline, "the app did not come back behind Caddy"
        time.sleep(1)


def test_the_access_log_is_json_lines_and_rolls(host: Host, client: Host) -> None:
    curl(client, f"{SITE}/health?logged=1")
    time.sleep(1)
    lines = host.file("/var/log/caddy/app.access.log").content_string.splitlines()
    entries = [json.loads(line) for line in lines]
    assert any(e.get("request", {}).get("uri") == "/health?logged=1" for e in entries)
    caddyfile = host.file("/etc/caddy/Caddyfile").content_string
    assert "roll_size 100MiB" in caddyfile and "roll_keep_for 336h" in caddyfile


def test_caddy_refuses_a_bad_caddyfile_and_the_role_checks_with_it(host: Host) -> None:
    """The role's candidate check is `caddy validate` (tasks/main.yml): it refuses a file Caddy
    could not load, and passes the file the role wrote."""
    host.run(
        "cp /etc/caddy/Caddyfile /tmp/bad && echo 'api.vpsforge.test { reverse_proxy {' >> /tmp/bad"
    )
    assert host.run("caddy validate --adapter caddyfile --config /tmp/bad").rc != 0
    assert host.run("caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile").rc == 0
