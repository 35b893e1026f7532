#!/usr/bin/env python3
"""Controller side of the fastapi_app role: source bundles and wheelhouses, cached by content.

``source``: pack an app for one release — optionally a source tree (under ``src/``) plus single
files at fixed names (the hashed lock, the build lock, the Gunicorn settings, or a wheel) — into
a reproducible tar.gz named after the digest of its content. The digest is the release id: the
same content always gives the same release, any change gives a new one.

``wheelhouse``: download, once per lock content, Python version and platform, the wheels a
hashed lock names for the target (``pip download --only-binary=:all: --platform ...``) and pack
them into a tar for the host, which then installs with ``--no-index``. The locks and the index
URL come as JSON on stdin (``{"locks": {name: text}, "index_url": url}``): an index URL may hold
a token, so it never appears on a command line (pip gets it as PIP_INDEX_URL) or in a message.

Both print one JSON object on stdout and never touch the target.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

CHUNK = 1 << 20


def redact(text: str, url: str) -> str:
    """``text`` without the user name and password of ``url`` (nor the URL itself)."""
    if not url:
        return text
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return text
    safe = urlunsplit(
        (parts.scheme, "***@" + parts.netloc.rpartition("@")[2], parts.path, parts.query, "")
    )
    text = text.replace(url, safe)
    for secret in (parts.password, parts.username if parts.password is None else None):
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"://[^/\s@]*@", "://***@", text)


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def excluded(relative: Path, patterns: list[str]) -> bool:
    text = relative.as_posix()
    return any(
        fnmatch.fnmatch(part, pattern) or fnmatch.fnmatch(text, pattern)
        for pattern in patterns
        for part in relative.parts
    )


def tree_members(root: Path, patterns: list[str]) -> list[tuple[str, Path]]:
    """(archive name, path) of every file and symlink under root, sorted, exclusions applied."""
    members = []
    for directory, dirnames, filenames in os.walk(root):
        base = Path(directory)
        dirnames[:] = sorted(
            d for d in dirnames if not excluded((base / d).relative_to(root), patterns)
        )
        for name in sorted(filenames):
            path = base / name
            relative = path.relative_to(root)
            if not excluded(relative, patterns):
                members.append((f"src/{relative.as_posix()}", path))
    return members


def add_member(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    if path.is_symlink():
        info.type = tarfile.SYMTYPE
        info.linkname = os.readlink(path)
        info.mode = 0o777
        tar.addfile(info)
        return
    info.size = path.stat().st_size
    info.mode = 0o755 if os.access(path, os.X_OK) else 0o644
    with path.open("rb") as handle:
        tar.addfile(info, handle)


def digest_of(members: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for name, path in sorted(members):
        if path.is_symlink():
            content = "link:" + os.readlink(path)
        else:
            content = ("x:" if os.access(path, os.X_OK) else "f:") + sha256_file(path)
        digest.update(f"{name}\0{content}\n".encode())
    return digest.hexdigest()


def write_atomically(target: Path, build: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        build(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def command_source(args: argparse.Namespace) -> dict:
    members: list[tuple[str, Path]] = []
    if args.tree:
        root = Path(args.tree).expanduser()
        if not root.is_dir():
            fail(f"fastapi_app_source_path: {root} is not a directory on the controller")
        members += tree_members(root, args.exclude)
    for spec in args.file:
        name, _, location = spec.partition("=")
        path = Path(location).expanduser()
        if not path.is_file():
            fail(f"{name}: {path} does not exist on the controller")
        members.append((name, path))
    digest = digest_of(members)
    archive = Path(args.cache).expanduser() / "sources" / f"{digest[:16]}.tar.gz"
    if not archive.exists():

        def build(tmp: Path) -> None:
            with (
                tmp.open("wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as compressed,
                tarfile.open(fileobj=compressed, mode="w") as tar,
            ):
                for name, path in sorted(members):
                    add_member(tar, name, path)

        write_atomically(archive, build)
    return {"digest": digest, "archive": str(archive), "files": len(members)}


def platforms(machine: str, glibc: str) -> list[str]:
    """manylinux tags a host with this glibc accepts, newest first (pip takes each literally)."""
    major, minor = (int(part) for part in glibc.split(".")[:2])
    if major != 2:
        fail(f"unexpected glibc version {glibc}")
    tags = [f"manylinux_2_{m}_{machine}" for m in range(minor, 16, -1)]
    return [*tags, f"manylinux2014_{machine}"]


def command_wheelhouse(args: argparse.Namespace) -> dict:
    request = json.load(sys.stdin)
    locks: dict[str, str] = request["locks"]
    index_url: str = request.get("index_url") or ""
    digest = hashlib.sha256()
    for name in sorted(locks):
        digest.update(f"{name}\0{locks[name]}\n".encode())
    xy = args.python.replace(".", "")
    key = f"{digest.hexdigest()[:16]}-cp{xy}-{args.machine}-glibc{args.glibc}"
    cache = Path(args.cache).expanduser() / "wheelhouse"
    archive = cache / f"{key}.tar"
    downloaded = False
    if not archive.exists():
        work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache if cache.exists() else None))
        try:
            wheels = work / "wheels"
            wheels.mkdir()
            for name in sorted(locks):
                lock = work / name
                lock.write_text(locks[name])
                command = [
                    sys.executable, "-m", "pip", "download", "--quiet", "--no-input",
                    "--disable-pip-version-check", "--require-hashes", "--no-deps",
                    "--only-binary=:all:", "--implementation", "cp",
                    "--python-version", args.python,
                    "--abi", f"cp{xy}", "--abi", "abi3", "--abi", "none",
                    "--dest", str(wheels), "--requirement", str(lock),
                ]  # fmt: skip
                for tag in platforms(args.machine, args.glibc):
                    command += ["--platform", tag]
                env = dict(os.environ)
                if index_url:
                    env["PIP_INDEX_URL"] = index_url
                result = subprocess.run(
                    command,
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=False,
                    env=env,
                )
                if result.returncode != 0:
                    error = redact(result.stderr.strip(), index_url)[-3000:]
                    fail(f"pip download for {name} failed:\n{error}")

            def build(tmp: Path) -> None:
                with tarfile.open(tmp, "w") as tar:
                    for wheel in sorted(wheels.iterdir()):
                        add_member(tar, wheel.name, wheel)

            write_atomically(archive, build)
            downloaded = True
        finally:
            shutil.rmtree(work, ignore_errors=True)
    with tarfile.open(archive) as tar:
        count = len(tar.getnames())
    return {"key": key, "archive": str(archive), "wheels": count, "downloaded": downloaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True, help="cache directory on the controller")
    commands = parser.add_subparsers(dest="command", required=True)
    source = commands.add_parser("source", help="bundle an app release")
    source.add_argument("--tree", help="source directory packed under src/")
    source.add_argument("--exclude", action="append", default=[], help="glob to leave out")
    source.add_argument("--file", action="append", default=[], help="NAME=PATH to add")
    wheelhouse = commands.add_parser(
        "wheelhouse", help="wheels for the locks (and index URL) read as JSON on stdin"
    )
    wheelhouse.add_argument("--python", required=True, help="target Python X.Y")
    wheelhouse.add_argument("--machine", required=True, help="target machine, e.g. x86_64")
    wheelhouse.add_argument("--glibc", required=True, help="target glibc version, e.g. 2.36")
    wheelhouse.add_argument("--timeout", type=float, default=900, help="seconds per lock")
    args = parser.parse_args()
    result = command_source(args) if args.command == "source" else command_wheelhouse(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
