#!/usr/bin/env python3
"""`make bench`: one table of timings, throughput and failures on the demo target.

Rows, measured side by side in one run on the demo (scripts/demo.sh, brought up if missing):
- wall time of site.yml converging a new target from scratch, against the floor (the same apt
  packages in one apt-get and the app's lock with pip, on another new target: bench/fresh.py);
- wall time of a no-op site.yml and a no-op deploy.yml, and of one ping task (their floor:
  Ansible starting and connecting), through `docker exec` and over SSH (the
  demo's admin account, as a user reaches a VPS), each with Ansible's linear strategy and with
  Mitogen's (when the mitogen package is installed), and of a deploy.yml of a code change;
- wrk on /health and on a database route (GET /notes/{id}) through nginx over HTTPS, straight
  to a Gunicorn on TCP (the release's config, the live worker count) and to one uvicorn process;
- failed/total requests (paced wrk through nginx) during a code deploy, a forced certificate
  renewal, `kill -9` of one Gunicorn worker and `kill -9` of the Gunicorn master.

wrk runs from Debian's package in a container of its own that joins the target's network
namespace (`--network container:vpsforge-demo`): the target's firewall lets only 22/80/443 in
from the network, and one path (the target's own address) for every row keeps them
comparable. wrk does not verify certificates. For the bench nginx exempts the target's own
address from its rate limit (nginx_rate_limit_exempt, through edge.yml); the demo is put back
as found afterwards: the original release live, the exemption gone, the bench's release
removed. Load generator and target share this machine's CPUs: the figures compare paths,
they are not capacity. Nothing here gates a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fresh
from proc import run
from report import Row, parse_recap, render_table
from wrk import WrkResult, parse_wrk

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUT = REPO / "build" / "bench"
DEMO_DIR = REPO / "build" / "demo"
INVENTORY = "inventories/demo/hosts.yml"
TARGET = "vpsforge-demo"
ACME = "vpsforge-demo-acme"
DOMAIN = "demo.vpsforge.test"
APP = "vpsforge-app"
APP_ROOT = f"/opt/{APP}"
# A request during an event that has no answer within this counts as failed (nginx itself waits
# for the app up to its proxy_read_timeout, 60 s by default).
EVENT_TIMEOUT = "10s"
GUNICORN_PORT = 18000
UVICORN_PORT = 18001
# The demo over SSH: an inventory two levels below the checkout, so the demo's group_vars
# (demo_dir is relative to the inventory) resolve as they do for inventories/demo.
SSH_DIR = REPO / "build" / "bench-ssh"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def on_target(*argv: str, stdin: str | None = None, check: bool = True) -> str:
    return run(["docker", "exec", "-i", TARGET, *argv], stdin=stdin, check=check)


def running(container: str) -> bool:
    state = run(["docker", "inspect", "-f", "{{.State.Running}}", container], check=False)
    return state.strip() == "true"


def ensure_demo() -> None:
    if not (running(TARGET) and running(ACME)):
        log("the demo is not running: make demo")
        subprocess.run(["make", "demo"], cwd=REPO, check=True)
    # The demo's secrets live in the checkout that made it; a playbook run from a checkout
    # without them would make new ones and change the demo's SECRET_KEY and WRITE_TOKEN.
    for name in ("secret_key", "write_token", "admin_ed25519.pub", "acme-listener-ca.pem"):
        if not (DEMO_DIR / name).is_file():
            sys.exit(
                f"bench: {DEMO_DIR / name} is missing: run the bench from the checkout "
                "whose `make demo` made the demo (or link its build/demo here)"
            )


def wrk_image(distro: str) -> str:
    """Debian's wrk on the demo's own base image, built once and kept by a hash of its recipe."""
    base = f"vpsforge/systemd:{distro}"
    base_id = run(["docker", "image", "inspect", "-f", "{{.Id}}", base]).strip()
    dockerfile = (
        f"FROM {base}\n"
        "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
        " --no-install-recommends wrk netbase > /dev/null && rm -rf /var/lib/apt/lists/*\n"
        'CMD ["wrk"]\n'
    )
    recipe = hashlib.sha256(f"{dockerfile}{base_id}".encode()).hexdigest()[:16]
    image = f"vpsforge/bench-wrk:{distro}"
    label = '{{ index .Config.Labels "vpsforge.recipe" }}'
    if run(["docker", "image", "inspect", "-f", label, image], check=False).strip() != recipe:
        log(f"building {image} (Debian's wrk)")
        dockerfile += f'LABEL vpsforge.recipe="{recipe}"\n'
        run(["docker", "build", "-q", "-t", image, "-"], stdin=dockerfile)
    return image


@dataclass
class Load:
    """wrk in its own container inside the target's network namespace."""

    image: str
    threads: int
    connections: int

    def _argv(self, name: str, url: str, seconds: str, paced: bool) -> list[str]:
        argv = ["docker", "run", "--rm", "--name", name, "--network", f"container:{TARGET}"]
        argv += ["-v", f"{BENCH}:/bench:ro", self.image, "wrk", "--latency"]
        argv += ["-t", str(self.threads), "-c", str(self.connections), "-d", seconds]
        # During events a request fails when it has no answer within EVENT_TIMEOUT (wrk's own
        # default, 2 s, is shorter than a master's restart, during which requests wait).
        paced_args = ["-s", "/bench/paced.lua", "--timeout", EVENT_TIMEOUT] if paced else []
        return argv + paced_args + [url]

    def measure(self, label: str, url: str, seconds: int) -> WrkResult:
        name = f"vpsforge-bench-wrk-{os.getpid()}"
        output = run(self._argv(name, url, f"{seconds}s", paced=False))
        save(f"wrk-{label}.txt", output)
        return parse_wrk(output)

    def during(self, label: str, url: str, event: Callable[[], None], settle: int) -> WrkResult:
        """Paced load from `settle` seconds before the event until `settle` seconds after it."""
        name = f"vpsforge-bench-wrk-{os.getpid()}"
        argv = self._argv(name, url, "3600s", paced=True)
        with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) as wrk:
            try:
                time.sleep(settle)
                event()
                time.sleep(settle)
            finally:
                run(["docker", "kill", "--signal", "INT", name], check=False)
                output, _ = wrk.communicate(timeout=60)
        save(f"wrk-{label}.txt", output)
        return parse_wrk(output)


