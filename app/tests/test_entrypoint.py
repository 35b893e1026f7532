"""Entry points fail with a short message, not a traceback, on bad configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import APP_DIR, TEST_SECRET_KEY


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "SECRET_"))}
    return subprocess.run(
        args, cwd=APP_DIR, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_importing_main_with_bad_settings_exits_with_clear_message() -> None:
    result = run(
        [sys.executable, "-c", "import vpsforge_app.main"],
        {"SECRET_KEY": "changeme", "LOG_LEVEL": "chatty"},
    )
    assert result.returncode == 4
    assert "vpsforge_app: invalid configuration:" in result.stderr
    assert "SECRET_KEY looks like a placeholder" in result.stderr
    assert "LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr


def test_importing_main_with_valid_settings_builds_the_app(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-c", "import vpsforge_app.main as m; print(type(m.app).__name__)"],
        {"SECRET_KEY": TEST_SECRET_KEY, "STATE_DIRECTORY": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "FastAPI"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "SECRET_KEY is required when APP_ENV=production"),
        ({"SECRET_KEY": TEST_SECRET_KEY, "GUNICORN_WORKERS": "0"}, "GUNICORN_WORKERS must be >= 1"),
        ({"SECRET_KEY": TEST_SECRET_KEY, "DEBUG": "true"}, "DEBUG=true is refused when APP_ENV"),
    ],
)
def test_gunicorn_refuses_to_start_with_one_readable_message(
    env: dict[str, str], expected: str
) -> None:
    result = run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], env)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
