"""base_swap_size: "auto" sizes swap for small hosts only, explicit sizes are taken as asked.

A container never gets a swap file (the role skips swap there), so the sizing rule is
proved here, by evaluating the role's own expression for a range of memory sizes; the VM
tier proves the swap file itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playbook_run import PlaybookRun


@pytest.mark.parametrize(
    ("size", "memory_mb", "swap_mb"),
    [
        ("auto", 960, 1024),  # a 1 GB VPS
        ("auto", 1967, 1024),  # a 2 GB VPS (the kernel reports a little less)
        ("auto", 3911, 2048),  # a 4 GB VPS
        ("auto", 7940, 0),  # 8 GB: enough memory, no swap
        ("512M", 7940, 512),
        ("2G", 960, 2048),
        ("off", 960, 0),
        ("0", 960, 0),
    ],
)
def test_swap_size_for_memory(
    run_playbook: Callable[..., PlaybookRun], size: str, memory_mb: int, swap_mb: int
) -> None:
    run = run_playbook(
        "swap_size.yml", {"base_swap_size": size, "__base_swap_memtotal_mb": memory_mb}
    )
    assert run.rc == 0, run.output
    assert re.findall(r"swap_mb=(\d+)", run.output) == [str(swap_mb)]


def test_swap_file_is_planned_on_a_small_host_outside_containers(
    run_playbook: Callable[..., PlaybookRun],
) -> None:
    # The swap tasks never run in a container. In check mode, with the container probe and
    # the memory overridden, they are evaluated here anyway (the role's probes, then its swap
    # steps: swap_plan.yml): the plan for a 1 GB VPS is a 1024 MiB file, an fstab line and
    # the swappiness drop-in. Check mode keeps swapon, mkswap and swapoff from running
    # (commands are skipped), so the host is not touched.
    run = run_playbook(
        "swap_plan.yml",
        {"__base_in_container": False, "__base_swap_memtotal_mb": 1024},
        "--check",
        "--diff",
    )
    assert run.rc == 0, run.output
    tasks = {
        block.split("]", 1)[0]: block
        for block in run.output.split("TASK [vpsforge.fastapi.base : ")
    }
    assert "changed:" in tasks["Create the swap file, or resize it to base_swap_size"]
    assert "+/swapfile none swap sw 0 0" in tasks["List the swap file in /etc/fstab"]
    assert "changed:" in tasks["Set vm.swappiness while swap is on"]
    for command in ("Format the swap file", "Turn the swap file on"):
        assert "skipping:" in tasks[command], tasks[command]
