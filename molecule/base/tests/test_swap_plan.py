"""The swap steps a small host gets, planned on this target in check mode.

A container never gets a swap file (the role skips swap there); the sizing rule is proved
once for every distro in tests/unit/test_base_swap_size.py, and the VM tier proves the swap
file itself.
"""

from __future__ import annotations

from collections.abc import Callable

from playbook_run import PlaybookRun


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
