"""Strict types for a role's variables, read from its meta/argument_specs.yml.

Ansible's own argument-spec check converts before it compares (``"false"`` passes as a
bool, ``"2222"`` as an int, ``"a,b"`` as a list) but hands the role the unconverted value,
so a string ``"false"`` reaches a template as a true value. This module refuses every value
whose Python type is not the declared one, naming the variable and saying how to write it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "the boolean " + ("true" if value else "false")
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _show(value: object, secret: bool) -> str:
    if secret:
        return _kind(value) + " (value hidden)"
    if isinstance(value, str):
        return f"the string '{value[:60]}'"
    return _kind(value)


def _type_error(name: str, want: str, value: object, secret: bool) -> str | None:
    """The message for ``value`` given where ``want`` (an argument-spec type) is declared,
    or None when it is of that type."""
    hint = ""
    if want == "bool":
        if isinstance(value, bool):
            return None
        hint = (
            " An INI inventory and -e key=value give strings: write true/false in YAML, or "
            f"-e '{{\"{name.split('[')[0]}\": false}}'."
        )
    elif want == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        if isinstance(value, str):
            hint = (
                " Write the number without quotes (-e key=value gives a string: use -e with JSON)."
            )
    elif want == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
    elif want == "str":
        if isinstance(value, str) or (
            isinstance(value, (int, float)) and not isinstance(value, bool)
        ):
            return None
        if isinstance(value, bool):
            hint = " YAML reads unquoted yes/no/true/false/on/off as booleans: quote the value."
    elif want == "list":
        if isinstance(value, list):
            return None
    elif want == "dict":
        if isinstance(value, Mapping):
            return None
    else:  # path, raw, jsonarg, bits, bytes: Ansible's own check is enough
        return None
    return f"{name}: must be {_NAMES.get(_PY[want], want)}, got {_show(value, secret)}.{hint}"


_PY = {"bool": bool, "int": int, "float": float, "str": str, "list": list, "dict": dict}


def check(name: str, value: object, spec: Mapping[str, Any], secret: bool = False) -> list[str]:
    """Every type error in ``value`` against the option ``spec`` (recursing into list
    elements and suboptions). None is accepted for an option that is not required."""
    secret = secret or bool(spec.get("no_log"))
    if value is None:
        return [f"{name}: must be set."] if spec.get("required") else []
    want = spec.get("type", "str")
    if not isinstance(want, str):
        return []
    error = _type_error(name, want, value, secret)
    if error:
        return [error]
    errors: list[str] = []
    if want == "list":
        elements = spec.get("elements")
        if isinstance(elements, str):
            sub = {k: v for k, v in spec.items() if k in ("options", "no_log")}
            sub["type"] = elements
            for index, item in enumerate(value):
                errors += check(f"{name}[{index}]", item, sub, secret)
    elif want == "dict" and isinstance(spec.get("options"), Mapping):
        for key, option in spec["options"].items():
            if key in value:
                errors += check(f"{name}.{key}", value[key], option, secret)
    return errors


def check_all(options: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """Every type error among ``values`` (the variables the role sees) for ``options``."""
    errors: list[str] = []
    for name, spec in options.items():
        if name in values:
            errors += check(name, values[name], spec or {})
    return errors