def save(name: str, text: str) -> None:
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    (OUT / "logs" / name).write_text(text)


def playbook(
    name: str,
    playbook_path: str,
    *extra: str,
    inventory: str = INVENTORY,
    env: dict[str, str] | None = None,
    host: str = "demo",
) -> tuple[float, dict[str, int]]:
    """Wall time and the target's recap counters of one ansible-playbook run (which must pass)."""
    # The venv's ansible-playbook when run with its python (make bench), else the one on PATH.
    venv_tool = Path(sys.executable).parent / "ansible-playbook"
    tool = str(venv_tool) if venv_tool.exists() else "ansible-playbook"
    argv = [tool, "-i", inventory, playbook_path, *extra]
    started = time.monotonic()
    done = subprocess.run(
        argv,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    seconds = time.monotonic() - started
    save(f"{name}.log", done.stdout + done.stderr)
    recap = parse_recap(done.stdout, host)
    if done.returncode != 0 or recap.get("failed", 0) or recap.get("unreachable", 0):
        raise RuntimeError(f"{name}: ansible-playbook failed, see {OUT / 'logs' / name}.log")
    return seconds, recap


def recap_note(recap: dict[str, int]) -> str:
    return f"{recap.get('ok', 0)} ok, {recap.get('changed', 0)} changed"


def strategies() -> dict[str, dict[str, str]]:
    """Ansible's linear strategy, and Mitogen's when the mitogen package is installed."""
    found = {"linear": {"ANSIBLE_STRATEGY": "linear"}}
    try:
        import ansible_mitogen
    except ImportError:
        log("mitogen is not installed: no Mitogen rows (pip install -r requirements-dev.txt)")
        return found
    plugins = Path(ansible_mitogen.__file__).parent / "plugins" / "strategy"
    found["Mitogen"] = {
        "ANSIBLE_STRATEGY": "mitogen_linear",
        "ANSIBLE_STRATEGY_PLUGINS": str(plugins),
    }
    return found


def ssh_inventory(address: str) -> str:
    """The demo over SSH: its admin account and key on sshd's port, the host key pinned."""
    SSH_DIR.mkdir(parents=True, exist_ok=True)
    group_vars = SSH_DIR / "group_vars"
    if not group_vars.is_symlink():
        group_vars.symlink_to(REPO / "inventories" / "demo" / "group_vars")
    # The host keys read through docker exec: pinned, never learned over the network.
    known_hosts = SSH_DIR / "known_hosts"
    keys = on_target("sh", "-c", "cat /etc/ssh/ssh_host_*_key.pub").splitlines()
    known_hosts.write_text("".join(f"{address} {' '.join(k.split()[:2])}\n" for k in keys if k))
    hosts = SSH_DIR / "hosts.yml"
    hosts.write_text(
        "# Written by bench/bench.py: the demo reached over SSH as its admin.\n"
        "vps:\n  hosts:\n    demo:\n"
        f"      ansible_host: {address}\n"
        '      ansible_port: "{{ sshd_port | default(22) }}"\n'
        '      ansible_user: "{{ sshd_lockout_check_user }}"\n'
        '      ansible_ssh_private_key_file: "{{ demo_dir }}/admin_ed25519"\n'
        f"      ansible_ssh_common_args: -o UserKnownHostsFile={known_hosts}\n"
        "acme:\n  hosts:\n    demo-acme:\n"
        "      ansible_connection: docker\n      ansible_host: vpsforge-demo-acme\n"
        "      ansible_user: root\n"
    )
    return str(hosts.relative_to(REPO))


def noop_rows(connections: dict[str, str], ways: dict[str, dict[str, str]]) -> list[Row]:
    """One ping task (the floor), no-op site.yml and deploy.yml per connection and strategy,
    side by side in one run."""
    rows = []
    plays = (
        ("ping", "bench/ping.yml", "one `ping` task (Ansible's start and connection)"),
        ("site", "playbooks/site.yml", "`site.yml`, no-op"),
        ("deploy", "playbooks/deploy.yml", "`deploy.yml`, no-op"),
    )
    for name, path, measurement in plays:
        for connection, inventory in connections.items():
            baseline = None
            for strategy, env in ways.items():
                key = f"{name}-noop-{connection.strip('`').split()[0]}-{strategy.lower()}"
                log(f"{path}, {connection}, {strategy}")
                seconds, recap = playbook(key, path, inventory=inventory, env=env)
                baseline = baseline or seconds
                note = recap_note(recap)
                if seconds != baseline:
                    note += f"; {baseline / seconds:.2f} times the linear run's speed"
                rows.append(
                    Row(
                        measurement,
                        f"controller → {connection}, {strategy}",
                        seconds,
                        note=note,
                    )
                )
    return rows


def fresh_rows(ways: dict[str, dict[str, str]]) -> list[Row]:
    """site.yml on a new target (Ansible's default strategy), then the floor on another."""
    inventory = fresh.fresh_inventory()
    log(f"site.yml on a new target ({fresh.FRESH})")
    fresh.new_target(fresh.FRESH, fresh.FRESH_ADDRESS, fresh.FRESH_DOMAIN)
    try:
        before = fresh.packages_on(fresh.FRESH)
        seconds, recap = playbook(
            "site-fresh-linear",
            "playbooks/site.yml",
            inventory=inventory,
            env=ways["linear"],
            host="fresh",
        )
        added = fresh.packages_on(fresh.FRESH) - before
    finally:
        fresh.remove(fresh.FRESH)
    log(f"the floor: the {len(added)} packages it installed and the app's lock, on {fresh.FLOOR}")
    floor = fresh.measure_floor(added, os.environ["VPSFORGE_CA_BUNDLE"])
    return [
        Row(
            "`site.yml` on a new target",
            "controller → `docker exec`, linear",
            seconds,
            note=f"{recap_note(recap)}; {seconds / floor.seconds:.2f} times the floor",
        ),
        Row(
            "Floor: the same packages and lock without Ansible",
            "`docker exec`, one shell script",
            floor.seconds,
            note=f"`apt-get update`, the {floor.packages} packages the converge installed in one"
            " `apt-get install`, the app's hashed lock into a venv with pip",
        ),
    ]


def live_release() -> str:
    return on_target("readlink", f"{APP_ROOT}/current").strip()


def app_version() -> str:
    out = on_target(
        "curl", "-sf", "--resolve", f"{DOMAIN}:443:127.0.0.1", "-k", f"https://{DOMAIN}/version"
    )
    return str(json.loads(out)["version"])


def other_demo_runs() -> list[str]:
    """ansible-playbook runs on the demo's inventory from any checkout on this machine."""
    out = run(["pgrep", "-af", "ansible-playbook .*inventories/demo/"], check=False)
    return [line for line in out.splitlines() if line.split()[0] != str(os.getpid())]


def wait_for_quiet_demo(timeout: float = 1800) -> None:
    """The demo is shared: wait until no one else converges it (the bench's numbers and
    nginx's rate-limit exemption would not survive another site.yml)."""
    deadline = time.monotonic() + timeout
    while others := other_demo_runs():
        if time.monotonic() > deadline:
            sys.exit(f"bench: the demo is still being converged: {others[0]}")
        log(f"waiting: another run is converging the demo ({others[0][:120]})")
        time.sleep(30)


def exemption_holds(address: str) -> None:
    """Refuse rows measured while nginx rate-limited the load (another run reset its config)."""
    if not re.search(rf"^\s*{re.escape(address)} 0;$", on_target("nginx", "-T"), re.MULTILINE):
        raise RuntimeError(
            f"nginx no longer exempts {address}: another run changed the demo during the bench;"
            " its rows are discarded"
        )


@contextlib.contextmanager
def rate_limit_exempt(address: str) -> Iterator[None]:
    """nginx exempts `address` from its rate and connection limits for the duration."""
    exempt = json.dumps({"nginx_rate_limit_exempt": [address]})
    log(f"edge.yml: nginx exempts {address} from its rate limit for the bench")
    try:
        playbook("edge-exempt", "playbooks/edge.yml", "-e", exempt)
        yield
    finally:
        log("edge.yml: the rate limit back as the inventory has it")
        playbook("edge-restore", "playbooks/edge.yml")


def note_id() -> int:
    """A note to read: the first one there is, else one made with the demo's write token."""
    base = ["curl", "-sf", "-k", "--resolve", f"{DOMAIN}:443:127.0.0.1"]
    page = json.loads(on_target(*base, f"https://{DOMAIN}/notes?limit=1"))
    if page["items"]:
        return int(page["items"][0]["id"])
    token = (DEMO_DIR / "write_token").read_text().strip()
    # The token goes through stdin (-H @-), not the command line.
    created = on_target(
        *base,
        "-H",
        "@-",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"title": "vpsforge bench", "body": "read by make bench"}',
        f"https://{DOMAIN}/notes",
        stdin=f"Authorization: Bearer {token}\n",
    )
    return int(json.loads(created)["id"])


