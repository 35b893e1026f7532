"""A real gunicorn master with uvicorn workers on a unix socket."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import APP_DIR, TEST_SECRET_KEY, TEST_WRITE_TOKEN, WRITE_AUTH

STARTUP_TIMEOUT_SECONDS = 30


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    socket_path: Path
    log_path: Path

    def client(self) -> httpx.Client:
        transport = httpx.HTTPTransport(uds=str(self.socket_path))
        return httpx.Client(transport=transport, base_url="http://vpsforge.test", timeout=5)

    def log_records(self) -> list[dict[str, Any]]:
        lines = self.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def wait_until_healthy(server: RunningServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{server.log_path.read_text()}")
        if server.socket_path.exists():
            try:
                with server.client() as client:
                    if client.get("/health").status_code == 200:
                        return
            except httpx.TransportError:
                pass
        time.sleep(0.2)
    pytest.fail(
        f"gunicorn not healthy after {STARTUP_TIMEOUT_SECONDS}s:\n{server.log_path.read_text()}"
    )


@pytest.fixture
def gunicorn_server(tmp_path: Path) -> Iterator[RunningServer]:
    socket_path = tmp_path / "gunicorn.sock"
    log_path = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "SECRET_KEY": TEST_SECRET_KEY,
        "WRITE_TOKEN": TEST_WRITE_TOKEN,
        "GUNICORN_BIND": f"unix:{socket_path}",
        "GUNICORN_WORKERS": "2",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "APP_RELEASE": "process-test",
    }
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=APP_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = RunningServer(process, socket_path, log_path)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_gunicorn_serves_health_over_unix_socket_and_logs_json_access_line(
    gunicorn_server: RunningServer,
) -> None:
    with gunicorn_server.client() as client:
        response = client.get("/health", headers={"X-Request-ID": "process-test-1"})
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"] == "process-test-1"

    time.sleep(0.2)  # let the worker flush its log line
    access = [
        record
        for record in gunicorn_server.log_records()
        if record.get("logger") == "vpsforge_app.access"
        and record.get("request_id") == "process-test-1"
    ]
    assert len(access) == 1
    assert access[0]["status"] == 200
    assert access[0]["route"] == "/health"


def test_gunicorn_metrics_aggregate_all_workers(gunicorn_server: RunningServer) -> None:
    sent = 0
    worker_pids: set[int] = set()
    with gunicorn_server.client() as client:
        # A new connection per request spreads requests over both workers.
        while len(worker_pids) < 2 and sent < 200:
            client.get("/version", headers={"Connection": "close", "X-Request-ID": f"m-{sent}"})
            sent += 1
            if sent % 10 == 0:
                time.sleep(0.1)
                worker_pids = {
                    record["pid"]
                    for record in gunicorn_server.log_records()
                    if record.get("request_id", "").startswith("m-")
                }
        metrics = client.get("/metrics", headers={"Connection": "close"}).text
    assert len(worker_pids) == 2
    assert f'http_requests_total{{method="GET",route="/version",status="200"}} {sent}.0' in metrics


def test_gunicorn_app_reports_release_and_stores_notes(gunicorn_server: RunningServer) -> None:
    with gunicorn_server.client() as client:
        assert client.get("/version").json()["release"] == "process-test"
        assert client.get("/health/ready").json() == {"status": "ready"}
        created = client.post("/notes", json={"title": "via gunicorn"}, headers=WRITE_AUTH).json()
        assert client.get(f"/notes/{created['id']}").json()["title"] == "via gunicorn"


def test_gunicorn_stops_cleanly_on_sigterm(gunicorn_server: RunningServer) -> None:
    gunicorn_server.process.send_signal(signal.SIGTERM)
    assert gunicorn_server.process.wait(timeout=30) == 0
    messages = [record["message"] for record in gunicorn_server.log_records()]
    assert "Shutting down: Master" in messages
