"""Names and helpers shared by the edge scenario's tests (all traffic stays on its network)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import testinfra.host

Host = testinfra.host.Host

ROOT = Path(__file__).resolve().parents[3]
EDGE = ROOT / "playbooks" / "edge.yml"
# The HTTPS load generator the scenarios share (molecule/shared).
LOADGEN = Path(__file__).resolve().parents[2] / "shared" / "https_loadgen.py"
DOMAIN = "api.vpsforge.test"
WWW = "www.vpsforge.test"
EXTRA = "admin.vpsforge.test"  # a network alias of the target, not on the certificate at first
NOWHERE = "nx.vpsforge.test"  # resolves nowhere
CERT_NAME = DOMAIN
LIVE = f"/etc/letsencrypt/live/{CERT_NAME}"
ARCHIVE = f"/etc/letsencrypt/archive/{CERT_NAME}"
STABLE = f"/etc/ssl/vpsforge/{CERT_NAME}"  # letsencrypt_certificate(_key) live here
SITE = "/etc/nginx/conf.d/vpsforge-app.conf"
PEBBLE_ROOT = "/root/pebble-root.pem"  # on the client and the target
SOCKET = "/run/vpsforge-app/gunicorn.sock"
CLIENT_IP = "10.214.58.30"  # molecule.yml
# The app's writes need its WRITE_TOKEN (fastapi_app_secrets in molecule.yml).
WRITE_AUTH = "-H 'Authorization: Bearer edge-scenario-write-token-Jf6rT2kQ9wX4bN8c'"


def container(role: str, distro: str) -> str:
    return f"vpsforge-edge-{role}-{distro}" if role else f"vpsforge-edge-{distro}"


@dataclass(frozen=True)
class Response:
    """One curl request made from the client."""

    rc: int
    status: int
    http_version: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""
    error: str = ""

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), [])
        return values[-1] if values else ""


def curl(client: Host, url: str, *args: str, timeout: int = 15) -> Response:
    """curl from the client, trusting Pebble's root; redirects are not followed."""
    command = (
        f"body=$(mktemp); curl -sS --max-time {timeout} --cacert {PEBBLE_ROOT} -D - -o $body "
        f"-w '\\n__STATUS__ %{{http_code}} %{{http_version}}\\n' {' '.join(args)} '{url}'; "
        "rc=$?; echo __BODY__; cat $body; rm -f $body; exit $rc"
    )
    result = client.run(command)
    head, _, body = result.stdout.partition("\n__BODY__\n")
    match = re.search(r"__STATUS__ (\d+) (\S+)", head)
    headers: dict[str, list[str]] = {}
    for line in head.splitlines():
        name, sep, value = line.partition(":")
        if sep and not name.startswith(("HTTP/", "__")) and " " not in name:
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return Response(
        rc=result.rc,
        status=int(match.group(1)) if match else 0,
        http_version=match.group(2) if match else "",
        headers=headers,
        body=body,
        error=result.stderr,
    )


def flood(client: Host, path: str, requests: int, parallel: int) -> Counter[str]:
    """`requests` GETs from the client, `parallel` at a time (one curl, HTTP/2 streams)."""
    urls = "\n".join(f'url = "https://{DOMAIN}{path}"\noutput = /dev/null' for _ in range(requests))
    client.run(f"printf '%s\\n' '{urls}' > /tmp/flood.curlrc")
    result = client.run(
        f"curl -s -Z --parallel-max {parallel} --max-time 30 --cacert /root/pebble-root.pem "
        "-w '%{http_code}\\n' -K /tmp/flood.curlrc"
    )
    return Counter(result.stdout.split())


def served_certificate(client: Host, name: str, connect: str = "") -> str:
    """The PEM certificate nginx presents for SNI `name` (empty when the handshake fails)."""
    result = client.run(
        f"timeout 15 openssl s_client -connect {connect or name}:443 -servername {name} "
        "</dev/null 2>/dev/null | openssl x509"
    )
    return result.stdout if result.rc == 0 else ""


def certificate_names(host: Host, pem_path: str) -> set[str]:
    out = host.run(f"openssl x509 -in {pem_path} -noout -ext subjectAltName").stdout
    return set(re.findall(r"DNS:([^,\s]+)", out))
