#!/usr/bin/python3
"""Requests per second through nginx (HTTPS, HTTP/1.1 keepalive) and straight to Gunicorn's
unix socket, side by side in one run, on the host that runs both (stdlib only).

Each of --connections clients keeps one connection open and sends GET --path back to back
for --seconds; the two targets are measured one after the other, --rounds times, alternating,
and the best round of each is printed with the ratio. The load generator shares the host's
CPUs with nginx and Gunicorn, so the figures compare the two paths; they are not capacity.

    python3 edge_rps.py --server-name api.example.com --socket /run/vpsforge-app/gunicorn.sock
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import time
from collections.abc import Awaitable, Callable

Opener = Callable[[], Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]


async def one_client(open_connection: Opener, request: bytes, deadline: float) -> tuple[int, int]:
    """Requests back to back on one connection; reopened when the server closes it (nginx
    ends a keepalive connection after keepalive_requests), which is not a failure."""
    ok = failed = 0
    reader, writer = await open_connection()
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    raise
                writer.close()
                reader, writer = await open_connection()
                continue
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            if status == 200:
                ok += 1
            else:
                failed += 1
            if b"\r\nconnection: close" in head.lower():
                writer.close()
                reader, writer = await open_connection()
    finally:
        writer.close()
    return ok, failed


async def measure(
    open_connection: Opener, request: bytes, connections: int, seconds: float
) -> dict[str, float]:
    started = time.monotonic()
    deadline = started + seconds
    results = await asyncio.gather(
        *(one_client(open_connection, request, deadline) for _ in range(connections))
    )
    elapsed = time.monotonic() - started
    ok = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    return {"rps": ok / elapsed, "ok": ok, "failed": failed}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", required=True, help="the site's name (SNI and Host)")
    parser.add_argument("--address", default="127.0.0.1", help="where nginx listens")
    parser.add_argument("--socket", default="/run/vpsforge-app/gunicorn.sock")
    parser.add_argument("--path", default="/health")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # measuring the path, not the chain
    context.set_alpn_protocols(["http/1.1"])
    request = (
        f"GET {args.path} HTTP/1.1\r\nHost: {args.server_name}\r\nConnection: keep-alive\r\n\r\n"
    ).encode()

    def via_nginx() -> Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
        return asyncio.open_connection(
            args.address, 443, ssl=context, server_hostname=args.server_name
        )

    def direct() -> Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
        return asyncio.open_unix_connection(args.socket)

    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for name, opener in (("nginx", via_nginx), ("direct", direct)):
            result = await measure(opener, request, args.connections, args.seconds)
            if name not in best or result["rps"] > best[name]["rps"]:
                best[name] = result
    ratio = best["nginx"]["rps"] / best["direct"]["rps"] if best["direct"]["rps"] else 0.0
    print(
        json.dumps(
            {"nginx": best["nginx"], "direct": best["direct"], "nginx_over_direct": round(ratio, 3)}
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
