#!/usr/bin/python3
"""Zero-downtime reload of a Gunicorn master under systemd (the unit's ExecReload=).

Gunicorn's HUP keeps the master's Python process, so it cannot switch to a release with another
virtualenv. This helper does Gunicorn's binary upgrade instead, gated on readiness:

1. SIGUSR2 to the running master: it forks and re-executes its own command line, which goes
   through the ``current`` symlink, so the new master runs the release ``current`` points at.
   The role's gunicorn.conf.py gives the new master a fresh socket at a private path; the old
   master keeps serving the public path meanwhile.
2. Wait, bounded by ``--timeout``, until every worker of the new master accepts and the health
   path answers 200 on the private socket. If the new master dies or never gets ready, stop it
   and fail: the old master never stopped serving and no request reached the new release.
3. Rename the new socket over the public path (connect() resolves the path per connection, so
   from now on every new connection reaches the new release), hand systemd the new main PID
   through the unit's PIDFile=, give connections already queued on the old socket a moment to
   be accepted, then stop the old master gracefully: its workers finish what they hold.

systemd keeps a copy of the live listener in the unit's file descriptor store, named
``fs-<inode of its path>`` (see gunicorn.conf.py): when a master dies, the restarted one takes the
listener back, and connections wait in its backlog instead of being refused. This helper keeps
the store to the live listener: the new one replaces the old one once it is published, and a
new master that failed its gate takes its own entry with it.

Runs as the service user inside the unit's sandbox; reads /proc of its own processes only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path


def sd_notify(state: str, fds: list[int] | None = None) -> bool:
    """Send state (and file descriptors) to systemd's notification socket; False if none."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as notify:
        notify.connect(address)
        if fds:
            socket.send_fds(notify, [state.encode()], fds)
        else:
            notify.sendall(state.encode())
    return True


def store_name(inode: int) -> str:
    """The name of a listener in the unit's file descriptor store: the inode of its path."""
    return f"fs-{inode}"


def drop_stored(name: str) -> None:
    """Close systemd's copy of the file descriptor stored under name (if any)."""
    with contextlib.suppress(OSError):
        sd_notify(f"FDSTOREREMOVE=1\nFDNAME={name}")


def forget_listener(inode: int | None) -> None:
    """Drop the listener whose path has this inode from the file descriptor store."""
    if inode is not None:
        drop_stored(store_name(inode))


def inode_of(path: Path) -> int | None:
    with contextlib.suppress(FileNotFoundError):
        return path.stat().st_ino
    return None


def forget_trials(socket_path: Path) -> None:
    """After a failed reload: drop from the store, and remove, every listener a new master made
    beside the public one (each stored its listener when it made it, including a master that
    died before the helper saw it)."""
    public = inode_of(socket_path)
    for trial in socket_path.parent.glob(".gunicorn-*.sock"):
        inode = inode_of(trial)
        if inode is not None and inode != public:
            forget_listener(inode)
            with contextlib.suppress(FileNotFoundError):
                trial.unlink()


