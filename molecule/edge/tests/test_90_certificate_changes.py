"""Reruns ask Pebble for nothing and put back what was changed by hand; a longer domain list
expands the certificate; a name that does not resolve fails with certbot's reason while nginx
keeps serving."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import testinfra.host
from edge import (
    ARCHIVE,
    DOMAIN,
    EXTRA,
    LIVE,
    NOWHERE,
    SITE,
    STABLE,
    WWW,
    certificate_names,
    curl,
    served_certificate,
)
from playbook_run import PlaybookRun

Host = testinfra.host.Host

pytestmark = pytest.mark.usefixtures("pebble_root")


def versions(host: Host) -> int:
    return len([name for name in host.file(ARCHIVE).listdir() if name.startswith("cert")])


def test_rerun_requests_nothing(host: Host, run_playbook: Callable[..., PlaybookRun]) -> None:
    before = versions(host)
    run = run_playbook()
    assert run.rc == 0, run.output[-3000:]
    assert run.changed == 0
    assert versions(host) == before


def test_rerun_puts_back_a_hand_edited_file_link_and_service_state(
    host: Host, client: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    site = host.file(SITE).sha256sum
    host.run_expect([0], f"echo '# edited by hand' >> {SITE}")
    # Back to the first certificate, chain and key alike (a pair that does not match is
    # refused by the nginx role's nginx -t before anything changes).
    for name in ("fullchain", "privkey"):
        host.run_expect([0], f"ln -sfn {ARCHIVE}/{name}1.pem {STABLE}/{name}.pem")
    host.run_expect([0], "systemctl disable --now certbot.timer")
    before = versions(host)

    run = run_playbook()
    assert run.rc == 0, run.output[-3000:]
    assert run.changed >= 3, run.output[-3000:]
    assert host.file(SITE).sha256sum == site
    for name in ("fullchain.pem", "privkey.pem"):
        assert host.check_output(f"readlink {STABLE}/{name}") == f"{LIVE}/{name}"
    timer = host.service("certbot.timer")
    assert timer.is_enabled and timer.is_running
    assert versions(host) == before
    served = served_certificate(client, DOMAIN)
    assert served.strip() == host.file(f"{LIVE}/cert.pem").content_string.strip()


def test_a_missing_chain_next_to_its_key_is_refused_and_the_key_kept(
    host: Host, client: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    key = host.file(f"{LIVE}/privkey.pem").sha256sum
    host.run_expect([0], f"rm {STABLE}/fullchain.pem")
    try:
        run = run_playbook()
        assert run.rc != 0
        assert "does not exist" in run.output and "but its key" in run.output, run.output[-3000:]
        assert host.check_output(f"readlink {STABLE}/privkey.pem") == f"{LIVE}/privkey.pem"
        assert host.file(f"{LIVE}/privkey.pem").sha256sum == key
        assert not host.file(f"{STABLE}/fullchain.pem").exists
        assert curl(client, f"https://{DOMAIN}/health").status == 200
    finally:
        host.run_expect([0], f"ln -sfn {LIVE}/fullchain.pem {STABLE}/fullchain.pem")


def test_longer_domain_list_expands_the_certificate(
    host: Host, client: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    before = versions(host)
    run = run_playbook({"nginx_server_names": [DOMAIN, WWW, EXTRA]})
    assert run.rc == 0, run.output[-3000:]
    assert versions(host) == before + 1
    assert certificate_names(host, f"{LIVE}/cert.pem") == {DOMAIN, WWW, EXTRA}
    response = curl(client, f"https://{EXTRA}/health")
    assert response.status == 200, response  # verified against Pebble's root for the new name


def test_unresolvable_domain_fails_with_certbot_reason_and_nginx_keeps_serving(
    host: Host, client: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    before = versions(host)
    run = run_playbook({"letsencrypt_domains": [DOMAIN, WWW, EXTRA, NOWHERE]})
    print("\n" + "\n".join(line for line in run.output.splitlines() if "Detail" in line))
    assert run.rc != 0
    assert "certbot could not get a certificate" in run.output
    assert NOWHERE in run.output and "Detail:" in run.output
    assert versions(host) == before
    assert curl(client, f"http://{DOMAIN}/.well-known/acme-challenge/missing").status == 404
    assert curl(client, f"http://{DOMAIN}/health").status == 301
    assert curl(client, f"https://{DOMAIN}/health").status == 200
