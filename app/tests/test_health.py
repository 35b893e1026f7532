"""Liveness, readiness and version endpoints."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import WRITE_AUTH


def test_liveness_reports_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_is_ready_when_database_answers(client: TestClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readiness_is_503_when_postgresql_port_is_closed(
    make_client: Callable[..., TestClient], closed_port: int
) -> None:
    client = make_client(database_url=f"postgresql://app:pw@127.0.0.1:{closed_port}/app")
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "reason": "database unavailable (OperationalError)",
    }
    assert "pw" not in response.text


def test_liveness_stays_ok_while_database_is_down(
    make_client: Callable[..., TestClient], closed_port: int
) -> None:
    client = make_client(database_url=f"postgresql://app:pw@127.0.0.1:{closed_port}/app")
    assert client.get("/health").json() == {"status": "ok"}


def test_readiness_recovers_once_sqlite_directory_exists(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    db_dir = tmp_path / "not-yet"
    client = make_client(database_url=f"sqlite:///{db_dir / 'app.db'}")
    assert client.get("/health/ready").status_code == 503

    db_dir.mkdir()
    assert client.get("/health/ready").json() == {"status": "ready"}
    # The schema missed at startup is created on recovery.
    created = client.post("/notes", json={"title": "after recovery"}, headers=WRITE_AUTH)
    assert created.status_code == 201


def test_readiness_is_503_when_database_check_times_out(client: TestClient) -> None:
    client.app.state.readiness_timeout = 0.05
    client.app.state.db.ping = lambda: time.sleep(0.5)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "reason": "database check timed out after 0.05s",
    }


def test_version_reports_package_version_as_release_by_default(client: TestClient) -> None:
    assert client.get("/version").json() == {"version": "1.0.0", "release": "1.0.0"}


def test_version_reports_deployed_release_id(make_client: Callable[..., TestClient]) -> None:
    client = make_client(release="2024.05.01-1f2e3d")
    assert client.get("/version").json() == {"version": "1.0.0", "release": "2024.05.01-1f2e3d"}


def test_api_docs_are_hidden_in_production(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 404


def test_api_docs_are_served_in_development(make_client: Callable[..., TestClient]) -> None:
    client = make_client(app_env="development")
    assert client.get("/openapi.json").status_code == 200
