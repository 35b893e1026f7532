"""Settings validation: every bad value is refused with its variable named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET_KEY, TEST_WRITE_TOKEN
from vpsforge_app.settings import ConfigError, Settings, load_settings


def problems_for(**overrides: object) -> str:
    with pytest.raises(ConfigError) as excinfo:
        load_settings(**overrides)
    return str(excinfo.value)


def test_production_is_the_default_environment_and_requires_secret_key() -> None:
    message = problems_for()
    assert "SECRET_KEY is required when APP_ENV=production" in message


def test_development_starts_without_secret_key_using_a_throwaway_key() -> None:
    settings = load_settings(app_env="development")
    assert settings.secret_key is not None
    assert len(settings.secret_key.get_secret_value()) >= 32


@pytest.mark.parametrize("app_env", ["staging", "production"])
def test_secret_key_is_required_outside_development(app_env: str) -> None:
    assert f"SECRET_KEY is required when APP_ENV={app_env}" in problems_for(app_env=app_env)


def test_empty_secret_key_is_refused() -> None:
    assert "SECRET_KEY must not be empty" in problems_for(secret_key="   ")


@pytest.mark.parametrize(
    "placeholder",
    [
        "changeme",
        "secret",
        "change-me",
        "replace-me",
        "your-secret-key",
        "CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME",
        "x" * 40,
    ],
)
def test_placeholder_secret_key_is_refused(placeholder: str) -> None:
    assert "SECRET_KEY looks like a placeholder" in problems_for(secret_key=placeholder)


def test_short_secret_key_is_refused_with_its_length() -> None:
    message = problems_for(secret_key="Zq3vW8pL2mN5xR7t")
    assert "SECRET_KEY must be at least 32 characters long (got 16)" in message


def test_secret_key_value_never_appears_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "Zq3vW8pL2mN5xR7t")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    assert "Zq3vW8pL2mN5xR7t" not in str(excinfo.value)
    assert "LOG_LEVEL" in str(excinfo.value)


def test_values_are_read_from_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("APP_ENV", "Staging")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("DEBUG", "true")
    monkeypatch.setenv("APP_RELEASE", "20240501-abc123")
    settings = load_settings()
    assert settings.app_env == "staging"
    assert settings.log_level == "DEBUG"
    assert settings.debug is True
    assert settings.release_id == "20240501-abc123"


def test_values_are_read_from_the_file_named_by_app_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / "app.env"
    env_file.write_text(f"SECRET_KEY={TEST_SECRET_KEY}\nALLOWED_ORIGINS=https://a.example\n")
    monkeypatch.setenv("APP_ENV_FILE", str(env_file))
    settings = load_settings()
    assert settings.allowed_origins == ["https://a.example"]


def test_missing_app_env_file_is_reported_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV_FILE", str(tmp_path / "missing.env"))
    assert "APP_ENV_FILE" in problems_for(secret_key=TEST_SECRET_KEY)


def test_unknown_app_env_is_refused() -> None:
    assert "APP_ENV:" in problems_for(app_env="prod", secret_key=TEST_SECRET_KEY)


@pytest.mark.parametrize("value", ["verbose", "TRACE", ""])
def test_unknown_log_level_is_refused(value: str) -> None:
    assert "LOG_LEVEL:" in problems_for(log_level=value, secret_key=TEST_SECRET_KEY)


def test_every_invalid_variable_is_named_in_one_error() -> None:
    message = problems_for(
        secret_key="changeme",
        log_level="loud",
        allowed_origins="ftp://files.example",
        database_url="mysql://u:p@db/app",
    )
    for name in ("SECRET_KEY", "LOG_LEVEL", "ALLOWED_ORIGINS", "DATABASE_URL"):
        assert name in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://a.example, http://localhost:3000",
            ["https://a.example", "http://localhost:3000"],
        ),
        (
            '["https://a.example", "https://b.example:8443"]',
            ["https://a.example", "https://b.example:8443"],
        ),
        ("HTTPS://A.Example/", ["https://a.example"]),
        ("", []),
    ],
)
def test_allowed_origins_accept_comma_separated_or_json_lists(
    make_settings: Callable[..., Settings], raw: str, expected: list[str]
) -> None:
    assert make_settings(allowed_origins=raw).allowed_origins == expected


@pytest.mark.parametrize(
    "origin",
    [
        "ftp://files.example",
        "example.com",
        "https://a.example/app",
        "https://a.example?x=1",
        "https://user@a.example",
        "https://a.example:99999",
        '["https://a.example", 3]',
        "[not json",
    ],
)
def test_bad_allowed_origins_are_refused(origin: str) -> None:
    assert "ALLOWED_ORIGINS" in problems_for(allowed_origins=origin, secret_key=TEST_SECRET_KEY)


def test_wildcard_origin_is_refused_in_production() -> None:
    message = problems_for(allowed_origins="*", secret_key=TEST_SECRET_KEY)
    assert "ALLOWED_ORIGINS" in message
    assert "production" in message


def test_wildcard_origin_is_allowed_in_staging(make_settings: Callable[..., Settings]) -> None:
    assert make_settings(app_env="staging", allowed_origins="*").allowed_origins == ["*"]


@pytest.mark.parametrize(
    "url", ["mysql://u:p@db/app", "redis://localhost", "not a url", "oracle+cx://db/app"]
)
def test_unsupported_database_url_is_refused(url: str) -> None:
    assert "DATABASE_URL" in problems_for(database_url=url, secret_key=TEST_SECRET_KEY)


def test_database_url_error_does_not_echo_the_password() -> None:
    assert "hunter2" not in problems_for(database_url="mysql://u:hunter2@db/app")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://app:pw@db.internal:5432/app",
        "postgresql://app:pw@db.internal:5432/app",
        "postgresql+psycopg2://app:pw@db.internal:5432/app",
    ],
)
def test_postgresql_urls_are_normalised_to_the_psycopg_driver(
    make_settings: Callable[..., Settings], url: str
) -> None:
    settings = make_settings(database_url=url)
    assert settings.database_url == "postgresql+psycopg://app:pw@db.internal:5432/app"


def test_default_database_is_sqlite_in_systemd_state_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATE_DIRECTORY", f"{tmp_path}:/var/lib/other")
    settings = load_settings(secret_key=TEST_SECRET_KEY)
    assert settings.database_url == f"sqlite:///{tmp_path}/app.db"


def test_default_database_falls_back_to_var_in_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(secret_key=TEST_SECRET_KEY)
    assert settings.database_url == f"sqlite:///{tmp_path}/var/app.db"


def test_forwarded_allow_ips_accepts_addresses_networks_and_wildcard(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(forwarded_allow_ips="127.0.0.1, 10.0.0.0/8,::1")
    assert settings.forwarded_allow_ips == ["127.0.0.1", "10.0.0.0/8", "::1"]
    assert make_settings(forwarded_allow_ips="*").forwarded_allow_ips == ["*"]


def test_forwarded_allow_ips_defaults_to_loopback(make_settings: Callable[..., Settings]) -> None:
    assert make_settings().forwarded_allow_ips == ["127.0.0.1"]


def test_bad_forwarded_allow_ips_entry_is_refused() -> None:
    message = problems_for(forwarded_allow_ips="127.0.0.1,proxy.local", secret_key=TEST_SECRET_KEY)
    assert "FORWARDED_ALLOW_IPS entry 'proxy.local'" in message


def test_release_defaults_to_package_version(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    assert settings.release_id == settings.version == "1.0.0"


def test_bad_release_id_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_RELEASE", "release with spaces")
    assert "APP_RELEASE" in problems_for(secret_key=TEST_SECRET_KEY)


def test_debug_is_refused_in_production_naming_debug_and_app_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEBUG", "true")
    message = problems_for(secret_key=TEST_SECRET_KEY)
    assert "DEBUG=true is refused when APP_ENV=production" in message


def test_debug_refusal_is_reported_with_other_problems() -> None:
    message = problems_for(app_env="production", debug=True, log_level="loud")
    for name in ("DEBUG", "SECRET_KEY", "LOG_LEVEL"):
        assert name in message


@pytest.mark.parametrize("app_env", ["development", "staging"])
def test_debug_is_allowed_outside_production(
    make_settings: Callable[..., Settings], app_env: str
) -> None:
    assert make_settings(app_env=app_env, debug=True).debug is True


def test_debug_false_is_accepted_in_production(make_settings: Callable[..., Settings]) -> None:
    assert make_settings(debug=False).debug is False


@pytest.mark.parametrize(
    ("app_env", "write_token", "expected"),
    [
        ("production", None, "disabled"),
        ("staging", None, "disabled"),
        ("development", None, "open"),
        ("production", TEST_WRITE_TOKEN, "token"),
        ("development", TEST_WRITE_TOKEN, "token"),
    ],
)
def test_write_access_follows_write_token_and_app_env(
    make_settings: Callable[..., Settings], app_env: str, write_token: str | None, expected: str
) -> None:
    assert make_settings(app_env=app_env, write_token=write_token).write_access == expected


def test_write_token_is_optional_and_unset_by_default() -> None:
    settings = load_settings(secret_key=TEST_SECRET_KEY)
    assert settings.write_token is None
    assert settings.write_access == "disabled"


def test_write_token_is_read_from_the_env_file_and_stripped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / "app.env"
    env_file.write_text(f'SECRET_KEY={TEST_SECRET_KEY}\nWRITE_TOKEN=" {TEST_WRITE_TOKEN} "\n')
    monkeypatch.setenv("APP_ENV_FILE", str(env_file))
    settings = load_settings()
    assert settings.write_token is not None
    assert settings.write_token.get_secret_value() == TEST_WRITE_TOKEN


def test_empty_write_token_is_refused() -> None:
    message = problems_for(secret_key=TEST_SECRET_KEY, write_token="  ")
    assert "WRITE_TOKEN must not be empty" in message


@pytest.mark.parametrize(
    "placeholder", ["changeme", "CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME", "t" * 40]
)
def test_placeholder_write_token_is_refused(placeholder: str) -> None:
    message = problems_for(secret_key=TEST_SECRET_KEY, write_token=placeholder)
    assert "WRITE_TOKEN looks like a placeholder" in message


def test_short_write_token_is_refused_with_its_length() -> None:
    message = problems_for(secret_key=TEST_SECRET_KEY, write_token="Zq3vW8pL2mN5xR7t")
    assert "WRITE_TOKEN must be at least 32 characters long (got 16)" in message


@pytest.mark.parametrize(
    "token",
    [
        "Zq3vW8pL2mN5xR7t Zq3vW8pL2mN5xR7tAB",
        "Zq3vW8pL2mN5xR7t#Zq3vW8pL2mN5xR7tAB",
        'Zq3vW8pL2mN5xR7t"Zq3vW8pL2mN5xR7tAB',
        "Zq3vW8pL2mN5xR7tZq3vW8pL2mN5xR7tABé",
        "=Zq3vW8pL2mN5xR7tZq3vW8pL2mN5xR7tAB",
    ],
)
def test_write_token_that_cannot_travel_in_a_bearer_header_is_refused(token: str) -> None:
    message = problems_for(secret_key=TEST_SECRET_KEY, write_token=token)
    assert "WRITE_TOKEN may only contain letters, digits and -._~+/" in message
    assert token not in message


def test_write_token_equal_to_secret_key_is_refused() -> None:
    message = problems_for(secret_key=TEST_SECRET_KEY, write_token=TEST_SECRET_KEY)
    assert "WRITE_TOKEN must differ from SECRET_KEY" in message
    assert TEST_SECRET_KEY not in message


@pytest.mark.parametrize("bad_token", ["Zq3vW8pL2mN5xR7t", "Zq3vW8pL2mN5xR7t Zq3vW8pL2mN5xR7tAB"])
def test_write_token_value_never_appears_in_the_error(
    monkeypatch: pytest.MonkeyPatch, bad_token: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("WRITE_TOKEN", bad_token)
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    assert "WRITE_TOKEN" in str(excinfo.value)
    assert bad_token not in str(excinfo.value)
    assert bad_token not in repr(excinfo.value)
    assert all(bad_token not in problem for problem in excinfo.value.problems)


def test_write_token_never_appears_in_the_repr_or_dump_of_settings(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    assert settings.write_token is not None
    for text in (
        repr(settings),
        str(settings),
        settings.model_dump_json(),
        str(settings.model_dump()),
    ):
        assert TEST_WRITE_TOKEN not in text
