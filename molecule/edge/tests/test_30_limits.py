"""Rate and size limits, from the client: 429 with JSON under a flood, the app stays healthy."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import testinfra.host
from edge import DOMAIN, SOCKET, WRITE_AUTH, curl, flood

Host = testinfra.host.Host

pytestmark = pytest.mark.usefixtures("pebble_root")


def test_flood_gets_429_with_json_while_the_app_stays_healthy(client: Host, host: Host) -> None:
    codes = flood(client, "/health", requests=600, parallel=30)
    print(f"\nflood of 600 requests, 30 in parallel: {dict(codes)}")
    assert codes["429"] > 0, codes
    assert codes["200"] >= 100, codes  # burst (100) plus the rate (50 r/s)
    assert set(codes) <= {"200", "429"}, codes
    limited = curl(client, f"https://{DOMAIN}/health")
    if limited.status == 429:
        assert json.loads(limited.body) == {"detail": "Too Many Requests"}
        assert limited.header("x-content-type-options") == "nosniff"
    # The app itself never saw the excess: ready through its socket during and after.
    ready = host.run(
        f"curl -s -o /dev/null -w '%{{http_code}}' --unix-socket {SOCKET} http://app/health/ready"
    )
    assert ready.stdout == "200"


def test_429_body_is_json_with_security_headers(client: Host) -> None:
    responses = [curl(client, f"https://{DOMAIN}/auth/login") for _ in range(8)]
    limited = [r for r in responses if r.status == 429]
    assert limited, [r.status for r in responses]
    assert json.loads(limited[0].body) == {"detail": "Too Many Requests"}
    assert limited[0].header("content-type").startswith("application/json")
    assert "max-age" in limited[0].header("strict-transport-security")


def test_strict_zone_limits_listed_paths_only(client: Host) -> None:
    """/auth/login allows 10 r/m with a burst of 5; /health is not affected."""
    codes = Counter(curl(client, f"https://{DOMAIN}/auth/login").status for _ in range(8))
    assert codes[429] >= 2, codes
    assert curl(client, f"https://{DOMAIN}/health").status == 200


def test_large_but_legal_body_is_accepted(client: Host) -> None:
    """A 10 KB note (the app's maximum) passes; dev-sec's 1k default would refuse it."""
    note = json.dumps({"title": "big", "body": "x" * 10_000})
    client.run(f"printf '%s' '{note}' > /tmp/note.json")
    response = curl(
        client,
        f"https://{DOMAIN}/notes",
        "-X POST -H 'Content-Type: application/json' --data-binary @/tmp/note.json",
        WRITE_AUTH,
    )
    assert response.status == 201, response
    assert json.loads(response.body)["body"] == "x" * 10_000


def test_oversized_body_is_refused_with_413(client: Host) -> None:
    client.run("head -c 2000000 /dev/zero | tr '\\0' x > /tmp/big.bin")
    response = curl(
        client,
        f"https://{DOMAIN}/notes",
        "-X POST -H 'Content-Type: application/json' --data-binary @/tmp/big.bin",
        WRITE_AUTH,
    )
    assert response.status == 413
    assert json.loads(response.body) == {"detail": "Request body too large"}
    assert response.header("x-frame-options") == "DENY"
