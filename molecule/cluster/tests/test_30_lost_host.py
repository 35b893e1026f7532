"""Losing an app host costs no GET: the load balancer retries on the other host and routes
around the lost one; once it is back, it takes requests again."""

from __future__ import annotations

import time

import testinfra.host
from cluster import PORT, PRIVATE, UNIT, load, log_lines, served_by

Host = testinfra.host.Host


def test_stopping_one_app_hosts_service_fails_no_get(lb: Host, app1: Host, neighbour: Host) -> None:
    lost, kept = f"{PRIVATE['app1']}:{PORT}", f"{PRIVATE['app2']}:{PORT}"
    try:
        with load(neighbour, "lost-host") as counted:
            time.sleep(2)
            stopped = app1.run(f"systemctl stop {UNIT}")
            assert stopped.rc == 0, stopped.stderr
            listener_closed = app1.run(f"ss -Htln 'sport = :{PORT}'").stdout.strip() == ""
            time.sleep(3)
            since = log_lines(lb)
            time.sleep(6)
            around = served_by(lb, since)
    finally:
        app1.run(f"systemctl start {UNIT}")
    print(
        f"\none app host stopped under load: GETs failed/total {counted.failed}/{counted.total}; "
        f"{counted.outcomes}; served while it was down: {around}"
    )
    assert listener_closed, "the app port still listened with the app stopped"
    assert counted.total > 100
    assert counted.failed == 0, counted.outcomes
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
    time.sleep(11)  # past nginx_upstream_fail_timeout (10 s)
    since = log_lines(lb)
    with load(neighbour, "back") as counted:
        time.sleep(5)
    served = served_by(lb, since)
    assert counted.failed == 0, counted.outcomes
    assert served.get(f"{PRIVATE['app1']}:{PORT}", 0) > 10, served
