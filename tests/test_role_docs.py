"""Every role documents its contract: argument specs, defaults and README agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROLES = sorted(
    p for p in (Path(__file__).resolve().parent.parent / "roles").iterdir() if p.is_dir()
)


def spec_options(role: Path) -> dict[str, dict]:
    specs = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text())
    return specs["argument_specs"]["main"]["options"]


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_every_default_is_in_the_argument_spec_and_back(role: Path) -> None:
    defaults = yaml.safe_load((role / "defaults" / "main.yml").read_text()) or {}
    assert set(defaults) == set(spec_options(role))


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_every_variable_is_prefixed_with_the_role_name(role: Path) -> None:
    for name in spec_options(role):
        assert name.startswith(f"{role.name}_"), name


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_readme_variable_table_matches_the_argument_spec(role: Path) -> None:
    readme = (role / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert documented == set(spec_options(role))


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_every_argument_has_a_type_and_description(role: Path) -> None:
    for name, option in spec_options(role).items():
        assert option.get("type"), f"{name} has no type"
        assert option.get("description"), f"{name} has no description"
