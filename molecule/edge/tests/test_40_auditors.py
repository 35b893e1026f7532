"""Outside auditors: gixy-ng on the rendered configuration, testssl.sh against the site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import testinfra.host
from edge import DOMAIN, PEBBLE_ROOT

Host = testinfra.host.Host


def test_gixy_finds_no_issue_in_the_rendered_config(host: Host, tmp_path: Path) -> None:
    """gixy-ng on `nginx -T` (the whole configuration as nginx loads it, includes resolved)."""
    dump = host.run("nginx -T")
    assert dump.rc == 0, dump.stderr
    config = tmp_path / "nginx-T.conf"
    config.write_text(dump.stdout)
    gixy = shutil.which("gixy") or str(Path(sys.executable).parent / "gixy")
    result = subprocess.run(
        [gixy, "--format", "json", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    issues = json.loads(result.stdout or "[]")
    print(f"\ngixy-ng: {len(issues)} issues")
    assert issues == [], json.dumps(issues, indent=1)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def testssl(client: Host, pebble_root: str) -> tuple[str, list[dict]]:
    """testssl.sh from the client: protocols, ciphers, forward secrecy, vulnerabilities."""
    client.run("rm -f /tmp/testssl.json")
    result = client.run(
        "timeout 600 testssl --quiet --color 0 --warnings off --add-ca "
        f"{PEBBLE_ROOT} --protocols --std --fs --vulnerable --server-defaults --headers "
        f"--jsonfile /tmp/testssl.json https://{DOMAIN}/"
    )
    findings = json.loads(client.file("/tmp/testssl.json").content_string)
    return result.stdout, findings


# Properties of Pebble's certificates, not of the server: they live 7 days (chosen in
# molecule.yml so certbot.timer renews them), carry neither a CRL nor an OCSP URI, and have a
# random 64-bit serial that testssl finds too short when its top byte happens to be zero.
PEBBLE_CERTIFICATE_FINDINGS = {
    "cert_expirationStatus",
    "cert_notAfter",
    "cert_revocation",
    "cert_serialNumberLen",
}
PEBBLE_CERTIFICATE_LINES = ("neither CRL nor OCSP URI", "length should be >= 64 bits entropy")


def test_testssl_reports_no_vulnerability(testssl: tuple[str, list[dict]]) -> None:
    _, findings = testssl
    bad = [
        f
        for f in findings
        if f["severity"] in {"MEDIUM", "HIGH", "CRITICAL"}
        and f["id"] not in PEBBLE_CERTIFICATE_FINDINGS
    ]
    print(
        f"\ntestssl.sh: {len(findings)} findings; not OK/INFO: "
        + "; ".join(
            f"{f['severity']} {f['id']}" for f in findings if f["severity"] not in {"OK", "INFO"}
        )
    )
    assert bad == [], json.dumps(bad, indent=1)


def test_testssl_has_no_not_ok_protocol_or_cipher(testssl: tuple[str, list[dict]]) -> None:
    text, _ = testssl
    not_ok = [line.strip() for line in text.splitlines() if "NOT ok" in line]
    print("\n" + ("\n".join(not_ok) if not_ok else "no NOT ok lines"))
    assert [line for line in not_ok if not any(p in line for p in PEBBLE_CERTIFICATE_LINES)] == []


def test_testssl_sees_only_tls12_and_tls13(testssl: tuple[str, list[dict]]) -> None:
    _, findings = testssl
    offered = {
        f["id"]: f["finding"]
        for f in findings
        if f["id"] in {"SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3"}
    }
    assert offered["TLS1_2"].startswith("offered"), offered
    assert offered["TLS1_3"].startswith("offered"), offered
    for old in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
        assert offered[old].startswith("not offered"), offered
