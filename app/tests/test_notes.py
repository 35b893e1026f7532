"""Notes resource: create, list, get, 404 and validation (writes send WRITE_AUTH)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import WRITE_AUTH


def test_create_note_returns_201_with_id_and_timestamp(client: TestClient) -> None:
    response = client.post(
        "/notes", json={"title": "  Deploy  ", "body": "ship it"}, headers=WRITE_AUTH
    )
    assert response.status_code == 201
    note = response.json()
    assert note["id"] >= 1
    assert note["title"] == "Deploy"
    assert note["body"] == "ship it"
    assert datetime.fromisoformat(note["created_at"]).tzinfo is not None


def test_created_note_can_be_fetched_by_id(client: TestClient) -> None:
    created = client.post("/notes", json={"title": "first"}, headers=WRITE_AUTH).json()
    response = client.get(f"/notes/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_notes_persist_across_app_restarts(make_client: Callable[..., TestClient]) -> None:
    created = make_client().post("/notes", json={"title": "durable"}, headers=WRITE_AUTH).json()
    assert make_client().get(f"/notes/{created['id']}").json()["title"] == "durable"


def test_missing_note_returns_404_json(client: TestClient) -> None:
    response = client.get("/notes/4242")
    assert response.status_code == 404
    assert response.json() == {"detail": "note 4242 not found"}


def test_list_notes_pages_with_limit_and_offset(client: TestClient) -> None:
    for index in range(5):
        client.post("/notes", json={"title": f"note {index}"}, headers=WRITE_AUTH)
    page = client.get("/notes", params={"limit": 2, "offset": 1}).json()
    assert [item["title"] for item in page["items"]] == ["note 1", "note 2"]
    assert (page["limit"], page["offset"]) == (2, 1)


def test_list_notes_defaults_to_first_page(client: TestClient) -> None:
    client.post("/notes", json={"title": "only"}, headers=WRITE_AUTH)
    page = client.get("/notes").json()
    assert page["limit"] == 50
    assert page["offset"] == 0
    assert len(page["items"]) == 1


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}]
)
def test_list_notes_rejects_out_of_bounds_paging(
    client: TestClient, params: dict[str, object]
) -> None:
    assert client.get("/notes", params=params).status_code == 422


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 201},
        {"title": "ok", "body": "x" * 10_001},
        {"title": "ok", "unexpected": True},
        {"title": 5},
    ],
)
def test_invalid_note_is_rejected_with_422(client: TestClient, payload: dict[str, object]) -> None:
    response = client.post("/notes", json=payload, headers=WRITE_AUTH)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_note_limits_are_inclusive(client: TestClient) -> None:
    response = client.post(
        "/notes", json={"title": "t" * 200, "body": "b" * 10_000}, headers=WRITE_AUTH
    )
    assert response.status_code == 201


@pytest.mark.parametrize("note_id", ["0", "abc", str(2**63)])
def test_invalid_note_id_is_rejected_with_422(client: TestClient, note_id: str) -> None:
    assert client.get(f"/notes/{note_id}").status_code == 422


def test_notes_return_503_json_when_database_is_down(
    make_client: Callable[..., TestClient], closed_port: int
) -> None:
    client = make_client(database_url=f"postgresql://app:pw@127.0.0.1:{closed_port}/app")
    headers = {**WRITE_AUTH, "X-Request-ID": "db-down"}
    response = client.post("/notes", json={"title": "lost"}, headers=headers)
    assert response.status_code == 503
    assert response.json() == {"detail": "Database unavailable", "request_id": "db-down"}
