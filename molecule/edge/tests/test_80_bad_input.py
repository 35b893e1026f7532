"""Input that only the target can judge never reaches the live nginx configuration.

Bad values are refused before anything changes by the contract suite (tests/contract/cases/
edge.py, on this machine in check mode): it holds the edge's bad-input cases. What is left
here needs the real host: a value every input rule accepts but nginx itself refuses (a
certificate path that names a file which is no certificate) is caught by `nginx -t` on a copy
of /etc/nginx before the site file is replaced, so nginx keeps the configuration it runs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import testinfra.host
from edge import DOMAIN, SITE, curl
from playbook_run import PlaybookRun

Host = testinfra.host.Host

pytestmark = pytest.mark.usefixtures("pebble_root")


def test_a_site_nginx_refuses_never_replaces_the_live_one(
    host: Host, client: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    before = host.file(SITE).sha256sum
    # Absolute paths of files that exist (so the role writes no stand-in there),
    # but neither is PEM: only nginx can tell.
    run = run_playbook(
        {"nginx_tls_certificate": "/etc/hostname", "nginx_tls_certificate_key": "/etc/hosts"}
    )
    assert run.rc != 0, run.output[-3000:]
    assert "cannot load certificate" in run.output, run.output[-3000:]
    assert run.changed == 0
    assert host.file(SITE).sha256sum == before
    assert "/etc/hostname" not in host.file(SITE).content_string
    assert host.run("nginx -t").rc == 0
    assert curl(client, f"https://{DOMAIN}/health").status == 200
