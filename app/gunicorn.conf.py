"""Gunicorn settings for vpsforge_app: ``gunicorn -c gunicorn.conf.py vpsforge_app.main:app``.

Tunables come from the environment (GUNICORN_*); FORWARDED_ALLOW_IPS and
LOG_LEVEL come from the application settings, so an invalid configuration
stops the master with one readable message before any worker starts.

Access lines are written by the application as JSON (request id, route,
status, duration): uvicorn workers do not use gunicorn's access_log_format.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vpsforge_app.logconfig import logging_config
from vpsforge_app.settings import ConfigError, load_settings


class GunicornConfigError(SystemExit):
    """Stops gunicorn with a one-line message instead of a traceback."""


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise GunicornConfigError(
            f"gunicorn.conf.py: {name} must be an integer, got {raw!r}"
        ) from None
    if value < minimum:
        raise GunicornConfigError(f"gunicorn.conf.py: {name} must be >= {minimum}, got {value}")
    return value


def usable_cpus() -> int:
    """CPUs this process may run on (respects cpusets, unlike os.cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        return os.cpu_count() or 1


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


try:
    _settings = load_settings()
except ConfigError as exc:
    raise GunicornConfigError(f"vpsforge_app: {exc}") from None

wsgi_app = "vpsforge_app.main:app"
worker_class = "uvicorn_worker.UvicornWorker"
bind = [env_str("GUNICORN_BIND", "127.0.0.1:8000")]
workers = env_int("GUNICORN_WORKERS", usable_cpus() * 2 + 1, minimum=1)
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=1)
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
backlog = env_int("GUNICORN_BACKLOG", 2048, minimum=1)
# Heartbeat files on tmpfs: a disk-backed /tmp can stall workers into timeouts.
worker_tmp_dir = env_str("GUNICORN_WORKER_TMP_DIR", "/dev/shm")
umask = 0o007  # unix socket usable by the service group (e.g. the reverse proxy)
forwarded_allow_ips = ",".join(_settings.forwarded_allow_ips)
# No runtime control socket: it would be created under $HOME and is not used.
control_socket_disable = True

loglevel = _settings.log_level.lower()
errorlog = "-"
accesslog = None  # the app logs each request as JSON itself
logconfig_dict = logging_config(_settings.log_level)


def on_starting(server: Any) -> None:
    """Start prometheus multiprocess mode with an empty directory."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    server.log.info("prometheus multiprocess directory %s ready", path)


def child_exit(server: Any, worker: Any) -> None:
    """Drop the live gauges of a worker that exited."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
