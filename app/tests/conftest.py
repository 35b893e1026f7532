"""Shared fixtures: a clean environment, settings factories and a test client."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from vpsforge_app.app import create_app
from vpsforge_app.logconfig import JsonFormatter
from vpsforge_app.settings import Settings, load_settings

APP_DIR = Path(__file__).resolve().parents[1]
# Random-looking value that passes SECRET_KEY validation; used only by tests.
TEST_SECRET_KEY = "tK8vQ2zR5wX9mB4nL7pJ3hF6gD1sA0yUcE"
# WRITE_TOKEN that make_settings configures by default; send WRITE_AUTH with write requests.
TEST_WRITE_TOKEN = "wN3xT7qB2kV9mJ5rH8cL4pZ6dF1gS0aYeU"
WRITE_AUTH = {"Authorization": f"Bearer {TEST_WRITE_TOKEN}"}

# Variables the app or gunicorn.conf.py read; tests start without any of them.
_APP_ENV_VARS = (
    "APP_ENV",
    "APP_ENV_FILE",
    "APP_RELEASE",
    "RELEASE",
    "DEBUG",
    "SECRET_KEY",
    "WRITE_TOKEN",
    "ALLOWED_ORIGINS",
    "DATABASE_URL",
    "LOG_LEVEL",
    "FORWARDED_ALLOW_IPS",
    "STATE_DIRECTORY",
    "PROMETHEUS_MULTIPROC_DIR",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name in _APP_ENV_VARS or name.startswith("GUNICORN_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Remove the JSON handlers an app installed so later tests do not write to closed streams."""
    yield
    for name in ("", "gunicorn.error", "uvicorn.error"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler.formatter, JsonFormatter):
                logger.removeHandler(handler)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def make_settings(sqlite_url: str) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "secret_key": TEST_SECRET_KEY,
            "write_token": TEST_WRITE_TOKEN,
            "database_url": sqlite_url,
        }
        values.update(overrides)
        return load_settings(**values)

    return factory


@pytest.fixture
def make_client(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., TestClient]]:
    """Start apps (lifespan included) built from settings overrides; closed after the test."""
    clients: list[TestClient] = []

    def factory(app: FastAPI | None = None, **overrides: Any) -> TestClient:
        client = TestClient(app or create_app(make_settings(**overrides)))
        client.__enter__()
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def closed_port() -> int:
    """A loopback TCP port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
