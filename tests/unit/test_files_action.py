"""vpsforge.fastapi.files (plugins/action/files.py, plugins/modules/files.py): several files,
directories and links in one module run, handlers notified per entry that changed; proven in
real ansible-playbook runs on this machine."""

from __future__ import annotations

import grp
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.ansible_local import env, playbook_report, tool

ROOT = Path(__file__).resolve().parents[2]
USER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name


def entries(work: Path) -> list[dict[str, Any]]:
    owned = {"owner": USER, "group": GROUP}
    return [
        {"dest": f"{work}/a.conf", "content": "{{ content_a }}", "mode": "0644", "notify": ["A"]}
        | owned,
        {
            "dest": f"{work}/b.conf",
            "content": "b\n",
            "mode": "0600",
            "backup": True,
            "notify": ["B", "A"],
        }
        | owned,
        {"dest": f"{work}/conf.d", "state": "directory", "mode": "0750"} | owned,
        {"dest": f"{work}/current", "state": "link", "src": "a.conf", "notify": ["L"]},
        {"dest": f"{work}/old.conf", "state": "absent"},
        {"dest": f"{work}/off.conf", "content": "never\n", "mode": "0600", "when": False} | owned,
        {
            "dest": f"{work}/v.conf",
            "content": "{{ content_v }}",
            "mode": "0644",
            "validate": "grep -q ^ok %s",
        }
        | owned,
    ]


def play(work: Path, run: str, *extra: str, **variables: str) -> dict[str, Any]:
    """One ansible-playbook run of the files task; its result and the handlers that ran."""
    playbook = work.parent / f"{work.name}.yml"
    handlers = [
        {
            "name": name,
            "ansible.builtin.lineinfile": {
                "path": f"{work.parent}/{work.name}.handlers",
                "line": f"{run} {name}",
                "create": True,
                "mode": "0600",
            },
        }
        for name in ("A", "B", "L")
    ]
    files_task = {"name": "files", "vpsforge.fastapi.files": {"files": entries(work)}}
    files_task["ignore_errors"] = True
    tasks = [files_task]
    document = {"hosts": "localhost", "gather_facts": False, "tasks": tasks, "handlers": handlers}
    playbook.write_text(yaml.safe_dump([document], sort_keys=False))
    values = {"content_a": "a\n", "content_v": "ok\n"} | variables
    report = playbook_report(playbook, "-i", "localhost,", "-e", json.dumps(values), *extra)
    tasks_run = report["plays"][0]["tasks"]
    log = work.parent / f"{work.name}.handlers"
    ran = (
        [line.split()[1] for line in log.read_text().splitlines() if line.split()[0] == run]
        if (log.exists())
        else []
    )
    return {"result": tasks_run[0]["hosts"]["localhost"], "handlers": sorted(ran)}


def fresh(tmp_path: Path) -> Path:
    work = tmp_path / "etc"
    work.mkdir()
    (work / "old.conf").write_text("stale\n")
    (work / "off.conf").write_text("kept as found\n")
    return work


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o7777)


def test_first_run_puts_every_entry_in_place_and_notifies_the_changed_entries_handlers(
    tmp_path: Path,
) -> None:
    work = fresh(tmp_path)
    first = play(work, "1")
    assert first["result"]["changed"] is True, first
    assert (work / "a.conf").read_text() == "a\n" and mode(work / "a.conf") == "0o644"
    assert (work / "b.conf").read_text() == "b\n" and mode(work / "b.conf") == "0o600"
    assert (work / "conf.d").is_dir() and mode(work / "conf.d") == "0o750"
    assert os.readlink(work / "current") == "a.conf"
    assert not (work / "old.conf").exists()
    assert (work / "off.conf").read_text() == "kept as found\n", "an entry with when: false"
    assert first["handlers"] == ["A", "B", "L"]
    assert f"{work}/off.conf" not in first["result"]["changed_files"]


def test_a_rerun_changes_nothing_and_notifies_nothing(tmp_path: Path) -> None:
    work = fresh(tmp_path)
    play(work, "1")
    again = play(work, "2")
    assert again["result"]["changed"] is False, again
    assert again["result"]["changed_files"] == []
    assert again["handlers"] == []


def test_drift_is_put_back_and_only_the_drifted_entries_handlers_run(tmp_path: Path) -> None:
    work = fresh(tmp_path)
    play(work, "1")
    (work / "b.conf").write_text("edited by hand\n")
    (work / "current").unlink()
    (work / "current").symlink_to("b.conf")
    fixed = play(work, "2")
    assert fixed["result"]["changed_files"] == [f"{work}/b.conf", f"{work}/current"]
    assert (work / "b.conf").read_text() == "b\n"
    assert os.readlink(work / "current") == "a.conf"
    assert fixed["handlers"] == ["A", "B", "L"]  # b.conf notifies B and A
    backups = [p for p in work.iterdir() if p.name.startswith("b.conf.") and p.name != "b.conf"]
    assert [p.read_text() for p in backups] == ["edited by hand\n"]
    # A mode changed by hand is a change too.
    (work / "a.conf").chmod(0o666)
    assert play(work, "3")["handlers"] == ["A"]
    assert mode(work / "a.conf") == "0o644"


def test_check_mode_reports_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    work = fresh(tmp_path)
    checked = play(work, "1", "--check", "--diff")
    assert checked["result"]["changed"] is True, checked
    assert sorted(p.name for p in work.iterdir()) == ["off.conf", "old.conf"]
    diffs = {d["after_header"]: d for d in checked["result"]["diff"]}
    assert diffs[f"{work}/a.conf"]["after"] == "a\n"
    assert diffs[f"{work}/current"]["after"] == "link to a.conf\n"


def test_content_that_fails_validation_is_refused_naming_the_file_which_is_kept(
    tmp_path: Path,
) -> None:
    work = fresh(tmp_path)
    play(work, "1")
    refused = play(work, "2", content_v="not ok\n")
    assert refused["result"]["failed"] is True
    assert f"{work}/v.conf: the new content fails validation" in refused["result"]["msg"]
    assert (work / "v.conf").read_text() == "ok\n"
    assert not [p for p in work.iterdir() if p.name.startswith(".v.conf")], "a temporary file"


def test_a_file_without_owner_group_or_mode_is_refused_by_name(tmp_path: Path) -> None:
    work = fresh(tmp_path)
    done = subprocess.run(
        [
            tool("ansible"),
            "localhost",
            "-c",
            "local",
            "-i",
            "localhost,",
            "-e",
            f"ansible_python_interpreter={sys.executable}",
            "-m",
            "vpsforge.fastapi.files",
            "-a",
            json.dumps({"files": [{"dest": f"{work}/x.conf", "content": "x\n"}]}),
        ],
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert done.returncode != 0
    assert f"{work}/x.conf: owner, group, mode must be set" in done.stdout
    assert not (work / "x.conf").exists()