def live_workers() -> int:
    """The worker count the live Gunicorn runs with (the role's gunicorn.conf.py sets it)."""
    conf = on_target("cat", f"/etc/{APP}/gunicorn.conf.py")
    match = re.search(r"^workers = (\d+)$", conf, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no `workers = N` in /etc/{APP}/gunicorn.conf.py")
    return int(match[1])


@contextlib.contextmanager
def direct_servers(workers: int) -> Iterator[None]:
    """A Gunicorn (the release's own gunicorn.conf.py: Uvicorn workers) and one uvicorn on
    127.0.0.1 of the target, from the live release, as the app's user with its environment,
    as transient systemd units; stopped afterwards. The role's /etc/.../gunicorn.conf.py is
    not used: it takes over the public socket."""
    current = f"{APP_ROOT}/current"
    common = [
        "systemd-run",
        "--collect",
        f"--uid={APP}",
        f"--gid={APP}",
        f"--property=EnvironmentFile=/etc/{APP}/app.env",
        f"--property=WorkingDirectory={current}",
        f"--setenv=STATE_DIRECTORY=/var/lib/{APP}",
    ]
    units = {
        "vpsforge-bench-gunicorn": [
            f"--setenv=GUNICORN_BIND=127.0.0.1:{GUNICORN_PORT}",
            f"--setenv=GUNICORN_WORKERS={workers}",
            "--setenv=GUNICORN_MAX_REQUESTS=0",
            "--property=RuntimeDirectory=vpsforge-bench-gunicorn",
            "--setenv=PROMETHEUS_MULTIPROC_DIR=/run/vpsforge-bench-gunicorn",
            f"{current}/venv/bin/gunicorn",
            "--config",
            f"{current}/gunicorn.conf.py",
        ],
        "vpsforge-bench-uvicorn": [
            "--property=RuntimeDirectory=vpsforge-bench-uvicorn",
            "--setenv=PROMETHEUS_MULTIPROC_DIR=/run/vpsforge-bench-uvicorn",
            f"{current}/venv/bin/uvicorn",
            "vpsforge_app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(UVICORN_PORT),
            "--no-access-log",
        ],
    }
    try:
        for unit, argv in units.items():
            on_target(*common, f"--unit={unit}", *argv)
        for port in (GUNICORN_PORT, UVICORN_PORT):
            wait_for(f"http://127.0.0.1:{port}/health/ready")
        yield
    finally:
        for unit in units:
            on_target("systemctl", "stop", unit, check=False)


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = on_target("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", url, check=False)
        if code.strip() == "200":
            return
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")


def changed_app(workdir: Path) -> Path:
    """A copy of app/ whose only change is its version: a code change to deploy."""
    source = workdir / "app"
    shutil.copytree(
        REPO / "app",
        source,
        ignore=shutil.ignore_patterns(
            ".venv", "__pycache__", "build", "dist", ".pytest_cache", ".ruff_cache", "*.egg-info"
        ),
    )
    pyproject = source / "pyproject.toml"
    text = pyproject.read_text()
    new = re.sub(
        r'^version = "([^"]+)"$', r'version = "\1+bench"', text, count=1, flags=re.MULTILINE
    )
    if new == text:
        raise RuntimeError("no version line in app/pyproject.toml")
    pyproject.write_text(new)
    return source


def master_pid() -> int:
    return int(on_target("systemctl", "show", "-p", "MainPID", "--value", APP).strip())


def kill_worker() -> None:
    worker = on_target("pgrep", "-P", str(master_pid())).split()[0]
    on_target("kill", "-9", worker)


def kill_master() -> None:
    old = master_pid()
    on_target("kill", "-9", str(old))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        state = on_target("systemctl", "is-active", APP, check=False).strip()
        if state == "active" and master_pid() not in (0, old):
            return
    raise RuntimeError(f"{APP} did not come back within 120 s of kill -9 of its master")


def renew_certificate() -> None:
    on_target("certbot", "renew", "--force-renewal", "--no-random-sleep-on-renew", "-q")


def machine_line(image: str, load_before: str) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    target = re.search(r'PRETTY_NAME="([^"]+)"', on_target("cat", "/etc/os-release"))
    wrk_version = (
        run(["docker", "run", "--rm", image, "wrk", "-v"], check=False).split("[")[0].strip()
    )
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"kernel {platform.release()}; target {target[1] if target else '?'} "
        f"(systemd container); {wrk_version}; load average before the run {load_before}; "
        f"{today}."
    )


