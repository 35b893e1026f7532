"""Losing an app host costs no GET through either edge: each load balancer retries on the other
host and routes around the lost one; once it is back, it takes requests again."""

from __future__ import annotations

import time

import testinfra.host
from cluster import (
    CADDY_DOMAIN,
    PORT,
    PRIVATE,
    UNIT,
    app_requests,
    caddy_upstreams,
    journal_cursor,
    load,
    load_both,
    log_lines,
    served_by,
)

Host = testinfra.host.Host


def test_stopping_one_app_hosts_service_fails_no_get(
    lb: Host, lb2: Host, app1: Host, neighbour: Host
) -> None:
    lost, kept = f"{PRIVATE['app1']}:{PORT}", f"{PRIVATE['app2']}:{PORT}"
    try:
        with load_both(neighbour, "lost-host") as (counted, through_caddy):
            time.sleep(2)
            stopped = app1.run(f"systemctl stop {UNIT}")
            assert stopped.rc == 0, stopped.stderr
            listener_closed = app1.run(f"ss -Htln 'sport = :{PORT}'").stdout.strip() == ""
            time.sleep(3)
            since = log_lines(lb)
            held_against = caddy_upstreams(lb2)
            time.sleep(6)
            around = served_by(lb, since)
    finally:
        app1.run(f"systemctl start {UNIT}")
    print(
        f"\none app host stopped under load: GETs failed/total through nginx "
        f"{counted.failed}/{counted.total}; {counted.outcomes}; through Caddy "
        f"{through_caddy.failed}/{through_caddy.total}; {through_caddy.outcomes}; nginx served "
        f"while it was down: {around}; Caddy's failures per app host: {held_against}"
    )
    assert listener_closed, "the app port still listened with the app stopped"
    assert counted.total > 100 and through_caddy.total > 100
    assert counted.failed == 0, counted.outcomes
    assert through_caddy.failed == 0, through_caddy.outcomes
    # Caddy holds the refused connections against the lost host (passive health check), so it
    # sends it nothing until they expire, and nothing against the one that served.
    assert held_against.get(lost, 0) >= 1 and held_against.get(kept, 0) == 0, held_against
    # Routed around: while it was down, the lost host was at most tried again once its
    # fail_timeout ran out, and the other host served everything.
    assert around.get(kept, 0) > 50
    assert around.get(lost, 0) <= 2, around


def test_a_host_that_comes_back_takes_requests_again(lb: Host, app1: Host, neighbour: Host) -> None:
    deadline = time.monotonic() + 30
    while (
        app1.run(
            f"curl -s -o /dev/null -w '%{{http_code}}' http://{PRIVATE['app1']}:{PORT}/health"
        ).stdout
        != "200"
    ):
        assert time.monotonic() < deadline, "app1 did not come back"
        time.sleep(1)
    time.sleep(11)  # past nginx_upstream_fail_timeout and caddy_upstream_fail_duration (10 s)
    since = log_lines(lb)
    with load(neighbour, "back") as counted:
        time.sleep(5)
    served = served_by(lb, since)
    assert counted.failed == 0, counted.outcomes
    assert served.get(f"{PRIVATE['app1']}:{PORT}", 0) > 10, served
    cursor = journal_cursor(app1)
    with load(neighbour, "back-caddy", domain=CADDY_DOMAIN) as through_caddy:
        time.sleep(5)
    assert through_caddy.failed == 0, through_caddy.outcomes
    assert app_requests(app1, cursor) > 10
