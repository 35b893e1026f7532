"""Request ids, JSON log lines and the JSON 500 handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import WRITE_AUTH
from vpsforge_app.app import create_app
from vpsforge_app.settings import Settings


def json_lines(text: str) -> list[dict[str, Any]]:
    """Parse captured stderr; every non-empty line must be one JSON object."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def client_with_failing_route(
    make_client: Callable[..., TestClient], settings: Settings
) -> TestClient:
    app = create_app(settings)

    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    app.add_api_route("/boom", boom, methods=["GET"])
    return make_client(app)


def test_sane_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/health", headers={"X-Request-ID": "deploy-42.a_b"})
    assert response.headers["x-request-id"] == "deploy-42.a_b"


def test_request_id_is_generated_when_missing(client: TestClient) -> None:
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health").headers["x-request-id"]
    assert len(first) == 32
    assert int(first, 16) >= 0
    assert first != second


@pytest.mark.parametrize(
    "bad_id", ["has space", "semi;colon", "x" * 129, "", "ünïcode", "a\tb", "<script>"]
)
def test_unsafe_request_id_is_replaced(client: TestClient, bad_id: str) -> None:
    response = client.get("/health", headers={"X-Request-ID": bad_id.encode()})
    echoed = response.headers["x-request-id"]
    assert echoed != bad_id
    assert len(echoed) == 32


def test_request_id_is_echoed_on_404_and_422(client: TestClient) -> None:
    headers = {"X-Request-ID": "trace-1"}
    assert client.get("/nope", headers=headers).headers["x-request-id"] == "trace-1"
    invalid = client.post("/notes", json={}, headers={**headers, **WRITE_AUTH})
    assert invalid.status_code == 422
    assert invalid.headers["x-request-id"] == "trace-1"


def test_access_log_is_json_line_with_request_id(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client()
    client.get("/notes/7", headers={"X-Request-ID": "log-me"})
    records = json_lines(capsys.readouterr().err)
    access = [r for r in records if r["logger"] == "vpsforge_app.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == "log-me"
    assert (line["method"], line["path"], line["route"], line["status"]) == (
        "GET",
        "/notes/7",
        "/notes/{note_id}",
        404,
    )
    assert line["level"] == "INFO"
    assert {"timestamp", "message", "duration_ms"} <= line.keys()


def test_log_lines_outside_requests_have_no_request_id(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    make_client()
    started = [
        r for r in json_lines(capsys.readouterr().err) if r["message"] == "application started"
    ]
    assert len(started) == 1
    assert "request_id" not in started[0]


def test_unhandled_error_returns_json_500_without_traceback(
    make_client: Callable[..., TestClient],
    make_settings: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
) -> None:
    client = client_with_failing_route(make_client, make_settings())
    response = client.get("/boom", headers={"X-Request-ID": "crash-1"})

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error", "request_id": "crash-1"}
    assert response.headers["x-request-id"] == "crash-1"
    assert "Traceback" not in response.text
    assert "hunter2" not in response.text


def test_unhandled_error_is_logged_with_traceback_and_request_id(
    make_client: Callable[..., TestClient],
    make_settings: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
) -> None:
    client = client_with_failing_route(make_client, make_settings())
    client.get("/boom", headers={"X-Request-ID": "crash-2"})

    records = json_lines(capsys.readouterr().err)
    errors = [r for r in records if r["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "crash-2"
    assert "Traceback" in errors[0]["exc_info"]
    assert "RuntimeError" in errors[0]["exc_info"]
    access = [r for r in records if r["logger"] == "vpsforge_app.access"]
    assert access[0]["status"] == 500


def test_debug_mode_names_the_error_but_still_sends_no_traceback(
    make_client: Callable[..., TestClient], make_settings: Callable[..., Settings]
) -> None:
    # DEBUG is refused in production (see test_settings), so this runs as staging.
    client = client_with_failing_route(make_client, make_settings(app_env="staging", debug=True))
    body = client.get("/boom").json()
    assert body["error"] == "RuntimeError: database password is hunter2"
    assert "Traceback" not in json.dumps(body)
