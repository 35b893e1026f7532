"""A valid change passes validation on the converged instance and is the only change.

Bad input is proved refused elsewhere, without a container: the contract suite
(tests/contract/cases/base.py) runs every bad value through the playbooks' validation play
and checks that it fails there, naming the variable, before any other play runs. What needs
the real instance is the other side: with a valid change asked for (a new time zone), the
role's checks pass against the host's own zoneinfo, locales and swap file, and that change
is the only one a check-mode run would make.
"""

from __future__ import annotations

from collections.abc import Callable

import testinfra.host
from playbook_run import PlaybookRun

Host = testinfra.host.Host

CONVERGED_TIMEZONE = "Europe/Berlin"
VALID_CHANGE = {"base_timezone": "Asia/Tokyo"}


def timezone(host: Host) -> str:
    return host.run("timedatectl show --property=Timezone --value").stdout.strip()


def test_valid_change_alone_passes_validation_and_is_the_only_change(
    host: Host, run_playbook: Callable[..., PlaybookRun]
) -> None:
    assert timezone(host) == CONVERGED_TIMEZONE
    run = run_playbook("converge.yml", VALID_CHANGE, "--check")
    assert run.rc == 0, run.output
    assert run.recap("failed") == 0, run.output
    assert (
        "changed: ["
        in run.output.split("Set the time zone to Asia/Tokyo", 1)[1].split("TASK", 1)[0]
    )
    assert run.recap("changed") == 1, run.output  # the time zone, nothing else
    assert timezone(host) == CONVERGED_TIMEZONE
