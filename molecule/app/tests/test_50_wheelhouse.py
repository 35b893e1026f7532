"""A git release installs from a wheelhouse built on the controller, with no index in reach."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import testinfra.host
from app_scenario import NAME, link

Host = testinfra.host.Host
PYPI = ("pypi.org", "files.pythonhosted.org")


def test_git_release_installs_from_a_wheelhouse_without_an_index(
    host: Host,
    run_playbook: Callable[..., Any],
    run_ok: Callable[..., str],
    version_of: Callable[[], str],
) -> None:
    before = link(host, "current")
    # The target cannot reach the index during this deploy: any index access would fail.
    # (/etc/hosts is a bind mount in the container: rewrite it, never rename over it.)
    blocked = "".join(f"127.0.0.1 {name}\\n" for name in PYPI)
    run_ok(f"cp /etc/hosts /etc/hosts.molecule && printf '{blocked}' >> /etc/hosts")
    try:
        assert host.run("curl -sS --max-time 5 https://pypi.org/simple/").rc != 0
        run = run_playbook(
            "deploy.yml",
            {
                "fastapi_app_source": "git",
                "fastapi_app_git_repo": "file:///srv/git/app.git",
                "fastapi_app_git_ref": "v2",
                "fastapi_app_install_mode": "wheelhouse",
                "fastapi_app_releases_keep": 3,
            },
        )
    finally:
        run_ok("cat /etc/hosts.molecule > /etc/hosts && rm /etc/hosts.molecule")
    assert run.rc == 0, run.output[-4000:]
    print(f"\ngit v2 from a wheelhouse: deploy took {run.seconds:.0f} s")
    assert version_of() == "2.0.0"
    release = link(host, "current")
    info = json.loads(host.file(f"/opt/{NAME}/{release}/.vpsforge-release").content_string)
    assert info["install_mode"] == "wheelhouse"
    assert info["source"] == "git"
    # v2's locks differ from the live release's: every dependency came from the wheelhouse.
    assert info["dependencies"] == "installed from the wheelhouse", info
    commit = run_ok("git -C /srv/git/app.git rev-parse v2^{commit}").strip()
    assert release == f"releases/{commit[:12]}"
    wheels = run_ok(f"ls /var/cache/{NAME}/wheelhouse/*/").split()
    assert any(w.startswith("fastapi-") for w in wheels)
    assert link(host, "previous") == before


def test_only_the_kept_releases_remain(host: Host, run_ok: Callable[..., str]) -> None:
    releases = run_ok(f"ls /opt/{NAME}/releases").split()
    assert len(releases) == 3, releases
    for name in ("current", "previous"):
        assert link(host, name).removeprefix("releases/") in releases
