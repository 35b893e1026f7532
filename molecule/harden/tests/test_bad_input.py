"""Bad input to playbooks/harden.yml that only a real target can show is rejected before
anything changes on the host.

Every other bad input (names, keys, types, ranges, sudoers syntax ...) is proven without a
container by the contract suite: tests/contract/cases/access.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

HARDEN = str(Path(__file__).resolve().parents[3] / "playbooks" / "harden.yml")
GOOD_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDqFJ02e7JOkBRZA8x4klf4amsvcbBwlWuwllRWXynFH"
    " tests@vpsforge"
)
# A system account (UID below 1000) that only this target has: no list of well-known names
# holds it, only the host's own passwd database tells.
LOCAL_SYSTEM_ACCOUNT = "vpsforge-legacyd"

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "an admin named after a system account of this host": (
        {
            "users_admins": [
                {"name": "alice", "ssh_keys": [GOOD_KEY]},
                {"name": LOCAL_SYSTEM_ACCOUNT, "ssh_keys": [GOOD_KEY]},
            ]
        },
        f"users_admins: '{LOCAL_SYSTEM_ACCOUNT}' is a system account on this host",
    ),
    "the deploy user named after a system account of this host": (
        {"users_deploy": {"name": LOCAL_SYSTEM_ACCOUNT, "ssh_keys": [GOOD_KEY]}},
        f"users_deploy: name '{LOCAL_SYSTEM_ACCOUNT}'",
    ),
    "removing a system account of this host": (
        {"users_absent": [LOCAL_SYSTEM_ACCOUNT]},
        f"users_absent: refusing to remove '{LOCAL_SYSTEM_ACCOUNT}'",
    ),
}


@pytest.fixture(scope="module")
def local_system_account(run_ok: Callable[..., str]) -> Iterator[str]:
    """A system account on the target, removed again after the module's tests."""
    run_ok(
        f"id {LOCAL_SYSTEM_ACCOUNT} || useradd --system --no-create-home"
        f" --shell /usr/sbin/nologin {LOCAL_SYSTEM_ACCOUNT}"
    )
    yield LOCAL_SYSTEM_ACCOUNT
    run_ok(f"userdel {LOCAL_SYSTEM_ACCOUNT}")


@pytest.fixture(scope="module")
def runs(run_playbook: Callable[..., Any], local_system_account: str) -> dict[str, Any]:
    """Every bad input against the target, side by side (they only read the host)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case: pool.submit(run_playbook, HARDEN, CASES[case][0]) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_change(runs: dict[str, Any], case: str) -> None:
    message = CASES[case][1]
    run = runs[case]
    assert run.rc != 0, run.output
    assert message in run.output
    assert run.changed == 0, run.changed_tasks()
