"""The collection's input contract, proven without a container: every bad input is refused
by the validation plays before anything else runs, naming the variable, printing no secret;
every good input passes."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.contract import cases, contract
from tests.contract.cases import CANARY, Bad, Good


def _collect(kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in pkgutil.iter_modules(cases.__path__):
        for name, case in getattr(
            importlib.import_module(f"{cases.__name__}.{module.name}"), kind, {}
        ).items():
            key = f"{module.name}: {name}"
            assert key not in found, key
            found[key] = case
    return found


BAD: dict[str, Bad] = _collect("BAD")
GOOD: dict[str, Good] = _collect("GOOD")


@pytest.fixture(scope="module")
def bench() -> Iterator[contract.Bench]:
    bench = contract.Bench()
    yield bench
    bench.close()


def _selected(request: pytest.FixtureRequest, cases: dict[str, Any]) -> dict[str, Any]:
    """The cases of the tests this session runs (``-k`` runs only those)."""
    keys = {
        item.callspec.params["key"]
        for item in request.session.items
        if hasattr(item, "callspec") and "key" in item.callspec.params
    }
    return {key: case for key, case in cases.items() if key in keys}


@pytest.fixture(scope="module")
def bad_runs(bench: contract.Bench, request: pytest.FixtureRequest) -> dict[str, contract.Run]:
    selected = _selected(request, BAD)
    runs = bench.batches(
        {
            key: contract.Job(
                case.playbook_to_run(), case.roles_to_check(), case.tags, case.variables
            )
            for key, case in selected.items()
            if case.inventory is None
        }
    )
    with ThreadPoolExecutor(max_workers=contract.WORKERS) as pool:
        futures = {
            key: pool.submit(bench.single, case.playbook_to_run(), case.variables, case.inventory)
            for key, case in selected.items()
            if case.inventory is not None
        }
        runs.update({key: future.result() for key, future in futures.items()})
    return runs


@pytest.fixture(scope="module")
def good_runs(bench: contract.Bench, request: pytest.FixtureRequest) -> dict[str, contract.Run]:
    """Inputs over the test baseline run in batches, one host each, like the bad ones; an
    inventory of its own (an example inventory, the demo's) is a run of its own."""
    selected = _selected(request, GOOD)
    runs = bench.batches(
        {
            key: contract.Job(case.playbook, None, (), case.variables)
            for key, case in selected.items()
            if case.inventory is None
        }
    )
    with ThreadPoolExecutor(max_workers=contract.WORKERS) as pool:
        futures = {
            key: pool.submit(bench.single, case.playbook, case.variables, case.inventory)
            for key, case in selected.items()
            if case.inventory is not None
        }
        runs.update({key: future.result() for key, future in futures.items()})
    return runs


@pytest.mark.parametrize("key", sorted(BAD))
def test_bad_input_is_refused_by_the_validation_play_naming_the_variable(
    bad_runs: dict[str, contract.Run], key: str
) -> None:
    case, result = BAD[key], bad_runs[key]
    assert result.failures, result.output[-3000:]
    play, task, message = result.failures[0]
    if case.inventory is not None:
        assert {play for play, _, _ in result.failures} == {contract.VALIDATION_PLAY}
        play, task, message = next(
            (failure for failure in result.failures if case.names in failure[2]), result.failures[0]
        )
    assert play == contract.VALIDATION_PLAY, (play, task, message)
    assert case.names in message, (task, message)
    if case.message:
        assert case.message in message, (task, message)
    assert result.plays_with_tasks == [contract.VALIDATION_PLAY], result.plays_with_tasks


@pytest.mark.parametrize("key", sorted(BAD))
def test_bad_input_run_prints_no_secret(bad_runs: dict[str, contract.Run], key: str) -> None:
    output = bad_runs[key].output
    for secret in (CANARY, *BAD[key].secrets):
        assert secret not in output


@pytest.mark.parametrize("key", sorted(GOOD))
def test_good_input_passes_validation(good_runs: dict[str, contract.Run], key: str) -> None:
    result = good_runs[key]
    assert result.passed, result.failures or result.output[-3000:]
    assert not result.failures, result.failures
    assert result.plays_with_tasks == [contract.VALIDATION_PLAY]
    assert CANARY not in result.output


def test_the_suite_tries_at_least_150_bad_inputs() -> None:
    assert len(BAD) >= 150, len(BAD)
