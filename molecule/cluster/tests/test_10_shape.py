"""The shape: each load balancer (nginx, and Caddy on the second) spreads requests over both app
hosts, which listen on the private network only, refuse the app port to anyone but the load
balancers, and share one database."""

from __future__ import annotations

import json

import pytest
import testinfra.host
from cluster import (
    CADDY_DOMAIN,
    DOMAIN,
    PEBBLE_ROOT,
    PORT,
    PRIVATE,
    PUBLIC,
    app_requests,
    journal_cursor,
    log_lines,
    served_by,
)

Host = testinfra.host.Host


def test_the_load_balancer_spreads_requests_over_both_app_hosts(lb: Host, neighbour: Host) -> None:
    since = log_lines(lb)
    result = neighbour.run(
        f"for i in $(seq 40); do curl -s -o /dev/null -w '%{{http_code}}\\n' "
        f"--cacert {PEBBLE_ROOT} https://{DOMAIN}/health; done"
    )
    assert result.stdout.split() == ["200"] * 40, result.stdout
    counts = served_by(lb, since)
    print(f"\nrequests per app host: {counts}")
    assert set(counts) == {f"{PRIVATE['app1']}:{PORT}", f"{PRIVATE['app2']}:{PORT}"}
    assert min(counts.values()) >= 10


def test_caddy_spreads_requests_over_both_app_hosts(
    app1: Host, app2: Host, neighbour: Host
) -> None:
    cursors = {"app1": journal_cursor(app1), "app2": journal_cursor(app2)}
    result = neighbour.run(
        f"for i in $(seq 40); do curl -s -o /dev/null -w '%{{http_code}}\\n' "
        f"--cacert {PEBBLE_ROOT} https://{CADDY_DOMAIN}/health; done"
    )
    assert result.stdout.split() == ["200"] * 40, result.stdout
    counts = {
        "app1": app_requests(app1, cursors["app1"]),
        "app2": app_requests(app2, cursors["app2"]),
    }
    print(f"\nrequests per app host through Caddy: {counts}")
    assert sum(counts.values()) == 40 and min(counts.values()) >= 10, counts


def test_caddy_serves_its_name_with_the_certificate_and_the_headers(neighbour: Host) -> None:
    result = neighbour.run(
        f"curl -sS -D - -o /dev/null --cacert {PEBBLE_ROOT} https://{CADDY_DOMAIN}/health"
    )
    assert result.rc == 0, result.stderr
    headers = result.stdout.lower()
    assert headers.split()[1] == "200" and "strict-transport-security: max-age=" in headers
    assert "x-content-type-options: nosniff" in headers and "\nserver:" not in headers


def test_the_app_listens_on_its_private_address_only(app1: Host) -> None:
    listening = app1.run(f"ss -Htln 'sport = :{PORT}'").stdout.split()
    assert f"{PRIVATE['app1']}:{PORT}" in listening
    assert f"0.0.0.0:{PORT}" not in listening and f"*:{PORT}" not in listening


@pytest.mark.parametrize("balancer", ["lb", "lb2"])
def test_each_load_balancer_reaches_the_app_port(
    balancer: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(balancer).run(
        f"curl -sS --max-time 5 http://{PRIVATE['app1']}:{PORT}/health/ready"
    )
    assert result.rc == 0 and json.loads(result.stdout).get("status") == "ready", result.stdout


def test_an_app_host_refuses_the_app_port_from_a_non_lb_address(neighbour: Host) -> None:
    for address in (PRIVATE["app1"], PRIVATE["app2"], PUBLIC["app1"]):
        result = neighbour.run(f"curl -sS --max-time 3 http://{address}:{PORT}/health")
        assert result.rc != 0, f"{address}:{PORT} answered the neighbour: {result.stdout}"


def test_the_firewall_allows_the_app_port_only_from_the_load_balancers(app1: Host) -> None:
    ruleset = app1.run("nft list table inet vpsforge").stdout
    rule = next(line for line in ruleset.splitlines() if f"dport {PORT}" in line)
    assert "ip saddr" in rule and "accept" in rule, rule
    assert PRIVATE["lb"] in rule and PRIVATE["lb2"] in rule, rule


def test_both_app_hosts_answer_from_one_shared_database(lb: Host, neighbour: Host) -> None:
    auth = "-H 'Authorization: Bearer cluster-scenario-write-token-M3vX8qT2pR6wK9zL'"
    created = neighbour.run(
        f"curl -sS --cacert {PEBBLE_ROOT} -X POST -H 'Content-Type: application/json' {auth} "
        f'-d \'{{"title": "shared", "body": "one database"}}\' https://{DOMAIN}/notes'
    )
    note = json.loads(created.stdout)
    assert "id" in note, created.stdout
    for app in ("app1", "app2"):
        fetched = lb.run(f"curl -sS --max-time 5 http://{PRIVATE[app]}:{PORT}/notes/{note['id']}")
        assert json.loads(fetched.stdout).get("title") == "shared", (app, fetched.stdout)
