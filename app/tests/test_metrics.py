"""Prometheus metrics at /metrics."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import WRITE_AUTH


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset(labels.items())


def test_requests_are_counted_by_method_route_template_and_status(client: TestClient) -> None:
    client.get("/health")
    client.get("/health")
    client.get("/notes/11")
    client.get("/notes/12")
    values = samples(client)
    assert values[key("http_requests_total", method="GET", route="/health", status="200")] == 2
    assert (
        values[key("http_requests_total", method="GET", route="/notes/{note_id}", status="404")]
        == 2
    )
    assert not any("/notes/11" in dict(labels).get("route", "") for _, labels in values)


def test_request_latency_histogram_is_exposed(client: TestClient) -> None:
    client.post("/notes", json={"title": "timed"}, headers=WRITE_AUTH)
    values = samples(client)
    count = key("http_request_duration_seconds_count", method="POST", route="/notes", status="201")
    assert values[count] == 1


def test_unknown_paths_share_one_label_value(client: TestClient) -> None:
    client.get("/random/a")
    client.get("/random/b")
    values = samples(client)
    assert values[key("http_requests_total", method="GET", route="<unmatched>", status="404")] == 2


def test_each_app_counts_only_its_own_requests(make_client: Callable[..., TestClient]) -> None:
    first, second = make_client(), make_client()
    first.get("/health")
    values = samples(second)
    assert key("http_requests_total", method="GET", route="/health", status="200") not in values
