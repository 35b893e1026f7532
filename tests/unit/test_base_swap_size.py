"""base_swap_size: "auto" sizes swap for small hosts only, explicit sizes are taken as asked.

The rule is the base role's own expression (vars/main.yml) evaluated by Ansible on this
machine, every case a host of one run; it depends on no distro, so it runs once here rather
than in each Molecule distro.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.ansible_local import playbook_report

PLAYBOOK = Path(__file__).resolve().with_name("base_swap_size.yml")
CASES: list[tuple[str, int, int]] = [
    ("auto", 960, 1024),  # a 1 GB VPS
    ("auto", 1967, 1024),  # a 2 GB VPS (the kernel reports a little less)
    ("auto", 3911, 2048),  # a 4 GB VPS
    ("auto", 7940, 0),  # 8 GB: enough memory, no swap
    ("512M", 7940, 512),
    ("2G", 960, 2048),
    ("off", 960, 0),
    ("0", 960, 0),
]


@pytest.fixture(scope="module")
def picked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The swap size in MiB the role picks, per case host (case-N is CASES[N])."""
    hosts = {
        f"case-{index}": {"case_size": size, "case_memtotal_mb": memory}
        for index, (size, memory, _) in enumerate(CASES)
    }
    inventory = tmp_path_factory.mktemp("swap") / "hosts.json"
    inventory.write_text(json.dumps({"all": {"hosts": hosts}}))
    report = playbook_report(PLAYBOOK, "-i", str(inventory))
    assert all(not stats["failures"] for stats in report["stats"].values()), report
    shown = next(
        t for t in report["plays"][0]["tasks"] if t["task"]["name"] == "Show the size in MiB"
    )
    return {
        host: int(re.fullmatch(r"swap_mb=(\d+)", result["msg"]).group(1))  # type: ignore[union-attr]
        for host, result in shown["hosts"].items()
    }


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[str(c) for c in CASES])
def test_swap_size_for_memory(
    picked: dict[str, int], index: int, case: tuple[str, int, int]
) -> None:
    size, memory_mb, swap_mb = case
    assert picked.get(f"case-{index}") == swap_mb, (size, memory_mb, picked)
