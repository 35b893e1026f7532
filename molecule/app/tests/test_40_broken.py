"""A release that cannot serve never takes traffic: the old one serves, the play fails, and the
host is left exactly as before (settings and links); a rerun tries the switch again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import testinfra.host
from app_scenario import NAME, UNIT, link, stored_fds

Host = testinfra.host.Host

# The settings a deploy writes; a failed one must leave them as they were.
SETTINGS = (
    f"/etc/{NAME}/app.env",
    f"/etc/{NAME}/gunicorn.conf.py",
    f"/etc/{NAME}/reload.json",
    f"/etc/systemd/system/{UNIT}",
)
PENDING = f"/opt/{NAME}/.switch-pending"


def settings_digest(host: Host) -> str:
    """The settings' content, owner, group and mode (the app must still read them)."""
    files = " ".join(SETTINGS)
    return host.check_output(f"sha256sum {files}; stat -c '%U:%G %a %n' {files}")


def leftover_copies(host: Host) -> str:
    """Backup copies of the settings (the template module's name~ files) left on the host."""
    return host.run(f"ls /etc/{NAME} /etc/systemd/system | grep '~$' || true").stdout.strip()


BROKEN = {
    "import error": (
        {
            "src/vpsforge_app/main.py": (
                "import sys\n",
                "import sys\n\nimport vpsforge_nope\n",
            )
        },
        "ModuleNotFoundError: No module named 'vpsforge_nope'",
    ),
    "readiness that never passes": (
        {
            "src/vpsforge_app/routes/health.py": (
                'return {"status": "ready"}',
                'return JSONResponse(status_code=503, content={"status": "not ready", '
                '"reason": "simulated outage"})',
            )
        },
        "simulated outage",
    ),
}


def deploy_broken(
    case: str,
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
    *,
    rerun: bool,
) -> None:
    edits, reason = BROKEN[case]
    live, previous, version = link(host, "current"), link(host, "previous"), version_of()
    settings = settings_digest(host)
    source = app_copy(case.replace(" ", "-"), edits)
    # A settings change rides along (Gunicorn's worker count): it must be undone too.
    broken = {
        "fastapi_app_source_path": str(source),
        "fastapi_app_health_timeout": 10,
        "fastapi_app_workers": 3,
    }
    with load() as seen:
        run = run_playbook("deploy.yml", broken)
    message = run.output[run.output.find("did not become ready") - 200 :][:1500]
    print(f"\n{case}: {seen[0]}; the play failed after {run.seconds:.0f} s with:\n{message}")
    assert run.rc != 0
    assert "did not become ready" in run.output
    assert reason in run.output
    assert f"Switched back to {live}, which kept serving throughout" in run.output
    assert seen[0].failed == 0, seen[0]
    assert set(seen[0].seen) == {version}, "the broken release answered"
    assert (link(host, "current"), link(host, "previous")) == (live, previous)
    assert version_of() == version
    assert settings_digest(host) == settings, "the failed deploy left new settings behind"
    assert leftover_copies(host) == ""
    assert not host.file(PENDING).exists
    assert stored_fds(host) == 1, "the failed release's listener is still in systemd's store"
    if not rerun:
        return
    # Nothing on the host says the broken release is live: the same deploy tries it again.
    again = run_playbook("deploy.yml", broken)
    assert again.rc != 0 and "did not become ready" in again.output, again.output[-2000:]
    assert settings_digest(host) == settings
    assert stored_fds(host) == 1, "a failed release's listener is still in systemd's store"


def test_release_that_fails_to_import_is_rolled_back(
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    deploy_broken("import error", host, run_playbook, app_copy, load, version_of, rerun=True)


def test_release_that_never_gets_ready_is_rolled_back(
    host: Host,
    run_playbook: Callable[..., Any],
    app_copy: Callable[..., Any],
    load: Callable[..., Any],
    version_of: Callable[[], str],
) -> None:
    # The rerun after a failed gate is proven once, above: it does not depend on the cause.
    deploy_broken(
        "readiness that never passes", host, run_playbook, app_copy, load, version_of, rerun=False
    )


def test_rerun_finishes_a_switch_that_was_cut_off(
    host: Host, run_playbook: Callable[..., Any], version_of: Callable[[], str]
) -> None:
    """A connection dropped mid-switch leaves the switch note behind: the next run, with
    nothing else to change, still makes the app run what is on disk and proves it."""
    version = version_of()
    host.check_output(f"echo {link(host, 'current')} > {PENDING}")
    run = run_playbook("deploy.yml")
    assert run.rc == 0, run.output[-3000:]
    assert run.recap("changed") > 0
    assert any("Go live" in task for task in run.changed_tasks()), run.changed_tasks()
    assert not host.file(PENDING).exists
    assert version_of() == version
    assert run_playbook("deploy.yml").recap("changed") == 0