def fail(message: str) -> None:
    print(f"gunicorn-reload: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def socket_inodes(pid: int) -> set[str]:
    """Inodes of the sockets a process holds on fd 3 and up (its listeners)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        if int(fd.name) < 3:
            continue
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def watched_inodes(pid: int) -> set[str]:
    """Inodes of every file the process's epoll instances watch (its event loop's interest)."""
    inodes = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            if os.readlink(fd) != "anon_inode:[eventpoll]":
                continue
            info = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text()
        except OSError:
            continue
        for line in info.splitlines():
            if line.startswith("tfd:") and " ino:" in line:
                inodes.add(str(int(line.split(" ino:")[1].split()[0], 16)))
    return inodes


def new_master(old: int) -> int | None:
    """The child the old master re-executed: it carries GUNICORN_PID=<old> in its environment."""
    marker = f"GUNICORN_PID={old}".encode()
    for pid in children(old):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in environ:
            return pid
    return None


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def probe(path: str, url: str) -> tuple[int, str]:
    """GET url over the unix socket at path: (status, first bytes of the body); 0 on errors."""
    connection = UnixHTTPConnection(path, timeout=5)
    try:
        connection.request("GET", url, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read(300).decode(errors="replace").strip()
    except (OSError, http.client.HTTPException) as exc:
        return 0, f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()


def replace_link(target: Path, link: Path) -> None:
    """Atomically make link another name of target (a hard link, renamed into place)."""
    staged = link.with_name(link.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    os.link(target, staged)
    staged.replace(link)


def stop(pid: int, timeout: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_until_ready(args: argparse.Namespace, old: int) -> tuple[int, Path, int]:
    """Start the new master; once it serves the health path, return it, its private socket
    and that socket's inode."""
    os.kill(old, signal.SIGUSR2)
    deadline = time.monotonic() + args.timeout
    master = None
    inode = None
    last = "no answer yet"
    while True:
        if not alive(old):
            fail(f"the running master {old} exited during the reload")
        if master is None:
            master = new_master(old)
        elif not alive(master):
            forget_trials(args.socket)
            fail(
                f"the new master {master} exited before it was ready: the release failed to "
                f"start (its error is in the unit's journal just above); master {old} keeps serving"
            )
        if master is not None:
            private = args.socket.with_name(f".gunicorn-{master}.sock")
            if inode is None:
                inode = inode_of(private)
            if inode is not None:
                # Gunicorn forks all workers right after the master boots, well before the
                # first one has imported the app: all children accepting means all workers.
                listeners = socket_inodes(master)
                workers = children(master)
                accepting = [w for w in workers if listeners & watched_inodes(w)]
                if workers and len(accepting) == len(workers):
                    status, body = probe(str(private), args.health_path)
                    if status == 200:
                        return master, private, inode
                    last = f"HTTP {status} {body}" if status else body
                else:
                    last = f"{len(accepting)} of {len(workers)} workers accepting"
        if time.monotonic() > deadline:
            if master is not None:
                stop(master, 10)
            forget_trials(args.socket)
            fail(
                f"the new release was not ready within {args.timeout:g} s "
                f"({args.health_path}: {last}); stopped it, master {old} keeps serving"
            )
        time.sleep(0.25)


def write_pidfile(path: Path, pid: int) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(f"{pid}\n")
    tmp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True, help="JSON settings (see README)")
    settings = json.loads(parser.parse_args().config.read_text())
    args = argparse.Namespace(
        socket=Path(settings["socket"]),
        pidfile=Path(settings["pidfile"]),
        health_path=settings.get("health_path", "/health/ready"),
        timeout=float(settings.get("timeout", 60)),
        stop_timeout=float(settings.get("stop_timeout", 40)),
        drain=float(settings.get("drain", 1)),
    )

    old = int(os.environ.get("MAINPID") or 0)
    if not old or not alive(old):
        fail("no running main process (MAINPID unset or dead); use systemctl restart")
    if new_master(old) is not None:
        fail(f"master {old} already has a reload in progress; try again when it ends")

    master, private, inode = wait_until_ready(args, old)
    try:
        published = args.socket.stat().st_ino
    except FileNotFoundError:
        published = None
    replace_link(private, args.socket)
    if published != inode:
        forget_listener(published)
    write_pidfile(args.pidfile, master)
    time.sleep(args.drain)
    os.kill(old, signal.SIGTERM)
    deadline = time.monotonic() + args.stop_timeout
    while alive(old):
        if time.monotonic() > deadline:
            fail(f"the old master {old} did not stop within {args.stop_timeout:g} s")
        time.sleep(0.1)
    with contextlib.suppress(FileNotFoundError):
        args.socket.with_name(f".gunicorn-{old}.sock").unlink()
    print(f"gunicorn-reload: master {master} serves, master {old} stopped", flush=True)


if __name__ == "__main__":
    main()
