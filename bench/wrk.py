"""Read what wrk (4.x, Debian's `wrk` package) prints into numbers the bench can tabulate.

wrk counts a response as a request once it is complete, whatever its status; a socket error is
an attempt that got no response (connect, read, write) or a response slower than --timeout
(counted by wrk in both its requests and its timeouts). So here:

- failed = responses with a status >= 400 ("Non-2xx or 3xx responses") + every socket error;
- total  = complete responses + connect, read and write errors.

wrk does not count a request whose connection the server closed cleanly (FIN) before
answering: it reconnects and sends again. Behind nginx that cannot hide an app failure
(nginx answers 502/503 itself), straight to an app server it can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_SUMMARY = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),")
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$")
_SOCKET = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)
_STATUS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)


class WrkOutputError(ValueError):
    """wrk's output lacks its summary (it failed to start, or the format changed)."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    non_2xx_3xx: int = 0
    connect_errors: int = 0
    read_errors: int = 0
    write_errors: int = 0
    timeouts: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None

    @property
    def socket_errors(self) -> int:
        return self.connect_errors + self.read_errors + self.write_errors + self.timeouts

    @property
    def failed(self) -> int:
        return self.non_2xx_3xx + self.socket_errors

    @property
    def total(self) -> int:
        return self.requests + self.connect_errors + self.read_errors + self.write_errors


def to_ms(value: str, unit: str) -> float:
    """A wrk duration (``341.00us``, ``1.34ms``, ``2.00s``, ``1.00m``) in milliseconds."""
    return float(value) * _TIME_UNITS_MS[unit]


def parse_wrk(text: str) -> WrkResult:
    """The numbers of one wrk run; percentiles only when it ran with --latency."""
    summary = rps = None
    percentiles: dict[str, float] = {}
    for line in text.splitlines():
        if match := _SUMMARY.match(line):
            summary = match
        elif match := _PERCENTILE.match(line):
            percentiles[match[1]] = to_ms(match[2], match[3])
    if (rps := _RPS.search(text)) is None or summary is None:
        raise WrkOutputError(f"no wrk summary in: {text.strip()[-400:]!r}")
    socket = _SOCKET.search(text)
    connect, read, write, timeout = (int(n) for n in socket.groups()) if socket else (0, 0, 0, 0)
    status = _STATUS.search(text)
    return WrkResult(
        requests=int(summary[1]),
        seconds=to_ms(summary[2], summary[3]) / 1000,
        requests_per_second=float(rps[1]),
        non_2xx_3xx=int(status[1]) if status else 0,
        connect_errors=connect,
        read_errors=read,
        write_errors=write,
        timeouts=timeout,
        p50_ms=percentiles.get("50"),
        p99_ms=percentiles.get("99"),
    )
