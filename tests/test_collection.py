"""The collection builds into a tarball that installs and runs, and holds only what it should."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

from tests.ansible_local import tool

ROOT = Path(__file__).resolve().parent.parent
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text())
ROLES = sorted(p.name for p in (ROOT / "roles").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [tool("ansible-galaxy"), "collection", "build", "--output-path", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("vpsforge-fastapi-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def installed(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("collections")
    subprocess.run(
        [
            tool("ansible-galaxy"),
            "collection",
            "install",
            "--no-deps",
            "--force",
            "-p",
            str(path),
            str(tarball),
        ],
        check=True,
        capture_output=True,
    )
    return path


def members(tarball: Path) -> set[str]:
    with tarfile.open(tarball) as tar:
        return set(tar.getnames())


def test_tarball_is_named_for_the_galaxy_version(tarball: Path) -> None:
    assert tarball.name == f"vpsforge-fastapi-{GALAXY['version']}.tar.gz"


def test_tarball_carries_roles_playbooks_and_metadata(tarball: Path) -> None:
    names = members(tarball)
    for required in (
        "MANIFEST.json",
        "FILES.json",
        "README.md",
        "meta/runtime.yml",
        "playbooks/site.yml",
        "playbooks/tasks/rolling.yml",  # deploy.yml and rollback.yml include it
    ):
        assert required in names
    for role in ROLES:
        assert f"roles/{role}/tasks/main.yml" in names
        assert f"roles/{role}/meta/argument_specs.yml" in names


@pytest.mark.parametrize(
    "excluded",
    [
        "molecule",
        "app",
        "bench",
        "inventories",
        "images",
        "tests",
        "scripts",
        ".ci",
        ".config",
        ".venv",
        "build",
    ],
)
def test_tarball_leaves_out_the_bench_and_sources(tarball: Path, excluded: str) -> None:
    leaked = [n for n in members(tarball) if n == excluded or n.startswith(f"{excluded}/")]
    assert leaked == []


def test_installed_site_playbook_runs_by_its_fqcn(installed: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text("vps:\n  hosts:\n    somewhere:\n")
    # Only the installed tarball (and the collections bundled with ansible) may resolve.
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(installed)}
    env.pop("ANSIBLE_CONFIG", None)
    result = subprocess.run(
        [tool("ansible-playbook"), "-i", str(inventory), "vpsforge.fastapi.site", "--list-tasks"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "vpsforge.fastapi.base" in result.stdout


def test_runtime_requires_ansible_as_a_lower_bound_only() -> None:
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    spec = runtime["requires_ansible"]
    assert spec.startswith(">=")
    assert "<" not in spec and "," not in spec


def test_requirements_pin_every_collection_the_galaxy_file_depends_on() -> None:
    pinned = {
        c["name"]: c["version"]
        for c in yaml.safe_load((ROOT / "requirements.yml").read_text())["collections"]
    }
    assert set(GALAXY["dependencies"]) <= set(pinned)
    assert all(str(v)[0].isdigit() for v in pinned.values())


def test_edge_playbook_runs_each_role_once() -> None:
    """The certificate paths stay the same from the stand-in to the issued certificate."""
    (_, edge) = yaml.safe_load((ROOT / "playbooks" / "edge.yml").read_text())
    roles = [task["ansible.builtin.import_role"]["name"] for task in edge["tasks"]]
    assert len(roles) == len(set(roles))
    assert roles[:2] == ["vpsforge.fastapi.nginx", "vpsforge.fastapi.letsencrypt"]


@pytest.mark.parametrize(
    "module", sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py"))
)
def test_every_module_documents_itself_for_ansible_doc(module: str) -> None:
    done = subprocess.run(
        [tool("ansible-doc"), "-t", "module", "--json", f"vpsforge.fastapi.{module}"],
        capture_output=True,
        text=True,
        env={**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(ROOT / ".collections")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "[ERROR]" not in done.stderr, done.stderr


def _role_applications(play: dict) -> list[tuple[str, list[str], list[str]]]:
    """(role, tags, tags applied inside) of every role a play applies, by `roles:` or by an
    import_role/include_role task."""
    found = []
    for entry in play.get("roles", []):
        found.append((entry["role"], entry.get("tags", []), entry.get("tags", [])))
    for task in play.get("tasks", []):
        for action in ("ansible.builtin.import_role", "ansible.builtin.include_role"):
            if action in task:
                args = task[action]
                # Tags on an include reach only the include; `apply` passes them to its tasks.
                inside = (
                    task.get("tags", [])
                    if action.endswith("import_role")
                    else args.get("apply", {}).get("tags", [])
                )
                found.append((args["name"], task.get("tags", []), inside))
    return found


PLAYBOOKS = sorted(p.name for p in (ROOT / "playbooks").glob("*.yml") if p.name != "validate.yml")


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_every_role_a_playbook_applies_carries_its_role_name_as_a_tag(playbook: str) -> None:
    """`--tags nginx` runs the nginx role and `--skip-tags fail2ban` leaves fail2ban out, in
    every playbook; the validation play runs whatever the tags (the contract suite proves it)."""
    plays = yaml.safe_load((ROOT / "playbooks" / playbook).read_text())
    applied = [app for play in plays for app in _role_applications(play)]
    # A playbook of imports only (site.yml) is checked through the playbooks it imports.
    assert applied or all(any(k.endswith("import_playbook") for k in play) for play in plays)
    for role, tags, inside in applied:
        short = role.rsplit(".", 1)[-1]
        assert short in tags, (playbook, role, tags)
        assert short in inside, (playbook, role, "its tasks do not get the tag", inside)
