"""Read an ansible-playbook recap and render the bench's one markdown table."""

from __future__ import annotations

import re
from dataclasses import dataclass

EMPTY = "\u2013"  # an en dash: no value in this cell
_RECAP_LINE = re.compile(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$")


@dataclass(frozen=True)
class Row:
    """One line of the table; a cell left as None prints as a dash."""

    measurement: str
    path: str
    seconds: float | None = None
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    failed: int | None = None
    total: int | None = None
    note: str = ""


HEADER = (
    "| Measurement | Path | Wall time | Requests/s | p50 | p99 | Failed / total | Note |",
    "|---|---|--:|--:|--:|--:|--:|---|",
)


def parse_recap(output: str, host: str) -> dict[str, int]:
    """The PLAY RECAP counters of one host (ok, changed, failed, ...) from ansible-playbook's
    output; empty when the run printed no recap for it."""
    counters: dict[str, int] = {}
    in_recap = False
    for line in output.splitlines():
        if line.startswith("PLAY RECAP"):
            in_recap = True
            continue
        match = _RECAP_LINE.match(line.strip()) if in_recap else None
        if match and match[1] == host:
            counters = {k: int(v) for k, v in (kv.split("=") for kv in match[2].split())}
    return counters


def _ms(value: float | None) -> str:
    if value is None:
        return EMPTY
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def _seconds(value: float | None) -> str:
    if value is None:
        return EMPTY
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


def render_row(row: Row) -> str:
    rps = EMPTY if row.requests_per_second is None else f"{row.requests_per_second:,.0f}"
    failed = EMPTY if row.failed is None or row.total is None else f"{row.failed:,} / {row.total:,}"
    cells = (
        row.measurement,
        row.path,
        _seconds(row.seconds),
        rps,
        _ms(row.p50_ms),
        _ms(row.p99_ms),
        failed,
        row.note,
    )
    return "| " + " | ".join(cells) + " |"


def render_table(rows: list[Row], machine: str) -> str:
    return "\n".join([*HEADER, *(render_row(row) for row in rows), "", machine, ""])
