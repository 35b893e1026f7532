#!/usr/bin/python3
"""Keep N clients requesting an HTTPS URL, a new TLS connection per request, and count.

Each request verifies the served chain against --cafile and records the certificate's
fingerprint, so a run shows whether (and when) the served certificate changed. Ends when
--stop-file appears or after --max-seconds; the JSON summary goes to --out.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import ssl
import threading
import time
from collections import Counter
from pathlib import Path


def worker(
    args: argparse.Namespace,
    context: ssl.SSLContext,
    stats: dict,
    lock: threading.Lock,
    deadline: float,
) -> None:
    stop = Path(args.stop_file)
    while time.monotonic() < deadline and not stop.exists():
        connection = http.client.HTTPSConnection(args.host, 443, timeout=10, context=context)
        try:
            # The certificate is read at connect time: a response with "Connection: close"
            # (an old worker finishing during a reload) makes http.client drop the socket.
            connection.connect()
            der = connection.sock.getpeercert(binary_form=True) or b""
            connection.request("GET", args.path)
            response = connection.getresponse()
            response.read()
            outcome = "ok" if response.status == 200 else f"HTTP {response.status}"
            fingerprint = hashlib.sha256(der).hexdigest()[:16]
        except (OSError, http.client.HTTPException) as exc:
            outcome, fingerprint = type(exc).__name__, ""
        finally:
            connection.close()
        with lock:
            stats["total"] += 1
            stats["outcomes"][outcome] += 1
            if fingerprint:
                seen = stats["certificates"].setdefault(fingerprint, [time.time(), 0.0, 0])
                seen[1] = time.time()
                seen[2] += 1
        time.sleep(args.pause)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--path", default="/health")
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.1)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--stop-file", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(cafile=args.cafile)
    stats: dict = {"total": 0, "outcomes": Counter(), "certificates": {}}
    lock = threading.Lock()
    deadline = time.monotonic() + args.max_seconds
    threads = [
        threading.Thread(target=worker, args=(args, context, stats, lock, deadline))
        for _ in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["failed"] = stats["total"] - stats["outcomes"]["ok"]
    Path(args.out).write_text(json.dumps(stats))


if __name__ == "__main__":
    main()
