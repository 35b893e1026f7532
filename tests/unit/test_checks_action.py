"""vpsforge.fastapi.checks (plugins/action/checks.py): a role's rules in one task, evaluated in
order, lazily, the first failing rule's message as the result; proven in a real
ansible-playbook run on this machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ansible_local import playbook_report

ROOT = Path(__file__).resolve().parents[2]
SECRET = "https://user:s3cret-Pw@mirror.example"

TASKS: list[dict[str, Any]] = [
    {
        "name": "all hold",
        "vpsforge.fastapi.checks": {
            "checks": [
                {"name": "a port", "that": "22 is vpsforge.fastapi.port", "msg": "never"},
                {
                    "name": "check vars are templated when read",
                    "that": ["doubled | int == 4", "names | length == 2"],
                    "msg": "never",
                    "vars": {"doubled": "{{ 2 * 2 }}"},
                },
                {"name": "skipped", "that": False, "msg": "never", "when": "names | length > 5"},
            ]
        },
    },
    {
        "name": "first failure wins and what follows is not evaluated",
        "vpsforge.fastapi.checks": {
            "checks": [
                {"name": "holds", "that": "true", "msg": "never"},
                {
                    "name": "ports",
                    "that": "item is vpsforge.fastapi.port",
                    "msg": "ports[{{ i }}]: {{ shown }} is not a TCP port",
                    "loop": "{{ ports }}",
                    "index_var": "i",
                    "vars": {"shown": "{{ item * 1 }}"},
                },
                {"name": "would raise", "that": "undefined_variable.attribute", "msg": "x"},
            ]
        },
    },
    {
        "name": "when is evaluated per item",
        "vpsforge.fastapi.checks": {
            "checks": [
                {
                    "name": "names",
                    "that": "name is vpsforge.fastapi.unix_name",
                    "msg": "names: '{{ name }}' is not a user name",
                    "loop": "{{ names }}",
                    "loop_var": "name",
                    "when": "name != 'Bad Name'",
                },
                {
                    "name": "names again",
                    "that": "name is vpsforge.fastapi.unix_name",
                    "msg": "names: '{{ name }}' is not a user name",
                    "loop": "{{ names }}",
                    "loop_var": "name",
                },
            ]
        },
    },
    {
        "name": "a loop item is never part of the result",
        "vpsforge.fastapi.checks": {
            "checks": [
                {
                    "name": "mirrors",
                    "that": "lookup('ansible.builtin.vars', item) is not search('@')",
                    "msg": "{{ item }}: holds a password",
                    "loop": ["mirror"],
                }
            ]
        },
    },
    {
        "name": "an unknown key is refused",
        "vpsforge.fastapi.checks": {"checks": [{"that": "true", "fail_msg": "old style"}]},
    },
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("checks")
    for task in TASKS:
        task["ignore_errors"] = True
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "vars": {"ports": [22, 443, 70000, 8080], "names": ["alice", "Bad Name"], "mirror": SECRET},
        "tasks": TASKS,
    }
    playbook = work / "checks.yml"
    playbook.write_text(yaml.safe_dump([play], sort_keys=False))
    report = playbook_report(playbook, "-i", "localhost,")
    tasks = report["plays"][0]["tasks"]
    return {task["task"]["name"]: task["hosts"]["localhost"] for task in tasks}


def test_rules_that_hold_pass_and_a_false_when_skips_a_rule(results: dict[str, Any]) -> None:
    result = results["all hold"]
    assert not result.get("failed"), result
    assert result["msg"] == "3 checks passed"


def test_the_first_failing_rule_fails_the_task_with_its_message_and_item(
    results: dict[str, Any],
) -> None:
    result = results["first failure wins and what follows is not evaluated"]
    assert result["failed"] is True
    assert result["msg"] == "ports[2]: 70000 is not a TCP port"
    assert result["check"] == "ports"


def test_when_is_evaluated_for_each_item(results: dict[str, Any]) -> None:
    result = results["when is evaluated per item"]
    assert result["check"] == "names again", result
    assert result["msg"] == "names: 'Bad Name' is not a user name"


def test_a_loop_item_never_reaches_the_result(results: dict[str, Any]) -> None:
    result = results["a loop item is never part of the result"]
    assert result["failed"] is True
    assert result["msg"] == "mirror: holds a password"
    assert SECRET not in json.dumps(result)


def test_an_assert_style_key_is_refused_naming_the_check(results: dict[str, Any]) -> None:
    result = results["an unknown key is refused"]
    assert result["failed"] is True
    assert "unknown keys ['fail_msg']" in result["msg"]
