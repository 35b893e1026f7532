"""gunicorn.conf.py: defaults, environment overrides, validation and prometheus hooks."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.conftest import APP_DIR, TEST_SECRET_KEY

CONF_PATH = APP_DIR / "gunicorn.conf.py"


def load_conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", CONF_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def app_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)


def test_defaults_use_uvicorn_workers_on_loopback() -> None:
    conf = load_conf()
    assert conf.worker_class == "uvicorn_worker.UvicornWorker"
    assert conf.wsgi_app == "vpsforge_app.main:app"
    assert conf.bind == ["127.0.0.1:8000"]
    assert conf.workers == len(os.sched_getaffinity(0)) * 2 + 1
    assert conf.worker_tmp_dir == "/dev/shm"
    assert conf.forwarded_allow_ips == "127.0.0.1"
    assert (conf.timeout, conf.graceful_timeout, conf.keepalive) == (30, 30, 5)
    assert (conf.max_requests, conf.max_requests_jitter) == (1000, 100)
    assert conf.errorlog == "-"
    assert conf.loglevel == "info"


def test_environment_overrides_bind_workers_and_recycling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/vpsforge-app/gunicorn.sock")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "60")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS_JITTER", "10")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    conf = load_conf()
    assert conf.bind == ["unix:/run/vpsforge-app/gunicorn.sock"]
    assert conf.workers == 3
    assert conf.timeout == 60
    assert (conf.max_requests, conf.max_requests_jitter) == (0, 10)
    assert conf.forwarded_allow_ips == "*"
    assert conf.loglevel == "warning"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("GUNICORN_WORKERS", "0", "GUNICORN_WORKERS must be >= 1, got 0"),
        ("GUNICORN_WORKERS", "-2", "GUNICORN_WORKERS must be >= 1"),
        ("GUNICORN_WORKERS", "four", "GUNICORN_WORKERS must be an integer"),
        ("GUNICORN_TIMEOUT", "0", "GUNICORN_TIMEOUT must be >= 1"),
        ("GUNICORN_MAX_REQUESTS", "-1", "GUNICORN_MAX_REQUESTS must be >= 0"),
    ],
)
def test_invalid_tunables_stop_gunicorn_with_named_message(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=message):
        load_conf()


def test_invalid_app_settings_stop_gunicorn_before_workers_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "changeme")
    with pytest.raises(SystemExit, match="SECRET_KEY looks like a placeholder"):
        load_conf()


def test_logging_is_json_and_server_access_loggers_are_silenced() -> None:
    conf = load_conf()
    assert conf.accesslog is None
    loggers = conf.logconfig_dict["loggers"]
    assert loggers["gunicorn.error"]["handlers"] == ["json"]
    assert loggers["uvicorn.access"]["handlers"] == []


def test_on_starting_empties_the_prometheus_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prom_dir = tmp_path / "prom"
    prom_dir.mkdir()
    (prom_dir / "counter_123.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(prom_dir))
    server = SimpleNamespace(log=SimpleNamespace(info=lambda *args: None))
    load_conf().on_starting(server)
    assert list(prom_dir.iterdir()) == []


def test_child_exit_marks_the_worker_dead_for_prometheus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    live = tmp_path / "gauge_livesum_4321.db"
    live.write_bytes(b"")
    kept = tmp_path / "counter_4321.db"
    kept.write_bytes(b"")
    load_conf().child_exit(None, SimpleNamespace(pid=4321))
    assert not live.exists()
    assert kept.exists()
