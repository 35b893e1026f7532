"""roles/fastapi_app/files/release_bundle.py keeps a package index's token off the command line
and out of its messages."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = (
    Path(__file__).resolve().parents[2] / "roles" / "fastapi_app" / "files" / "release_bundle.py"
)
TOKEN = "tok-7Hq2Lx9Vw4Rz"
INDEX = f"https://ci:{TOKEN}@pypi.example.com/simple"


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_bundle", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("url", "text", "shown"),
    [
        (
            INDEX,
            f"cannot reach {INDEX}/pkg/",
            "cannot reach https://***@pypi.example.com/simple/pkg/",
        ),
        (INDEX, f"401 for user ci with {TOKEN}", "401 for user ci with ***"),
        (
            f"https://{TOKEN}@h.example/simple",
            f"https://{TOKEN}@h.example/x",
            "https://***@h.example/x",
        ),
        ("https://pypi.example.com/simple", "plain text", "plain text"),
        ("", "plain text", "plain text"),
    ],
)
def test_redact_hides_the_index_credentials(
    bundle: ModuleType, url: str, text: str, shown: str
) -> None:
    assert bundle.redact(text, url) == shown


def test_wheelhouse_gives_pip_the_index_in_its_environment_only(
    bundle: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        seen["command"], seen["env"] = command, kwargs["env"]
        return subprocess.CompletedProcess(command, 1, "", f"ERROR: 403 from {INDEX}/fastapi/")

    monkeypatch.setattr(bundle.subprocess, "run", fake_run)
    request = {
        "index_url": INDEX,
        "locks": {"requirements.lock": "fastapi==0.1 --hash=sha256:00\n"},
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(request)))
    args = argparse.Namespace(
        cache=str(tmp_path), python="3.11", machine="x86_64", glibc="2.36", timeout=5
    )
    with pytest.raises(SystemExit):
        bundle.command_wheelhouse(args)
    assert not any(TOKEN in part for part in seen["command"])
    assert "--index-url" not in seen["command"]
    assert seen["env"]["PIP_INDEX_URL"] == INDEX
    err = capsys.readouterr().err
    assert "pip download for requirements.lock failed" in err
    assert TOKEN not in err
