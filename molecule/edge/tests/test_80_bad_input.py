"""Bad input to playbooks/edge.yml is rejected before anything changes on the host."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from edge import PlaybookRun

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "invalid domain name": (
        {"nginx_server_names": ["api.vpsforge.test", "bad_name!.vpsforge.test"]},
        "nginx_server_names: bad_name!.vpsforge.test",
    ),
    "wildcard domain (HTTP-01 cannot validate it)": (
        {"nginx_server_names": ["*.vpsforge.test"]},
        "nginx_server_names: *.vpsforge.test",
    ),
    "email that is not one": (
        {"letsencrypt_email": "ops-at-vpsforge.test"},
        "letsencrypt_email: 'ops-at-vpsforge.test' is not an email address",
    ),
    "rate with an unknown unit": ({"nginx_rate_limit": "10r/x"}, "nginx_rate_limit '10r/x'"),
    "unknown ACME server scheme": (
        {"letsencrypt_server": "ftp://acme.vpsforge.test:14000/dir"},
        "letsencrypt_server: 'ftp://acme.vpsforge.test:14000/dir' is neither",
    ),
    "plain http ACME server": (
        {"letsencrypt_server": "http://acme.vpsforge.test:14000/dir"},
        "letsencrypt_server: 'http://acme.vpsforge.test:14000/dir' is neither",
    ),
    "redirect to HTTPS without TLS": (
        {"nginx_tls": False, "nginx_http_redirect": True},
        "nginx_http_redirect=true redirects HTTP to HTTPS, but nginx_tls=false",
    ),
    "redirect status that is not a redirect": (
        {"nginx_http_redirect_status": 200},
        "nginx_http_redirect_status",
    ),
}


@pytest.fixture(scope="module")
def runs(run_playbook: Callable[..., PlaybookRun]) -> dict[str, PlaybookRun]:
    """Every case against the target, four runs at a time (they only read the host)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case: pool.submit(run_playbook, CASES[case][0]) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_change(runs: dict[str, PlaybookRun], case: str) -> None:
    run = runs[case]
    assert run.rc != 0, run.output[-3000:]
    assert CASES[case][1] in run.output, run.output[-3000:]
    assert run.changed == 0
