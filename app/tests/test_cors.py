"""CORS follows ALLOWED_ORIGINS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

ALLOWED = "https://app.example.com"


@pytest.fixture
def cors_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(allowed_origins=f"{ALLOWED},http://localhost:3000")


def preflight(client: TestClient, origin: str) -> tuple[int, dict[str, str]]:
    response = client.options(
        "/notes",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    return response.status_code, dict(response.headers)


def test_preflight_from_allowed_origin_is_accepted(cors_client: TestClient) -> None:
    status, headers = preflight(cors_client, ALLOWED)
    assert status == 200
    assert headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in headers["access-control-allow-methods"]


def test_preflight_for_bearer_authorized_write_is_accepted(cors_client: TestClient) -> None:
    response = cors_client.options(
        "/notes",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_preflight_from_other_origin_is_refused(cors_client: TestClient) -> None:
    status, headers = preflight(cors_client, "https://evil.example.net")
    assert status == 400
    assert "access-control-allow-origin" not in headers


def test_preflight_is_refused_when_no_origins_are_configured(client: TestClient) -> None:
    status, headers = preflight(client, ALLOWED)
    assert status == 400
    assert "access-control-allow-origin" not in headers


def test_simple_request_from_allowed_origin_exposes_request_id(cors_client: TestClient) -> None:
    response = cors_client.get("/health", headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_simple_request_from_other_origin_gets_no_cors_header(cors_client: TestClient) -> None:
    response = cors_client.get("/health", headers={"Origin": "https://evil.example.net"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_wildcard_outside_production_allows_any_origin(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(app_env="staging", allowed_origins="*")
    status, headers = preflight(client, "https://anything.example")
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
