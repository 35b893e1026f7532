"""Bad input fails before the first change, with a message that names the variable.

Each case reruns the converge playbook against the converged instance with one bad
variable. To prove that validation comes before *any* change, every run also asks for a
valid change the role would otherwise make (a new time zone), and the time zone must still
be the one converge set. A control run with the valid change alone, in check mode, shows
that change is the only one the role would make.

The runs change nothing, so they go side by side; the tests then read their outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import testinfra.host
from vpsforge_playbook import PlaybookRun

Host = testinfra.host.Host

CONVERGED_TIMEZONE = "Europe/Berlin"
VALID_CHANGE = {"base_timezone": "Asia/Tokyo"}
PARALLEL_RUNS = 4

BAD_INPUT = [
    ("base_timezone", "Mars/Olympus_Mons"),
    ("base_timezone", "Europe/../../../etc/passwd"),
    ("base_swap_size", "1.5G"),
    ("base_swap_size", "lots"),
    ("base_hostname", "-api.example.com"),
    ("base_hostname", "api_1.example.com"),
    ("base_unattended_upgrades_reboot_time", "25:00"),
    ("base_unattended_upgrades_reboot_time", "4am"),
    ("base_locale", "english"),
    ("base_locales_extra", ["xx_YY.UTF-8"]),
    ("base_journald_system_max_use", "1GB"),
    ("base_journald_max_retention", "forever"),
    ("base_unattended_upgrades_mail_report", "weekly"),
    ("base_sysctl_extra", {"net.ipv4 tcp_syncookies": 1}),
    ("base_swap_swappiness", 500),
    ("base_login_umask", "0999"),
    ("base_login_pass_min_days", 400),
    ("base_login_sha_crypt_rounds", 10),
    ("base_debsums_check", "hourly"),
    ("base_kernel_modules_disabled", ["usb storage"]),
]
CASE_IDS = [f"{variable}={value}" for variable, value in BAD_INPUT]
CONTROL = "control"


def timezone(host: Host) -> str:
    return host.run("timedatectl show --property=Timezone --value").stdout.strip()


@pytest.fixture(scope="module")
def runs(host: Host, ansible_playbook: Callable[..., PlaybookRun]) -> dict[str, PlaybookRun]:
    """Every bad-input run and the control run, keyed by case id."""
    assert timezone(host) == CONVERGED_TIMEZONE
    jobs = {
        case: ({**VALID_CHANGE, variable: value},)
        for case, (variable, value) in zip(CASE_IDS, BAD_INPUT, strict=True)
    }
    jobs[CONTROL] = (VALID_CHANGE, "--check")
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        futures = {
            case: pool.submit(ansible_playbook, "converge.yml", *a) for case, a in jobs.items()
        }
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize(("variable", "value"), BAD_INPUT, ids=CASE_IDS)
def test_bad_variable_fails_before_any_change(
    host: Host, runs: dict[str, PlaybookRun], variable: str, value: object
) -> None:
    run = runs[f"{variable}={value}"]

    assert run.rc != 0, f"converge accepted {variable}={value!r}:\n{run.output}"
    assert run.recap("failed") == 1, run.output
    assert variable in run.output, run.output
    assert run.recap("changed") == 0, run.output
    assert timezone(host) == CONVERGED_TIMEZONE


def test_valid_change_alone_passes_validation_and_is_the_only_change(
    runs: dict[str, PlaybookRun],
) -> None:
    run = runs[CONTROL]
    assert run.rc == 0, run.output
    assert run.recap("failed") == 0, run.output
    assert (
        "changed: ["
        in run.output.split("Set the time zone to Asia/Tokyo", 1)[1].split("TASK", 1)[0]
    )
    assert run.recap("changed") == 1, run.output  # the time zone, nothing else
