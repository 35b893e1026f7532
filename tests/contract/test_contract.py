"""The collection's input contract, proven without a container: every bad input is refused
by the validation plays before anything else runs, naming the variable, printing no secret;
every good input passes."""

from __future__ import annotations

import importlib
import pkgutil
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
def bad_runs() -> dict[str, contract.Run]:
    return contract.run_many(
        {key: (case.playbook_to_run(), case.variables, None) for key, case in BAD.items()}
    )


@pytest.fixture(scope="module")
def good_runs() -> dict[str, contract.Run]:
    return contract.run_many(
        {key: ("validate.yml", case.variables, case.inventory) for key, case in GOOD.items()}
    )


@pytest.mark.parametrize("key", sorted(BAD))
def test_bad_input_is_refused_by_the_validation_play_naming_the_variable(
    bad_runs: dict[str, contract.Run], key: str
) -> None:
    case, result = BAD[key], bad_runs[key]
    assert result.rc != 0, result.output[-3000:]
    failures = result.failures()
    assert failures, result.output[-3000:]
    play, task, message = failures[0]
    assert play == contract.VALIDATION_PLAY, (play, task, message)
    assert case.names in message, (task, message)
    if case.message:
        assert case.message in message, (task, message)
    assert set(result.plays_with_tasks()) <= {contract.VALIDATION_PLAY}, result.plays_with_tasks()


@pytest.mark.parametrize("key", sorted(BAD))
def test_bad_input_run_prints_no_secret(bad_runs: dict[str, contract.Run], key: str) -> None:
    output = bad_runs[key].output
    for secret in (CANARY, *BAD[key].secrets):
        assert secret not in output


@pytest.mark.parametrize("key", sorted(GOOD))
def test_good_input_passes_validation(good_runs: dict[str, contract.Run], key: str) -> None:
    result = good_runs[key]
    assert result.rc == 0, result.failures() or result.output[-3000:]
    assert CANARY not in result.output


def test_the_suite_tries_at_least_150_bad_inputs() -> None:
    assert len(BAD) >= 150, len(BAD)
