"""Strict types (plugins/plugin_utils/types.py): a value reaches a role as its declared type."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import types

SPEC: dict[str, Any] = {
    "x_flag": {"type": "bool"},
    "x_port": {"type": "int"},
    "x_ratio": {"type": "float"},
    "x_mode": {"type": "str", "choices": ["no", "yes"]},
    "x_names": {"type": "list", "elements": "str"},
    "x_ports": {"type": "list", "elements": "int"},
    "x_users": {
        "type": "list",
        "elements": "dict",
        "options": {"name": {"type": "str"}, "admin": {"type": "bool"}},
    },
    "x_env": {"type": "dict"},
    "x_token": {"type": "str", "no_log": True},
    "x_path": {"type": "path"},
}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("x_flag", True), ("x_flag", False), ("x_port", 22), ("x_ratio", 0.5), ("x_ratio", 1),
        ("x_mode", "no"), ("x_names", []), ("x_names", ["a"]), ("x_ports", [80, 443]),
        ("x_users", [{"name": "a", "admin": True}]), ("x_env", {"A": "1"}), ("x_port", None),
        ("x_mode", 5), ("x_path", "/x"),
    ],
)  # fmt: skip
def test_values_of_the_declared_type_pass(name: str, value: object) -> None:
    assert types.check_all(SPEC, {name: value}) == []


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("x_flag", "false", "must be a boolean, got the string 'false'"),
        ("x_flag", "yes", "must be a boolean"),
        ("x_flag", 0, "must be a boolean, got an integer"),
        ("x_port", "2222", "must be an integer, got the string '2222'"),
        ("x_port", True, "must be an integer, got the boolean true"),
        ("x_port", 22.5, "must be an integer"),
        ("x_mode", False, "YAML reads unquoted yes/no"),
        ("x_names", "a,b", "must be a list, got the string 'a,b'"),
        ("x_ports", [80, "443"], "x_ports[1]: must be an integer"),
        ("x_users", [{"name": "a", "admin": "no"}], "x_users[0].admin: must be a boolean"),
        ("x_users", ["alice"], "x_users[0]: must be a mapping"),
        ("x_env", ["A=1"], "x_env: must be a mapping"),
    ],
)  # fmt: skip
def test_values_of_another_type_are_refused_naming_the_variable(
    name: str, value: object, says: str
) -> None:
    errors = types.check_all(SPEC, {name: value})
    assert len(errors) == 1
    assert errors[0].startswith(name)
    assert says in errors[0]


def test_a_secret_value_is_never_shown() -> None:
    (error,) = types.check_all(SPEC, {"x_token": ["hunter2-secret"]})
    assert "hunter2" not in error
    assert "value hidden" in error


def test_required_option_without_a_value_is_refused() -> None:
    assert types.check("x", None, {"type": "str", "required": True}) == ["x: must be set."]


def test_variables_the_spec_does_not_know_are_left_alone() -> None:
    assert types.check_all(SPEC, {"other": "false"}) == []