def load_rows(load: Load, seconds: int) -> list[Row]:
    """/health and a SQLite read through nginx, straight to Gunicorn and to one uvicorn."""
    note = note_id()
    workers = live_workers()
    paths = {
        "nginx": (f"https://{DOMAIN}", "nginx, HTTPS → Gunicorn unix socket"),
        "gunicorn": (
            f"http://127.0.0.1:{GUNICORN_PORT}",
            f"Gunicorn, {workers} Uvicorn workers, HTTP on 127.0.0.1",
        ),
        "uvicorn": (f"http://127.0.0.1:{UVICORN_PORT}", "uvicorn, 1 process, HTTP on 127.0.0.1"),
    }
    routes = {
        "health": ("/health", "`GET /health`"),
        "note": (f"/notes/{note}", "`GET /notes/{id}` (SQLite read)"),
    }
    rows = []
    with direct_servers(workers):
        for route_key, (route, label) in routes.items():
            for path_key, (base, path) in paths.items():
                log(f"wrk {base}{route}")
                result = load.measure(f"{route_key}-{path_key}", f"{base}{route}", seconds)
                rows.append(
                    Row(
                        label,
                        path,
                        None,
                        result.requests_per_second,
                        result.p50_ms,
                        result.p99_ms,
                        result.failed,
                        result.total,
                    )
                )
    return rows


