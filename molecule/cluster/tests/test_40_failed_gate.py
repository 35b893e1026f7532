"""A release that fails its readiness gate on the first app host stops the roll-out: that host
goes back to the release it served (and back behind the load balancer), the second host is never
touched, the play fails with the reason, and no request fails meanwhile through either edge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import testinfra.host
from cluster import (
    app_copy,
    load_both,
    marked_down,
    marked_down_now,
    release_of,
)
from playbook_run import PlaybookRun

Host = testinfra.host.Host

NOT_READY = (
    "src/vpsforge_app/routes/health.py",
    'return {"status": "ready"}',
    'return JSONResponse(status_code=503, content={"status": "not ready", '
    '"reason": "this release fails its gate on purpose"})',
)


def test_a_release_failing_its_gate_leaves_every_host_on_the_old_release(
    run_playbook: Callable[..., PlaybookRun],
    lb: Host,
    app1: Host,
    app2: Host,
    neighbour: Host,
    tmp_path: Path,
) -> None:
    before = {"app1": release_of(app1), "app2": release_of(app2)}
    source = app_copy(tmp_path, "app-broken", "a release that never gets ready", NOT_READY)
    with load_both(neighbour, "failed-gate") as (counted, through_caddy):
        run = run_playbook(
            "deploy.yml", {"fastapi_app_source_path": str(source), "fastapi_app_health_timeout": 10}
        )
    print(
        f"\nfailed gate on the first host: {run.seconds:.0f} s; requests failed/total through "
        f"nginx: {counted.failed}/{counted.total}; {counted.outcomes}; through Caddy: "
        f"{through_caddy.failed}/{through_caddy.total}; {through_caddy.outcomes}"
    )
    assert run.rc != 0
    assert "this release fails its gate on purpose" in run.output
    assert "The roll-out stops here" in run.output
    assert "is back behind the load balancers on the release that served before" in run.output
    assert marked_down(run.output) == ["vpsforge-cluster-app1"]  # never the second host
    assert {"app1": release_of(app1), "app2": release_of(app2)} == before
    # The settings put back are the app's to read, as they were.
    for name in ("app.env", "gunicorn.conf.py", "reload.json"):
        settings = app1.file(f"/etc/vpsforge-app/{name}")
        assert (settings.user, settings.group, settings.mode) == ("root", "vpsforge-app", 0o640)
    assert marked_down_now(lb) == []
    assert counted.failed == 0, counted.outcomes
    assert through_caddy.failed == 0, through_caddy.outcomes
