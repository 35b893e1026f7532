"""The rules the base and python roles added to plugins/plugin_utils/rules.py."""

from __future__ import annotations

import pytest
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules


@pytest.mark.parametrize(
    "name",
    [
        "curl",
        "ca-certificates",
        "libstdc++6",
        "python3.11",
        "g++",
        "libc6:i386",
        "curl=7.88.1-10+deb12u5",
        "nginx=1:1.22.1-9",
        "libssl3:amd64=3.0.11-1~deb12u2",
        "7zip",
    ],
)
def test_debian_package_accepts_what_apt_takes(name: str) -> None:
    assert rules.is_debian_package(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "a",
        "Curl",
        "-curl",
        "curl vim",
        "curl\nvim",
        "curl;reboot",
        "curl*",
        "-o=Dpkg::Options::=--force-confnew",
        "curl=",
        "curl:",
        "curl=1.0 evil",
        "'curl'",
        "pkg_name",
        "x" * 201,
        1,
        True,
        None,
        ["curl"],
    ],
)
def test_debian_package_refuses_the_rest(name: object) -> None:
    assert not rules.is_debian_package(name)


def test_debian_package_is_a_jinja_test() -> None:
    from ansible_collections.vpsforge.fastapi.plugins.test.rules import TestModule

    assert TestModule().tests()["debian_package"] is rules.is_debian_package
