"""The nginx role's own value formats (roles/nginx/vars/main.yml) accept the right values only.

They are matched the way Ansible's ``match`` test does (``re.match``); the shared rules they sit
next to (DNS names, paths, addresses) are tested in test_rules.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

VARS = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "roles" / "nginx" / "vars" / "main.yml").read_text()
)


def _pattern(name: str) -> str:
    """The pattern with the other __nginx_* variables it names filled in, as Ansible would."""
    return re.sub(r"\{\{ (__nginx_\w+) \}\}", lambda m: _pattern(m.group(1)), VARS[name])


def matches(name: str, value: str) -> bool:
    return re.match(_pattern(name), value) is not None


@pytest.mark.parametrize("value", ["10r/s", "30r/m", "1r/s", "1000r/m"])
def test_rate_accepts_nginx_rates(value: str) -> None:
    assert matches("__nginx_rate_pattern", value)


@pytest.mark.parametrize("value", ["0r/s", "10r/x", "10/m", "10r/s\n", "r/s", "10 r/s", "-1r/s"])
def test_rate_refuses_the_rest(value: str) -> None:
    assert not matches("__nginx_rate_pattern", value)


@pytest.mark.parametrize("value", ["1m", "512k", "1g", "100", "10M"])
def test_size_accepts_nginx_sizes(value: str) -> None:
    assert matches("__nginx_size_pattern", value)


@pytest.mark.parametrize("value", ["0", "0m", "10mb", "1 m", "1m;", "1m\n", "1.5m", ""])
def test_size_refuses_zero_and_the_rest(value: str) -> None:
    assert not matches("__nginx_size_pattern", value)


@pytest.mark.parametrize("value", ["60s", "500ms", "2m", "1h", "1d", "30"])
def test_time_accepts_positive_nginx_times(value: str) -> None:
    assert matches("__nginx_time_pattern", value)


@pytest.mark.parametrize("value", ["0", "0s", "60 s", "4sec", "1w", "-1s", "60s\n", ""])
def test_time_refuses_the_rest(value: str) -> None:
    assert not matches("__nginx_time_pattern", value)


@pytest.mark.parametrize("value", ["7d", "12h", "off", "max", "epoch", "1y", "30"])
def test_expires_accepts_nginx_expires(value: str) -> None:
    assert matches("__nginx_expires_pattern", value)


@pytest.mark.parametrize("value", ["7days", "forever", "7d;", "", "7d\n"])
def test_expires_refuses_the_rest(value: str) -> None:
    assert not matches("__nginx_expires_pattern", value)


@pytest.mark.parametrize("value", ["app", "my-app", "a", "a" * 31, "api2"])
def test_site_name_accepts_short_names(value: str) -> None:
    assert matches("__nginx_site_pattern", value)


@pytest.mark.parametrize("value", ["", "App", "my_app", "2app", "a" * 32, "app\n", "../app", "a.b"])
def test_site_name_refuses_the_rest(value: str) -> None:
    assert not matches("__nginx_site_pattern", value)


@pytest.mark.parametrize("value", ["/", "/auth/login", "/static/", "/a.b/c-d/~e_f", "/..a"])
def test_url_path_accepts_paths_nginx_matches(value: str) -> None:
    assert matches("__nginx_url_path_pattern", value)


@pytest.mark.parametrize(
    "value",
    ["", "auth", "//", "/a//b", "/a/../b", "/..", "/.", "/a/./", "/a b", "/a;", "/a{", "/a\n"],
)
def test_url_path_refuses_paths_nginx_never_matches(value: str) -> None:
    assert not matches("__nginx_url_path_pattern", value)


@pytest.mark.parametrize(
    "value",
    [
        "/metrics",
        "/metrics/",
        "/metricsx",
        "/.well-known/acme-challenge/",
        "/.well-known/acme-challenge",
    ],
)
def test_reserved_paths_cover_the_metrics_guard_and_the_challenge(value: str) -> None:
    assert matches("__nginx_reserved_paths_pattern", value)


@pytest.mark.parametrize("value", ["/auth/metrics", "/.well-known/security.txt", "/static/"])
def test_reserved_paths_leave_the_rest(value: str) -> None:
    assert not matches("__nginx_reserved_paths_pattern", value)


@pytest.mark.parametrize(
    "value",
    [
        "default-src 'none'; frame-ancestors 'none'",
        "no-referrer",
        "img-src 'self' data: https://cdn.example.com",
        "geolocation=(self 'x'), camera=()",
    ],
)
def test_header_value_accepts_printable_ascii(value: str) -> None:
    assert matches("__nginx_header_value_pattern", value)


@pytest.mark.parametrize(
    "value", ["", 'a"b', "a\\b", "a$b", "a\nb", "a\rb", "a\tb", "caf\u00e9", "a\x00"]
)
def test_header_value_refuses_what_breaks_a_quoted_nginx_string(value: str) -> None:
    assert not matches("__nginx_header_value_pattern", value)


@pytest.mark.parametrize(
    "value",
    ["", " ", "default-src 'none'", " frame-ancestors 'none' ", "upgrade-insecure-requests"],
)
def test_csp_directive_accepts_a_name_and_its_values(value: str) -> None:
    assert matches("__nginx_csp_directive_pattern", value)


@pytest.mark.parametrize("value", ["'none'", "default-src'self'", "-x 'none'", "https://a.example"])
def test_csp_directive_refuses_values_without_a_name(value: str) -> None:
    assert not matches("__nginx_csp_directive_pattern", value)


@pytest.mark.parametrize(
    "value",
    [
        "accelerometer=(), camera=(), geolocation=(), microphone=(), payment=(), usb=()",
        'geolocation=(self "https://maps.example.com"), camera=()',
        "fullscreen=*",
        "fullscreen=self",
        'camera=(self src "https://a.example:8443")',
        "camera=( )",
    ],
)
def test_permissions_policy_accepts_the_header_syntax(value: str) -> None:
    assert matches("__nginx_permissions_policy_pattern", value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "camera",
        "camera, microphone",
        "camera=(); microphone=()",
        "camera=(self https://a.example)",
        'camera=(self "https://a.example\\")',
        'camera=("https://a.example" "$x")',
        "camera=()\nadd_header X y",
        "Camera=()",
        "camera=(none)",
    ],
)
def test_permissions_policy_refuses_the_rest(value: str) -> None:
    assert not matches("__nginx_permissions_policy_pattern", value)


@pytest.mark.parametrize(
    "value", ["/var/log/nginx/access.log", "/var/log/nginx", "/var/log/nginx/*.log"]
)
def test_own_logs_are_nginx_logs(value: str) -> None:
    assert matches("__nginx_own_logs_pattern", value)


@pytest.mark.parametrize(
    "value", ["/var/log/*.log", "/var/log/*", "/var/log/sys?og", "/var/log/[a-z]*"]
)
def test_globs_over_var_log_are_the_system_logs(value: str) -> None:
    assert matches("__nginx_system_logs_glob_pattern", value)


@pytest.mark.parametrize("value", ["/var/log/app/*.log", "/var/log/app.log", "/srv/app/logs/*.log"])
def test_an_apps_own_logs_are_no_system_glob(value: str) -> None:
    assert not matches("__nginx_system_logs_glob_pattern", value)
    assert not matches("__nginx_own_logs_pattern", value)


def test_the_validate_command_has_one_placeholder_and_cleans_up() -> None:
    # template's validate formats the command with % (a second % would break it).
    command = VARS["__nginx_validate"]
    assert command.count("%") == 1 and "%s" in command
    assert 'rm -rf "$d"' in command and "--remove-destination" in command
