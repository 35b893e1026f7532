"""req/s through nginx vs straight to Gunicorn's socket on the target (printed, never gated)."""

from __future__ import annotations

import json

import testinfra.host
from edge import DOMAIN, ROOT, SOCKET, container, put_file

Host = testinfra.host.Host


def test_requests_per_second_through_nginx_and_direct(host: Host, distro: str) -> None:
    put_file(
        container("", distro),
        "/root/edge_rps.py",
        (ROOT / "bench" / "edge_rps.py").read_bytes(),
        "0755",
    )
    result = host.run(
        f"python3 /root/edge_rps.py --server-name {DOMAIN} --socket {SOCKET} "
        "--connections 16 --seconds 5 --rounds 2"
    )
    assert result.rc == 0, result.stderr
    figures = json.loads(result.stdout)
    print(
        f"\nreq/s GET /health, 16 keepalive connections: through nginx (TLS) "
        f"{figures['nginx']['rps']:.0f}, direct to the socket {figures['direct']['rps']:.0f}, "
        f"ratio {figures['nginx_over_direct']}"
    )
    assert figures["nginx"]["failed"] == 0 and figures["direct"]["failed"] == 0, figures