def code_change_rows(
    connections: dict[str, str], ways: dict[str, dict[str, str]], found: Found
) -> list[Row]:
    """deploy.yml of a code change: through `docker exec` with the linear strategy and, when
    Mitogen is installed, over SSH with Mitogen. In between the demo goes back as found (the
    original release live, the bench's release removed), so each run builds the release."""
    plan = [("`docker exec`", "linear")] + ([("SSH", "Mitogen")] if "Mitogen" in ways else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="vpsforge-bench-") as workdir:
        source = changed_app(Path(workdir))
        for index, (connection, strategy) in enumerate(plan):
            if index:
                found.restore()
            log(f"deploy.yml, a code change, {connection}, {strategy}")
            seconds, recap = playbook(
                f"deploy-change-{connection.strip('`').split()[0]}-{strategy.lower()}",
                "playbooks/deploy.yml",
                "-e",
                f"fastapi_app_source_path={source}",
                inventory=connections[connection],
                env=ways[strategy],
            )
            rows.append(
                Row(
                    "`deploy.yml`, code change (new release built)",
                    f"controller → {connection}, {strategy}",
                    seconds,
                    note=f"{recap_note(recap)}; live after: {app_version()}",
                )
            )
    return rows


def event_rows(events: Load, settle: int) -> list[Row]:
    """failed/total of paced load on /health through nginx around each event."""
    deploy_seconds: list[float] = []

    def deploy_back() -> None:
        started = time.monotonic()
        playbook("deploy-back", "playbooks/deploy.yml")
        deploy_seconds.append(time.monotonic() - started)

    rows = []
    for key, label, event in (
        ("deploy", "Code deploy (`deploy.yml`, back to the original release)", deploy_back),
        ("renewal", "Certificate renewal (`certbot renew --force-renewal`)", renew_certificate),
        ("kill-worker", "`kill -9` of one Gunicorn worker", kill_worker),
        ("kill-master", "`kill -9` of the Gunicorn master (systemd restarts it)", kill_master),
    ):
        log(label)
        result = events.during(key, f"https://{DOMAIN}/health", event, settle)
        note = f"{result.seconds:.0f} s of paced load, {events.connections} connections"
        if deploy_seconds and key == "deploy":
            note += f"; deploy {deploy_seconds[0]:.0f} s, live after: {app_version()}"
        rows.append(
            Row(
                label,
                "nginx, HTTPS, `GET /health`",
                failed=result.failed,
                total=result.total,
                note=note,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each load row")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (load rows)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (load)")
    parser.add_argument(
        "--event-connections",
        type=int,
        default=8,
        help="wrk connections during events, each waiting 20 ms between requests",
    )
    parser.add_argument("--settle", type=int, default=3, help="load seconds before/after events")
    parser.add_argument(
        "--no-fresh",
        action="store_true",
        help="leave out the new-target converge and its floor (about 8 min)",
    )
    args = parser.parse_args()
    os.environ.setdefault("ANSIBLE_COLLECTIONS_PATH", str(REPO / ".collections"))
    os.environ.setdefault("ANSIBLE_FORCE_COLOR", "0")
    os.environ.setdefault("VPSFORGE_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    distro = os.environ.get("DEMO_DISTRO", "bookworm")
    OUT.mkdir(parents=True, exist_ok=True)

    ensure_demo()
    wait_for_quiet_demo()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    image = wrk_image(distro)
    address = run(
        [
            "docker",
            "inspect",
            "-f",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            TARGET,
        ]
    ).strip()
    found = Found.read()
    connections = {"`docker exec`": INVENTORY, "SSH": ssh_inventory(address)}
    ways = strategies()
    rows = [] if args.no_fresh else fresh_rows(ways)
    rows += noop_rows(connections, ways)
    try:
        with rate_limit_exempt(address):
            rows += load_rows(Load(image, args.threads, args.connections), args.seconds)
            exemption_holds(address)
            rows += code_change_rows(connections, ways, found)
            rows += event_rows(Load(image, 1, args.event_connections), args.settle)
            exemption_holds(address)
    finally:
        found.restore()

    table = render_table(rows, machine_line(image, load_before))
    (OUT / "latest.md").write_text(table)
    print(table)


@dataclass(frozen=True)
class Found:
    """What the bench changes on the demo besides the rate limit, as it found it."""

    release: str
    releases: frozenset[str]
    previous: str

    @classmethod
    def read(cls) -> Found:
        return cls(
            live_release(),
            frozenset(on_target("ls", f"{APP_ROOT}/releases").split()),
            on_target("readlink", f"{APP_ROOT}/previous", check=False).strip(),
        )

    def restore(self) -> None:
        """The original release live, the bench's releases gone, `previous` as it was."""
        if live_release() != self.release:
            log("deploy.yml: the original release back")
            playbook("deploy-restore", "playbooks/deploy.yml")
        for release in set(on_target("ls", f"{APP_ROOT}/releases").split()) - self.releases:
            if f"releases/{release}" != live_release():
                on_target("rm", "-rf", f"{APP_ROOT}/releases/{release}")
        if self.previous:
            on_target("ln", "-sfn", self.previous, f"{APP_ROOT}/previous")
        else:
            on_target("rm", "-f", f"{APP_ROOT}/previous")


if __name__ == "__main__":
    main()
