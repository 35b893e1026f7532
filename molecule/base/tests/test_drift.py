"""A rerun still corrects drift: what an operator changes by hand on the converged instance
(a managed file's content and mode, a managed file deleted, a package removed, a managed
setting) is put back by the next converge, and only the steps that own what drifted (and
the handlers that apply them) report a change.

The speed work (one module run per role for its small files, apt left out when dpkg lists
every package) must not turn a rerun into a no-op that trusts its own records: this is the
test that says so.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator

import pytest
import testinfra.host
from playbook_run import PlaybookRun

Host = testinfra.host.Host

JOURNALD = "/etc/systemd/journald.conf.d/90-vpsforge.conf"
TIMESYNCD = "/etc/systemd/timesyncd.conf.d/90-vpsforge.conf"
TIMEZONE = "Europe/Berlin"
PACKAGE = "jq"  # base_packages_extra in converge.yml


def timezone(host: Host) -> str:
    return host.run("timedatectl show --property=Timezone --value").stdout.strip()


@pytest.fixture
def drifted(host: Host, run_ok: Callable[..., str]) -> Iterator[dict[str, str]]:
    """Change the instance by hand the way an operator would, and record what it was."""
    before = {
        JOURNALD: host.file(JOURNALD).content_string,
        TIMESYNCD: host.file(TIMESYNCD).content_string,
    }
    assert timezone(host) == TIMEZONE
    run_ok(f"printf '%s\\n' '[Journal]' 'SystemMaxUse=5G' > {JOURNALD}")
    run_ok(f"chmod 0666 {JOURNALD}")
    run_ok(f"rm {TIMESYNCD}")
    run_ok("timedatectl set-timezone UTC")
    run_ok(f"DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq {PACKAGE}")
    yield before
    # Leave the instance as converged even if the rerun did not (later tests read it).
    for path, content in before.items():
        encoded = base64.b64encode(content.encode()).decode()
        host.run(f"echo {encoded} | base64 -d > {path} && chmod 0644 {path}")
    host.run(f"timedatectl set-timezone {TIMEZONE}")
    host.run(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {PACKAGE}")


def test_rerun_puts_back_a_hand_edited_file_a_deleted_file_a_removed_package_and_a_setting(
    host: Host, run_playbook: Callable[..., PlaybookRun], drifted: dict[str, str]
) -> None:
    run = run_playbook("converge.yml")
    assert run.rc == 0, run.output[-3000:]

    journald = host.file(JOURNALD)
    assert journald.content_string == drifted[JOURNALD]
    assert journald.mode == 0o644
    assert host.file(TIMESYNCD).content_string == drifted[TIMESYNCD]
    assert timezone(host) == TIMEZONE
    assert host.package(PACKAGE).is_installed
    # Exactly the steps that own what drifted, and the handlers that apply journald's file
    # (timesyncd's restart is skipped in containers): nothing else was touched by hand.
    changed = run.changed_tasks()
    print(f"\nchanged by the rerun: {changed}")
    assert sorted(changed) == sorted(
        [
            "Install the base packages and those of the parts turned on",
            f"Set the time zone to {TIMEZONE}",
            "Configure the NTP servers",
            "Configure journald storage and limits",
            "Restart systemd-journald",
            "Flush the journal to disk",
        ]
    ), changed
