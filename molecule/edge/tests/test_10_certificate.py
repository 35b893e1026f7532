"""The certificate is real: issued by Pebble over HTTP-01 for the names asked, served by nginx."""

from __future__ import annotations

import time

import testinfra.host
from edge import (
    ARCHIVE,
    DOMAIN,
    LIVE,
    SITE,
    STABLE,
    WWW,
    certificate_names,
    served_certificate,
)

Host = testinfra.host.Host


def test_served_chain_verifies_against_pebble_root(client: Host, pebble_root: str) -> None:
    for name in (DOMAIN, WWW):
        result = client.run(
            f"timeout 15 openssl s_client -connect {name}:443 -servername {name} "
            f"-verify_hostname {name} -CAfile /root/pebble-root.pem -verify_return_error "
            "</dev/null"
        )
        assert result.rc == 0, result.stderr
        assert "Verify return code: 0 (ok)" in result.stdout


def test_certificate_carries_every_name_asked(host: Host) -> None:
    assert certificate_names(host, f"{LIVE}/cert.pem") == {DOMAIN, WWW}


def test_served_certificate_is_the_issued_one_not_the_stand_in(
    host: Host, client: Host, pebble_root: str
) -> None:
    served = served_certificate(client, DOMAIN)
    assert served.strip() == host.file(f"{LIVE}/cert.pem").content_string.strip()
    issuer = host.run(f"openssl x509 -in {LIVE}/cert.pem -noout -issuer").stdout
    assert "Pebble" in issuer


def test_site_names_stable_paths_that_link_to_certbots_lineage(host: Host) -> None:
    """One nginx pass: the site file names the same paths before and after issuance."""
    site = host.file(SITE).content_string
    assert f"ssl_certificate {STABLE}/fullchain.pem;" in site
    assert f"ssl_certificate_key {STABLE}/privkey.pem;" in site
    assert "selfsigned" not in site
    # The links' own targets (testinfra's linked_to resolves the whole chain into archive/).
    for name in ("fullchain.pem", "privkey.pem"):
        assert host.check_output(f"readlink {STABLE}/{name}") == f"{LIVE}/{name}"
    directory = host.file(STABLE)
    assert (directory.user, directory.group, directory.mode) == ("root", "root", 0o700)


def test_renewal_uses_the_configured_acme_server_and_webroot(host: Host) -> None:
    conf = host.file(f"/etc/letsencrypt/renewal/{DOMAIN}.conf").content_string
    assert "server = https://acme.vpsforge.test:14000/dir" in conf
    assert "authenticator = webroot" in conf


def test_renewal_is_the_distribution_timer_not_cron(host: Host) -> None:
    timer = host.service("certbot.timer")
    assert timer.is_enabled
    assert timer.is_running
    assert host.run("crontab -l").stdout.strip() == ""
    unit = host.run("systemctl cat certbot.service").stdout
    assert "--no-random-sleep-on-renew" in unit  # the timer's delay is the only random wait


def test_deploy_hook_checks_nginx_before_it_reloads(host: Host) -> None:
    hook = host.file("/etc/letsencrypt/renewal-hooks/deploy/50-vpsforge-nginx-reload")
    assert hook.mode == 0o755
    text = hook.content_string
    assert text.index("nginx -t") < text.index("systemctl reload nginx.service")


def test_issuance_time(host: Host, pebble_root: str) -> None:
    """A fresh certificate from Pebble through nginx's webroot, timed (printed, not gated)."""
    started = time.monotonic()
    result = host.run(
        "certbot certonly --non-interactive --agree-tos --register-unsafely-without-email "
        "--webroot --webroot-path /var/www/letsencrypt --cert-name timing-probe "
        f"--server https://acme.vpsforge.test:14000/dir -d {DOMAIN} -d {WWW}"
    )
    seconds = time.monotonic() - started
    host.run("certbot delete --non-interactive --cert-name timing-probe")
    assert result.rc == 0, result.stderr
    print(f"\nissuance (2 names, HTTP-01 through nginx): {seconds:.2f} s")
    assert host.file(ARCHIVE).is_directory
