"""Application settings read from the environment and an optional env file.

The env file path comes from ``APP_ENV_FILE``; without it only the process
environment is used. Every invalid value is reported by its variable name.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

AppEnv = Literal["development", "staging", "production"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
# How the write routes (POST/PUT/PATCH/DELETE) answer; see Settings.write_access.
WriteAccess = Literal["token", "open", "disabled"]

MIN_SECRET_KEY_LENGTH = 32
MIN_WRITE_TOKEN_LENGTH = 32
_GENERATE_HINT = "generate one with python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
# Normalised (lower-case, letters and digits only) values seen in templates and examples.
_PLACEHOLDER_SECRETS = frozenset(
    {
        "changeme",
        "changethis",
        "secret",
        "secretkey",
        "replaceme",
        "yoursecretkey",
        "yoursecret",
        "password",
        "default",
        "insecure",
        "todo",
        "example",
    }
)
_PLACEHOLDER_MARKERS = ("changeme", "changethis", "replaceme", "yoursecret", "insecure")
_RELEASE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+:-]{0,127}$")
# RFC 6750 b64token: the characters a bearer token can carry in an Authorization header.
_BEARER_TOKEN_RE = re.compile(r"^[A-Za-z0-9._~+/-]+=*$")
_POSTGRES_SCHEMES = frozenset(
    {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}
)
_SQLITE_SCHEMES = frozenset({"sqlite", "sqlite+pysqlite"})


class ConfigError(Exception):
    """Raised when the settings are invalid; the message names each bad variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid configuration:\n{lines}")


def package_version() -> str:
    """Return the installed distribution version of the app."""
    try:
        return version("vpsforge_app")
    except PackageNotFoundError:  # pragma: no cover - only when running from a bare checkout
        return "0.0.0+unknown"


def default_state_directory() -> Path:
    """Directory for local state: systemd's ``STATE_DIRECTORY`` or ``./var``."""
    # systemd passes a colon-separated list when several StateDirectory= entries exist.
    state = os.environ.get("STATE_DIRECTORY", "").split(":")[0].strip()
    return Path(state) if state else Path("var").resolve()


def _is_placeholder(value: str) -> bool:
    normalised = re.sub(r"[^a-z0-9]", "", value.lower())
    if normalised in _PLACEHOLDER_SECRETS:
        return True
    return any(marker in normalised for marker in _PLACEHOLDER_MARKERS)


def _check_random_secret(name: str, raw: str, min_length: int) -> None:
    """Refuse empty, placeholder-looking and short secrets; messages never echo the value."""
    if not raw:
        raise ValueError(f"{name} must not be empty")
    if _is_placeholder(raw) or len(set(raw)) < 8:
        raise ValueError(f"{name} looks like a placeholder; set a random value")
    if len(raw) < min_length:
        raise ValueError(f"{name} must be at least {min_length} characters long (got {len(raw)})")


