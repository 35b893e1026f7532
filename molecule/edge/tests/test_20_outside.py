"""From the client, as the internet sees the site: redirect, TLS, headers, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import testinfra.host
from edge import CLIENT_IP, DOMAIN, SOCKET, WRITE_AUTH, Response, curl

Host = testinfra.host.Host

SECURITY_HEADERS = {
    "strict-transport-security": "max-age=63072000",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=()",
}

pytestmark = pytest.mark.usefixtures("pebble_root")


def assert_security_headers(response: Response) -> None:
    for name, expected in SECURITY_HEADERS.items():
        assert expected in response.header(name), f"{name} on {response.status}: {response.headers}"


def test_http_redirects_to_https(client: Host) -> None:
    response = curl(client, f"http://{DOMAIN}/notes?limit=1")
    assert response.status == 301
    assert response.header("location") == f"https://{DOMAIN}/notes?limit=1"


def test_acme_challenge_path_is_served_over_http_not_redirected(client: Host, host: Host) -> None:
    host.run("echo probe-token > /var/www/letsencrypt/.well-known/acme-challenge/probe")
    response = curl(client, f"http://{DOMAIN}/.well-known/acme-challenge/probe")
    host.run("rm -f /var/www/letsencrypt/.well-known/acme-challenge/probe")
    assert response.status == 200
    assert response.body.strip() == "probe-token"


def test_https_proxies_to_the_app_over_http2(client: Host) -> None:
    response = curl(client, f"https://{DOMAIN}/health", "--http2")
    assert response.status == 200, response
    assert response.http_version == "2"
    assert response.header("content-type").startswith("application/json")
    assert_security_headers(response)
    assert "nginx/" not in response.header("server")
    assert "uvicorn" not in response.header("server")


def test_headers_on_error_responses(client: Host) -> None:
    not_found = curl(client, f"https://{DOMAIN}/no-such-path")
    assert not_found.status == 404
    assert_security_headers(not_found)
    metrics = curl(client, f"https://{DOMAIN}/metrics")
    assert metrics.status == 403
    assert_security_headers(metrics)


def test_request_id_reaches_the_app_and_comes_back(client: Host, host: Host) -> None:
    response = curl(client, f"https://{DOMAIN}/health")
    request_id = response.header("x-request-id")
    assert len(request_id) == 32
    assert len(response.headers["x-request-id"]) == 1  # nginx's, the app's copy is hidden
    logged = host.run(f"grep -h {request_id} /var/log/nginx/app.access.log").stdout
    entry = json.loads(logged.strip().splitlines()[-1])
    assert entry["request_id"] == request_id
    assert entry["status"] == 200
    app_log = host.run(f"journalctl -u vpsforge-app --since -2min -o cat | grep -c {request_id}")
    assert int(app_log.stdout.strip() or 0) >= 1, "the app did not log nginx's request id"


def test_upstream_connections_are_kept_alive(client: Host, host: Host) -> None:
    """After a few requests nginx keeps idle connections to the socket open (the pool)."""
    for _ in range(3):
        assert curl(client, f"https://{DOMAIN}/health").status == 200
    # The app's socket is bound at a private path and renamed over SOCKET (fastapi_app's
    # zero-downtime switch), so ss names it by the directory, not the public name.
    established = host.run("ss -xH state established").stdout
    pool = [line for line in established.splitlines() if f"{Path(SOCKET).parent}/" in line]
    assert pool, "no connection from nginx to the app's socket stays open"


def test_forwarded_headers_come_from_nginx_not_the_client(client: Host, host: Host) -> None:
    """A client-supplied X-Forwarded-For is replaced: the app logs the real client address."""
    response = curl(client, f"https://{DOMAIN}/no-such-path", "-H 'X-Forwarded-For: 203.0.113.9'")
    assert response.status == 404
    request_id = response.header("x-request-id")
    logged = host.run(f"journalctl -u vpsforge-app --since -2min -o cat | grep {request_id}")
    lines = [json.loads(line) for line in logged.stdout.splitlines() if line.startswith("{")]
    assert lines, logged.stdout
    assert lines[-1].get("client") == CLIENT_IP, lines[-1]


def test_unknown_host_gets_no_answer(client: Host) -> None:
    response = curl(client, f"http://{DOMAIN}/", "-H 'Host: evil.example'")
    # 444: nginx closes the connection without a word (empty reply or reset, by timing).
    assert response.rc in {52, 56}, response
    assert response.status == 0


def test_unknown_sni_name_gets_no_handshake(client: Host) -> None:
    response = curl(client, "https://evil.example/", f"--resolve evil.example:443:{_ip(client)}")
    assert response.rc == 35, response  # TLS handshake refused (ssl_reject_handshake)
    assert response.status == 0


def test_forged_host_on_a_site_connection_is_misdirected(client: Host) -> None:
    """A request whose Host is not the connection's TLS name lands in the default server: 421."""
    response = curl(client, f"https://{DOMAIN}/health", "-H 'Host: evil.example'")
    assert response.status == 421, response


def test_metrics_are_refused_from_outside(client: Host, host: Host) -> None:
    for path in ("/metrics", "/metrics/", "/metrics?x=1", "//metrics"):
        response = curl(client, f"https://{DOMAIN}{path}")
        assert response.status == 403, (path, response)
        assert json.loads(response.body)["detail"] == "Forbidden"
    inside = host.run("curl -sS --unix-socket /run/vpsforge-app/gunicorn.sock http://app/metrics")
    assert inside.rc == 0 and "# TYPE" in inside.stdout


def test_static_files_are_served_by_nginx_with_cache_headers(client: Host) -> None:
    response = curl(client, f"https://{DOMAIN}/static/hello.txt")
    assert response.status == 200
    assert response.body.strip() == "static from nginx"
    assert "max-age=604800" in ",".join(response.headers.get("cache-control", []))
    assert response.header("expires")
    assert_security_headers(response)


def test_json_is_compressed(client: Host) -> None:
    note = json.dumps({"title": "compress me", "body": "lorem ipsum " * 300})
    created = curl(
        client,
        f"https://{DOMAIN}/notes",
        "-X POST -H 'Content-Type: application/json'",
        WRITE_AUTH,
        f"--data-raw '{note}'",
    )
    assert created.status == 201, created
    response = curl(client, f"https://{DOMAIN}/notes?limit=100", "--compressed")
    assert response.status == 200
    assert response.header("content-encoding") == "gzip"
    assert "accept-encoding" in ",".join(response.headers["vary"]).lower()


def _ip(client: Host) -> str:
    return client.run(f"getent hosts {DOMAIN}").stdout.split()[0]
