#!/usr/bin/python
"""Make sure the host's apt package index is there and recent."""

from __future__ import annotations

import glob
import os
import re
import time

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: apt_index
short_description: Make sure the apt package index is present and recent
description:
  - Refreshes the package index (C(apt-get update)) when no package list has been
    downloaded at all, or when the newest one (or apt's update-success-stamp) is older
    than O(max_age). Unlike M(ansible.builtin.apt)'s C(cache_valid_time), the age of the
    lists directory itself is never taken as the time of the last refresh, so an image
    built with emptied lists is refreshed whatever that directory's mtime says.
  - A refresh downloads the index only; it changes nothing installed or configured, so it
    is never reported as a change and it runs in check mode too (check mode could not tell
    otherwise which packages later tasks would install).
  - Given O(packages), it first reads dpkg's database and refreshes nothing when every one
    of them is installed (the index only matters to a task that will install something).
    A role runs it before its C(ansible.builtin.apt) task and skips that task when
    RV(missing) is empty, which on a rerun saves apt's own cache load per role, while a
    package removed by hand is still found missing and installed again.
options:
  packages:
    description:
      - Debian package names the next task installs. A name with a version, release or
        architecture (anything beyond C([a-z0-9.+-])) always counts as missing, so that apt
        decides about it.
    type: list
    elements: str
  max_age:
    description: Seconds an index stays recent enough.
    type: int
    default: 3600
  lists_dir:
    description: Where apt keeps the downloaded lists.
    type: path
    default: /var/lib/apt/lists
author: vpsforge contributors
"""

RETURN = r"""
refreshed:
  description: Whether the index was refreshed.
  type: bool
  returned: always
reason:
  description: Why it was (or was not) refreshed.
  type: str
  returned: always
missing:
  description: The O(packages) dpkg does not list as installed (empty when none were given).
  type: list
  elements: str
  returned: always
"""

STAMP = "/var/lib/apt/periodic/update-success-stamp"
DPKG_STATUS = "/var/lib/dpkg/status"
PLAIN_NAME = re.compile(r"[a-z0-9][a-z0-9.+-]+")


def installed_packages(status_file: str = DPKG_STATUS) -> set[str]:
    """The packages dpkg's database lists as installed ("Status: ... ok installed")."""
    installed: set[str] = set()
    if not os.path.exists(status_file):
        return installed
    with open(status_file, encoding="utf-8", errors="replace") as handle:
        for stanza in handle.read().split("\n\n"):
            name = status = ""
            for line in stanza.splitlines():
                if line.startswith("Package: "):
                    name = line[9:].strip()
                elif line.startswith("Status: "):
                    status = line[8:].strip()
            if name and status.endswith(" ok installed"):
                installed.add(name)
    return installed


def missing_packages(names: list[str], installed: set[str]) -> list[str]:
    """The names not installed, in order; a name apt must interpret counts as missing."""
    return [n for n in names if not PLAIN_NAME.fullmatch(n) or n not in installed]


def last_refresh(lists_dir: str, stamp: str = STAMP) -> float | None:
    """When the index was last downloaded: the newest package list, or apt's success stamp,
    whichever is newer; None when no package list exists at all."""
    lists = glob.glob(os.path.join(lists_dir, "*_Packages*"))
    if not lists:
        return None
    times = [os.path.getmtime(path) for path in lists]
    if os.path.exists(stamp):
        times.append(os.path.getmtime(stamp))
    return max(times)


def refresh_reason(last: float | None, now: float, max_age: int) -> str | None:
    """Why the index needs a refresh, or None when it is recent enough."""
    if last is None:
        return "no package lists downloaded"
    if now - last > max_age:
        return f"package lists are {int(now - last)} s old (more than {max_age} s)"
    return None


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "max_age": {"type": "int", "default": 3600},
            "lists_dir": {"type": "path", "default": "/var/lib/apt/lists"},
            "packages": {"type": "list", "elements": "str"},
        },
        supports_check_mode=True,
    )
    names = module.params["packages"]
    missing = [] if names is None else missing_packages(names, installed_packages())
    if names is not None and not missing:
        module.exit_json(
            changed=False, refreshed=False, reason="every package installed", missing=[]
        )
    reason = refresh_reason(
        last_refresh(module.params["lists_dir"]), time.time(), module.params["max_age"]
    )
    if reason is None:
        module.exit_json(changed=False, refreshed=False, reason="recent", missing=missing)
    env = {"DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}
    rc, out, err = module.run_command(["apt-get", "update", "-q"], environ_update=env)
    if rc != 0:
        module.fail_json(msg=f"apt-get update failed ({reason}): {err.strip() or out.strip()}")
    module.exit_json(changed=False, refreshed=True, reason=reason, missing=missing)


if __name__ == "__main__":
    main()