def _split_list(value: Any, name: str) -> Any:
    """Accept a JSON list or a comma-separated string for list-valued variables."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name} looks like JSON but does not parse: {exc.msg}") from None
        if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
            raise ValueError(f"{name} must be a JSON list of strings")
        return [item.strip() for item in parsed if item.strip()]
    return [item.strip() for item in text.split(",") if item.strip()]


def _normalise_origin(origin: str) -> str:
    if origin == "*":
        return origin
    parts = urlsplit(origin)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{origin!r} is not an http(s) origin like https://example.com")
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"{origin!r} must be scheme://host[:port] without path, query or user")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{origin!r} has an invalid port") from None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


class Settings(BaseSettings):
    """Runtime configuration; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=None,
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,
    )

    app_env: AppEnv = "production"
    debug: bool = False
    secret_key: SecretStr | None = Field(default=None, validate_default=True)
    write_token: SecretStr | None = None
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validate_default=True
    )
    database_url: str = ""
    log_level: LogLevel = "INFO"
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1"]
    )
    release: str | None = Field(
        default=None, validation_alias=AliasChoices("APP_RELEASE", "RELEASE")
    )

    @field_validator("app_env", "log_level", mode="before")
    @classmethod
    def _normalise_choice(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        stripped = value.strip()
        return stripped.upper() if info.field_name == "log_level" else stripped.lower()

    @field_validator("debug", mode="after")
    @classmethod
    def _check_debug(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("app_env") == "production":
            raise ValueError(
                "DEBUG=true is refused when APP_ENV=production; "
                "set DEBUG=false or use APP_ENV=staging or development"
            )
        return value

    @field_validator("secret_key", mode="after")
    @classmethod
    def _check_secret_key(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        app_env = info.data.get("app_env")
        raw = value.get_secret_value().strip() if value is not None else None
        if raw is None:
            if app_env == "development":
                # A throw-away key so development runs need no setup.
                return SecretStr(secrets.token_urlsafe(48))
            if app_env is None:
                return None  # APP_ENV itself is invalid and reported separately.
            raise ValueError(f"SECRET_KEY is required when APP_ENV={app_env}; {_GENERATE_HINT}")
        _check_random_secret("SECRET_KEY", raw, MIN_SECRET_KEY_LENGTH)
        return SecretStr(raw)

    @field_validator("write_token", mode="after")
    @classmethod
    def _check_write_token(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if not raw:
            raise ValueError("WRITE_TOKEN must not be empty; leave it unset to disable writes")
        _check_random_secret("WRITE_TOKEN", raw, MIN_WRITE_TOKEN_LENGTH)
        if not _BEARER_TOKEN_RE.fullmatch(raw):
            raise ValueError(
                "WRITE_TOKEN may only contain letters, digits and -._~+/ "
                f"(optionally ending in '='); {_GENERATE_HINT}"
            )
        secret_key = info.data.get("secret_key")
        if secret_key is not None and secrets.compare_digest(
            raw.encode(), secret_key.get_secret_value().encode()
        ):
            raise ValueError("WRITE_TOKEN must differ from SECRET_KEY")
        return SecretStr(raw)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: Any) -> Any:
        return _split_list(value, "ALLOWED_ORIGINS")

    @field_validator("allowed_origins", mode="after")
    @classmethod
    def _check_origins(cls, value: list[str], info: ValidationInfo) -> list[str]:
        origins = [_normalise_origin(origin) for origin in value]
        if "*" in origins and info.data.get("app_env", "production") == "production":
            raise ValueError(
                "ALLOWED_ORIGINS must list explicit origins; '*' is refused in production"
            )
        return list(dict.fromkeys(origins))

    @field_validator("database_url", mode="after")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("DATABASE_URL is not a valid database URL") from None
        if url.drivername in _POSTGRES_SCHEMES:
            url = url.set(drivername="postgresql+psycopg")
        elif url.drivername not in _SQLITE_SCHEMES:
            raise ValueError(
                f"DATABASE_URL scheme {url.drivername!r} is not supported; "
                "use sqlite:///path/to/app.db or postgresql://user:pass@host/db"
            )
        return url.render_as_string(hide_password=False)

    @field_validator("forwarded_allow_ips", mode="before")
    @classmethod
    def _parse_forwarded(cls, value: Any) -> Any:
        return _split_list(value, "FORWARDED_ALLOW_IPS")

    @field_validator("forwarded_allow_ips", mode="after")
    @classmethod
    def _check_forwarded(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("FORWARDED_ALLOW_IPS must not be empty (use 127.0.0.1 or '*')")
        for item in value:
            if item == "*":
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS entry {item!r} is not an IP address, network or '*'"
                ) from None
        return value

    @field_validator("release", mode="after")
    @classmethod
    def _check_release(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not _RELEASE_RE.fullmatch(value.strip()):
            raise ValueError("APP_RELEASE must be 1-128 characters of letters, digits and ._+:-")
        return value.strip()

    @model_validator(mode="after")
    def _fill_defaults(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite:///{default_state_directory() / 'app.db'}"
        return self

    @property
    def write_access(self) -> WriteAccess:
        """``token`` when WRITE_TOKEN is set, else ``open`` in development, else ``disabled``."""
        if self.write_token is not None:
            return "token"
        return "open" if self.app_env == "development" else "disabled"

    @property
    def version(self) -> str:
        return package_version()

    @property
    def release_id(self) -> str:
        return self.release or self.version


# Maps pydantic field locations to the environment variable a user has to fix.
_ENV_NAMES = {"release": "APP_RELEASE"}


def _problem(error: Any) -> str:
    loc = error.get("loc") or ()
    field = str(loc[0]) if loc else ""
    name = _ENV_NAMES.get(field.lower(), field.upper()) or "settings"
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return message if message.startswith(name) else f"{name}: {message}"


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment (plus ``APP_ENV_FILE``) or raise ConfigError."""
    env_file = os.environ.get("APP_ENV_FILE", "").strip() or None
    if env_file is not None and not Path(env_file).is_file():
        raise ConfigError([f"APP_ENV_FILE: {env_file} does not exist or is not a file"])
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise ConfigError([_problem(error) for error in exc.errors()]) from None
