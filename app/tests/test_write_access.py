"""Write routes need ``Authorization: Bearer <WRITE_TOKEN>``; without WRITE_TOKEN they are off."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import TEST_SECRET_KEY, TEST_WRITE_TOKEN, WRITE_AUTH
from vpsforge_app.app import create_app
from vpsforge_app.auth import SECURITY_SCHEME
from vpsforge_app.settings import Settings

NOTE = {"title": "guarded"}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@pytest.fixture
def no_token_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(write_token=None)


def stored_titles(client: TestClient) -> list[str]:
    return [item["title"] for item in client.get("/notes").json()["items"]]


@pytest.mark.parametrize("app_env", ["production", "staging"])
def test_post_note_is_403_when_no_write_token_is_configured(
    make_client: Callable[..., TestClient], app_env: str
) -> None:
    client = make_client(app_env=app_env, write_token=None)
    response = client.post("/notes", json=NOTE, headers={"X-Request-ID": "no-writes"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Writes are disabled: WRITE_TOKEN is not configured"}
    assert response.headers["x-request-id"] == "no-writes"
    assert stored_titles(client) == []


def test_disabled_writes_stay_403_whatever_token_is_sent(no_token_client: TestClient) -> None:
    for headers in (WRITE_AUTH, {"Authorization": "Bearer "}, {"Authorization": "Basic eDp5"}):
        assert no_token_client.post("/notes", json=NOTE, headers=headers).status_code == 403
    assert stored_titles(no_token_client) == []


def test_post_note_without_authorization_is_401_with_bearer_challenge(
    client: TestClient,
) -> None:
    response = client.post("/notes", json=NOTE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Bearer token required"}
    assert stored_titles(client) == []


@pytest.mark.parametrize(
    "authorization",
    [
        b"Bearer wrong-token-wrong-token-wrong-token-1",
        b"Bearer " + TEST_WRITE_TOKEN[:-1].encode(),
        b"Bearer " + TEST_WRITE_TOKEN.encode() + b"x",
        b"Bearer " + TEST_WRITE_TOKEN.lower().encode(),
        b"Bearer \xff\xfe" + TEST_WRITE_TOKEN.encode(),
        b"Basic " + TEST_WRITE_TOKEN.encode(),
        TEST_WRITE_TOKEN.encode(),
        b"Bearer",
        b"Bearer " + TEST_SECRET_KEY.encode(),
    ],
)
def test_post_note_with_wrong_or_malformed_token_is_401(
    client: TestClient, authorization: bytes
) -> None:
    response = client.post("/notes", json=NOTE, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert set(response.json()) == {"detail"}
    assert stored_titles(client) == []


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_post_note_with_right_token_is_201(client: TestClient, scheme: str) -> None:
    headers = {"Authorization": f"{scheme} {TEST_WRITE_TOKEN}"}
    response = client.post("/notes", json=NOTE, headers=headers)
    assert response.status_code == 201
    assert stored_titles(client) == ["guarded"]


def test_token_is_checked_before_the_body_is_validated(client: TestClient) -> None:
    assert client.post("/notes", json={"title": ""}).status_code == 401
    assert client.post("/notes", json={"title": ""}, headers=WRITE_AUTH).status_code == 422


@pytest.mark.parametrize("write_token", [TEST_WRITE_TOKEN, None])
def test_reads_stay_open_without_a_token(
    make_client: Callable[..., TestClient], write_token: str | None
) -> None:
    writer = make_client(write_token=TEST_WRITE_TOKEN)
    created = writer.post("/notes", json=NOTE, headers=WRITE_AUTH).json()
    reader = make_client(write_token=write_token)
    assert reader.get("/notes").status_code == 200
    assert reader.get(f"/notes/{created['id']}").json() == created
    assert reader.get("/health").status_code == 200
    assert reader.get("/version").status_code == 200


def test_development_without_write_token_keeps_writes_open(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(app_env="development", write_token=None)
    assert client.post("/notes", json=NOTE).status_code == 201


def test_development_with_write_token_still_requires_it(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(app_env="development")
    assert client.post("/notes", json=NOTE).status_code == 401
    assert client.post("/notes", json=NOTE, headers=WRITE_AUTH).status_code == 201


def test_every_operation_that_writes_requires_the_write_token(
    make_settings: Callable[..., Settings],
) -> None:
    schema = create_app(make_settings()).openapi()
    operations = [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    writes = [op for op in operations if op[0] not in READ_METHODS]
    assert ("POST", "/notes") in [(method, path) for method, path, _ in writes]
    for method, path, operation in operations:
        expected = [{SECURITY_SCHEME: []}] if method not in READ_METHODS else None
        assert operation.get("security") == expected, f"{method} {path}"


def test_write_token_never_reaches_the_logs_or_responses(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client()
    wrong = "Wr0ngT0kenWr0ngT0kenWr0ngT0kenWr0ng"
    responses = [
        client.post("/notes", json=NOTE, headers={"Authorization": f"Bearer {wrong}"}),
        client.post("/notes", json=NOTE, headers=WRITE_AUTH),
    ]
    output = capsys.readouterr()
    for text in (output.out, output.err, *(response.text for response in responses)):
        assert TEST_WRITE_TOKEN not in text
        assert wrong not in text


def test_startup_log_names_the_write_access_mode_only(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    make_client()
    make_client(write_token=None)
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    started = [r for r in records if r["message"] == "application started"]
    assert [r["write_access"] for r in started] == ["token", "disabled"]
    assert all(TEST_WRITE_TOKEN not in json.dumps(r) for r in records)
