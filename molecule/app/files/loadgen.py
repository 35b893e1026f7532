#!/usr/bin/python3
"""Keep N clients busy against a unix socket and count every request's outcome.

Each client opens a new connection per request (as nginx does towards an upstream without
keepalive), sends GET <path> and reads the whole response. The run ends when --stop-file
appears or after --max-seconds; the summary (JSON) goes to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from pathlib import Path


async def request(socket_path: str, path: str, timeout: float) -> tuple[int, bytes]:
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(socket_path), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, body


async def client(args: argparse.Namespace, stats: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, body = await request(args.socket, args.path, args.timeout)
        except (TimeoutError, OSError, IndexError, ValueError) as exc:
            stats["errors"][type(exc).__name__] += 1
            stats["failed"] += 1
        else:
            if status == 200:
                stats["ok"] += 1
                release = json.loads(body).get(args.field, "?")
                seen = stats["seen"].setdefault(release, [time.time(), 0.0])
                seen[1] = time.time()
            else:
                stats["failed"] += 1
                stats["errors"][f"HTTP {status}"] += 1
        stats["slowest"] = max(stats["slowest"], time.monotonic() - started)
        await asyncio.sleep(args.pause)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--path", default="/version")
    parser.add_argument("--field", default="version")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=15)
    parser.add_argument("--pause", type=float, default=0.01)
    parser.add_argument("--stop-file", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    stats: dict = {"ok": 0, "failed": 0, "errors": Counter(), "seen": {}, "slowest": 0.0}
    stop = asyncio.Event()
    tasks = [asyncio.create_task(client(args, stats, stop)) for _ in range(args.clients)]
    deadline = time.monotonic() + args.max_seconds
    while not args.stop_file.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    stop.set()
    await asyncio.gather(*tasks)
    stats["total"] = stats["ok"] + stats["failed"]
    args.out.write_text(json.dumps(stats, default=dict))


if __name__ == "__main__":
    asyncio.run(main())
