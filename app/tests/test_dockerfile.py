"""Builds the Dockerfile with the docker CLI and checks the running container.

Skipped when the docker daemon or the base image is unavailable, unless
VPSFORGE_REQUIRE_DOCKER=1 turns that into a failure. The base image defaults to
vpsforge/python-base:bookworm (VPSFORGE_APP_BASE_IMAGE overrides); the CA bundle
from VPSFORGE_CA_BUNDLE (default: the system bundle) is put into the build
context so the build stage can reach the package index through a TLS proxy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.conftest import APP_DIR, TEST_SECRET_KEY

pytestmark = pytest.mark.docker

BASE_IMAGE = os.environ.get("VPSFORGE_APP_BASE_IMAGE", "vpsforge/python-base:bookworm")
CA_BUNDLE = Path(os.environ.get("VPSFORGE_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt"))
REQUIRE_DOCKER = os.environ.get("VPSFORGE_REQUIRE_DOCKER") == "1"
BUILD_TIMEOUT_SECONDS = 900
HEALTHY_TIMEOUT_SECONDS = 120
CONTEXT_FILES = (
    "Dockerfile",
    ".dockerignore",
    "requirements.lock",
    "requirements-build.lock",
    "pyproject.toml",
    "README.md",
    "gunicorn.conf.py",
)
BUILD_CA_NAME = "build-ca-bundle.crt"


def unavailable(reason: str) -> NoReturn:
    if REQUIRE_DOCKER:
        pytest.fail(f"{reason}; VPSFORGE_REQUIRE_DOCKER=1 requires the docker test to run")
    pytest.skip(reason)


def docker(
    *args: str, timeout: float = 120, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["docker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "DOCKER_BUILDKIT": "0"},  # the legacy builder must work
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"docker {' '.join(args)} failed:\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
        )
    return result


def require_docker() -> None:
    if shutil.which("docker") is None:
        unavailable("docker CLI not installed")
    if docker("info", timeout=30, check=False).returncode != 0:
        unavailable("docker daemon not reachable")
    if docker("image", "inspect", BASE_IMAGE, timeout=30, check=False).returncode != 0:
        unavailable(f"base image {BASE_IMAGE} not present (build it first)")


def make_build_context(context: Path) -> None:
    for name in CONTEXT_FILES:
        shutil.copy2(APP_DIR / name, context / name)
    shutil.copytree(
        APP_DIR / "src", context / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    ca_dir = context / "docker" / "ca-certificates"
    ca_dir.mkdir(parents=True)
    shutil.copy2(APP_DIR / "docker" / "ca-certificates" / "README.md", ca_dir / "README.md")
    if CA_BUNDLE.is_file():
        shutil.copyfile(CA_BUNDLE, ca_dir / BUILD_CA_NAME)
    elif "VPSFORGE_CA_BUNDLE" in os.environ:
        pytest.fail(f"VPSFORGE_CA_BUNDLE={CA_BUNDLE} does not exist")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_docker()
    context = tmp_path_factory.mktemp("docker-context")
    make_build_context(context)
    tag = f"vpsforge-app-test:{uuid.uuid4().hex[:12]}"
    docker(
        "build",
        "--build-arg",
        f"BASE_IMAGE={BASE_IMAGE}",
        "--tag",
        tag,
        str(context),
        timeout=BUILD_TIMEOUT_SECONDS,
    )
    try:
        yield tag
    finally:
        docker("image", "rm", "--force", tag, check=False)


def health_status(name: str) -> str:
    result = docker("inspect", "--format", "{{json .State}}", name)
    state = json.loads(result.stdout)
    if not state.get("Running"):
        return f"exited ({state.get('ExitCode')})"
    return state.get("Health", {}).get("Status", "none")


@pytest.fixture(scope="module")
def container(image: str) -> Iterator[str]:
    name = f"vpsforge-app-test-{uuid.uuid4().hex[:12]}"
    docker(
        "run",
        "--detach",
        "--name",
        name,
        "--env",
        f"SECRET_KEY={TEST_SECRET_KEY}",
        "--env",
        "GUNICORN_WORKERS=2",
        image,
    )
    try:
        deadline = time.monotonic() + HEALTHY_TIMEOUT_SECONDS
        status = health_status(name)
        while status != "healthy" and time.monotonic() < deadline:
            if status.startswith("exited") or status == "unhealthy":
                break
            time.sleep(2)
            status = health_status(name)
        if status != "healthy":
            logs = docker("logs", name, check=False)
            pytest.fail(f"container is {status}, not healthy:\n{logs.stdout}{logs.stderr}")
        yield name
    finally:
        docker("rm", "--force", "--volumes", name, check=False)


def test_container_becomes_healthy_and_serves_the_app(container: str) -> None:
    result = docker(
        "exec",
        container,
        "python3",
        "-c",
        "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8000/version').read().decode())",
    )
    assert json.loads(result.stdout) == {"version": "1.0.0", "release": "1.0.0"}


def test_container_process_runs_as_non_root_uid(container: str) -> None:
    status = docker("exec", container, "cat", "/proc/1/status").stdout
    uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
    assert uid_line.split()[1:] == ["10001"] * 4
    assert docker("inspect", "--format", "{{.Config.User}}", container).stdout.strip() == (
        "10001:10001"
    )


def test_final_image_has_no_compiler(container: str) -> None:
    found = docker("exec", container, "sh", "-c", "command -v gcc cc c++ clang make || true").stdout
    assert found.strip() == ""


def test_build_stage_ca_does_not_reach_the_final_image(container: str) -> None:
    result = docker(
        "exec", container, "ls", "/usr/local/share/ca-certificates/", check=False
    ).stdout
    assert BUILD_CA_NAME not in result


def test_container_logs_are_json_lines_with_access_entries(container: str) -> None:
    logs = docker("logs", container)
    lines = [line for line in (logs.stdout + logs.stderr).splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert any(
        record.get("logger") == "vpsforge_app.access" and record.get("path") == "/health"
        for record in records
    )


def test_container_without_secret_key_exits_with_clear_message(image: str) -> None:
    result = docker("run", "--rm", image, check=False, timeout=60)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "SECRET_KEY is required when APP_ENV=production" in output
    assert "Traceback" not in output
