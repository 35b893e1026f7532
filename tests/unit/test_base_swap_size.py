"""base_swap_size: "auto" sizes swap for small hosts only, explicit sizes are taken as asked.

The rule is the base role's own expression (vars/main.yml) evaluated by Ansible on this
machine, every case a host of one run; it depends on no distro, so it runs once here rather
than in each Molecule distro.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
        f"case-{index}": {
            "case_size": size,
            "case_memtotal_mb": memory,
            "ansible_connection": "local",
            "ansible_python_interpreter": sys.executable,
        }
        for index, (size, memory, _) in enumerate(CASES)
    }
    inventory = tmp_path_factory.mktemp("swap") / "hosts.json"
    inventory.write_text(json.dumps({"all": {"hosts": hosts}}))
    playbook = Path(sys.executable).with_name("ansible-playbook")
    proc = subprocess.run(
        [str(playbook), "-i", str(inventory), str(PLAYBOOK)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {host: int(mb) for host, mb in re.findall(r"(case-\d+) swap_mb=(\d+)", proc.stdout)}


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[str(c) for c in CASES])
def test_swap_size_for_memory(
    picked: dict[str, int], index: int, case: tuple[str, int, int]
) -> None:
    size, memory_mb, swap_mb = case
    assert picked.get(f"case-{index}") == swap_mb, (size, memory_mb, picked)
