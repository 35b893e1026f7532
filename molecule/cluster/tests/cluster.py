"""Names and helpers of the cluster scenario (all traffic stays on its two networks)."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import testinfra.host

Host = testinfra.host.Host

ROOT = Path(__file__).resolve().parents[3]
LOADGEN = ROOT / "molecule" / "shared" / "https_loadgen.py"
DOMAIN = "api.vpsforge.test"  # nginx on `lb`
CADDY_DOMAIN = "api2.vpsforge.test"  # Caddy on `lb2`
PEBBLE_ROOT = "/root/pebble-root.pem"  # on the neighbour
APPS = ("app1", "app2")  # inventory order: the rolling deploy goes app1, then app2
PRIVATE = {
    "lb": "10.214.62.10",
    "lb2": "10.214.62.13",
    "app1": "10.214.62.11",
    "app2": "10.214.62.12",
}
PUBLIC = {
    "lb": "10.214.61.10",
    "lb2": "10.214.61.13",
    "app1": "10.214.61.11",
    "app2": "10.214.61.12",
}
PORT = 8000
UPSTREAM_CONF = "/etc/nginx/snippets/vpsforge-app-upstream.conf"
ACCESS_LOG = "/var/log/nginx/app.access.log"
CURRENT = "/opt/vpsforge-app/current"
UNIT = "vpsforge-app.service"


def container(role: str, distro: str) -> str:
    return f"vpsforge-cluster-{role}-{distro}"


def release_of(host: Host) -> str:
    """The release the app host's `current` link names (releases/<id>)."""
    return host.file(CURRENT).linked_to


def app_copy(tmp: Path, name: str, note: str, patch: tuple[str, str, str] | None = None) -> Path:
    """A copy of the bundled app that makes another release (a file of its own changes the
    digest); `patch` = (relative path, old text, new text) changes its code."""
    target = tmp / name
    shutil.copytree(
        ROOT / "app",
        target,
        ignore=shutil.ignore_patterns(".venv", "__pycache__", ".pytest_cache", ".ruff_cache"),
    )
    (target / "RELEASE_NOTE").write_text(note + "\n")
    if patch:
        path, old, new = patch
        source = (target / path).read_text()
        assert old in source, f"{path} no longer holds {old!r}"
        (target / path).write_text(source.replace(old, new, 1))
    return target


@dataclass
class Load:
    """What the load generator on the neighbour counted."""

    total: int = 0
    failed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


@contextmanager
def load(
    neighbour: Host, name: str, clients: int = 4, pause: float = 0.05, domain: str = DOMAIN
) -> Iterator[Load]:
    """Constant HTTPS GETs through the load balancer serving `domain` from the neighbour while
    the block runs."""
    stop, out = f"/tmp/{name}.stop", f"/tmp/{name}.json"
    neighbour.run(f"rm -f {stop} {out}; systemctl reset-failed {name} 2>/dev/null")
    started = neighbour.run(
        f"systemd-run --unit={name} --collect /usr/bin/python3 /root/loadgen.py --host {domain} "
        f"--path /health --cafile {PEBBLE_ROOT} --clients {clients} --pause {pause} "
        f"--max-seconds 900 --stop-file {stop} --out {out}"
    )
    assert started.rc == 0, started.stderr
    time.sleep(2)  # the first requests land before the change
    result = Load()
    try:
        yield result
    finally:
        time.sleep(2)  # and the last ones after it
        neighbour.run(f"touch {stop}")
        deadline = time.monotonic() + 60
        while not neighbour.file(out).exists:
            assert time.monotonic() < deadline, "the load generator did not stop"
            time.sleep(0.5)
        summary = json.loads(neighbour.file(out).content_string)
        result.total = summary["total"]
        result.failed = summary["failed"]
        result.outcomes = dict(summary["outcomes"])


def served_by(lb: Host, since_line: int) -> dict[str, int]:
    """Requests per upstream address in the load balancer's access log after line `since_line`."""
    counts: dict[str, int] = {}
    for line in lb.run(f"tail -n +{since_line + 1} {ACCESS_LOG}").stdout.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        for address in filter(None, entry.get("upstream_addr", "").replace(" ", "").split(",")):
            counts[address] = counts.get(address, 0) + 1
    return counts


def log_lines(lb: Host) -> int:
    return int(lb.run(f"wc -l < {ACCESS_LOG}").stdout.strip() or 0)


def marked_down(output: str) -> list[str]:
    """The app hosts a playbook run took out of the load balancer, in order (their `changed:`
    lines under the upstream task that marks them down)."""
    hosts = []
    for step in re.split(r"\n(?=TASK \[)", output):
        if step.startswith("TASK [") and "Mark this host on every load balancer down" in step:
            hosts += re.findall(r"^changed: \[(vpsforge-cluster-app\d)-\w+ -> ", step, re.M)
    return hosts


def marked_down_now(lb: Host) -> list[str]:
    """The `server` lines of the load balancer's upstream file that are marked down."""
    return [
        line
        for line in lb.file(UPSTREAM_CONF).content_string.splitlines()
        if line.startswith("server ") and " down" in line
    ]


def app_requests(app: Host, cursor: str, path: str = "/health") -> int:
    """Requests for `path` the app host's app logged after the journal `cursor`."""
    time.sleep(1)  # the last lines reach the journal
    lines = app.run(f"journalctl -u {UNIT} --after-cursor='{cursor}' -o cat").stdout.splitlines()
    count = 0
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        count += isinstance(entry, dict) and entry.get("path") == path
    return count


def journal_cursor(host: Host, unit: str = UNIT) -> str:
    """Where the unit's journal on the host ends now (for app_requests, caddy_reloads)."""
    shown = host.run(f"journalctl -u {unit} -n 1 -o cat --show-cursor").stdout
    assert "-- cursor: " in shown, shown
    return shown.rsplit("-- cursor: ", 1)[1].strip()


def caddy_upstreams(lb2: Host) -> dict[str, int]:
    """Failed requests Caddy holds against each app host now (its admin API, on the host)."""
    shown = lb2.run("curl -sS --max-time 5 http://localhost:2019/reverse_proxy/upstreams")
    assert shown.rc == 0, shown.stderr
    return {entry["address"]: int(entry["fails"]) for entry in json.loads(shown.stdout)}


@contextmanager
def load_both(neighbour: Host, name: str) -> Iterator[tuple[Load, Load]]:
    """Constant load through both load balancers at once: (nginx's on `lb`, Caddy's on `lb2`)."""
    with (
        load(neighbour, name) as nginx,
        load(neighbour, f"{name}-caddy", domain=CADDY_DOMAIN) as caddy,
    ):
        yield nginx, caddy


def caddy_reloads(lb2: Host, cursor: str) -> int:
    """Configurations Caddy loaded after the journal `cursor` (each reload posts to /load)."""
    lines = lb2.run(f"journalctl -u caddy.service --after-cursor='{cursor}' -o cat").stdout
    return sum('"uri":"/load"' in line for line in lines.splitlines())
