#!/usr/bin/python
"""Put a role's small files, directories and links in place in one module run."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from typing import Any

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: files
short_description: Several files, directories and links in one module run
description:
  - Does for each entry of O(files) what M(ansible.builtin.copy) with C(content)
    (O(files[].state=file)), M(ansible.builtin.file) with C(state=directory), C(state=link)
    or C(state=absent) would do, in order, in a single module run on the host; a rerun that
    changes nothing costs one round trip instead of two per file (a template or copy task
    runs a stat, then a file module).
  - A file is written to a temporary file in its directory, checked with O(files[].validate)
    if given, and renamed over the destination (atomic); owner, group and mode are set on
    it before the rename, so it never exists with looser ones.
  - Per entry O(files[].notify) names the handlers to notify when that entry changed (the
    action plugin does this; a C(notify) on the task itself notifies on any change), and
    O(files[].when) set to false leaves an entry out.
  - Supports check mode and diff mode.
options:
  files:
    description: What to put in place, in order.
    type: list
    elements: dict
    required: true
    suboptions:
      dest:
        description: Absolute path.
        type: path
        required: true
      state:
        description: What O(files[].dest) is to be.
        type: str
        choices: [file, directory, link, absent]
        default: file
      content:
        description: The file's content, a template's as C(lookup('ansible.builtin.template', F)).
        type: str
      src:
        description: Where a link points.
        type: str
      owner:
        description: Required for files and directories.
        type: str
      group:
        description: Required for files and directories.
        type: str
      mode:
        description: Octal mode as a string (C("0644")); required for files and directories.
        type: str
      validate:
        description: Command run on the temporary file (C(%s)) before it replaces the destination.
        type: str
      backup:
        description: Keep a timestamped copy of a file this run replaces.
        type: bool
        default: false
      notify:
        description: Handlers to notify when this entry changed.
        type: list
        elements: str
      when:
        description: Leave the entry out when false.
        type: bool
        default: true
author: vpsforge contributors
"""

RETURN = r"""
files:
  description: One result per entry that was not left out, in order.
  type: list
  elements: dict
  returned: always
  contains:
    dest:
      description: The path.
      type: str
    changed:
      description: Whether the entry changed (or would, in check mode).
      type: bool
    backup_file:
      description: The copy kept by O(files[].backup).
      type: str
      returned: when made
changed_files:
  description: The O(files[].dest) of the entries that changed, in order.
  type: list
  elements: str
  returned: always
"""

ENTRY_SPEC: dict[str, dict[str, Any]] = {
    "dest": {"type": "path", "required": True},
    "state": {"type": "str", "default": "file", "choices": ["file", "directory", "link", "absent"]},
    "content": {"type": "str"},
    "src": {"type": "str"},
    "owner": {"type": "str"},
    "group": {"type": "str"},
    "mode": {"type": "str"},
    "validate": {"type": "str"},
    "backup": {"type": "bool", "default": False},
    "notify": {"type": "list", "elements": "str"},
    "when": {"type": "bool", "default": True},
}
# Text diffs only for files small enough to read in a terminal.
DIFF_LIMIT = 64 * 1024


def read_bytes(path: str) -> bytes | None:
    """A regular file's content (not through a link); None when there is none."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def text_diff(path: str, before: bytes | None, after: bytes) -> dict[str, str]:
    def shown(data: bytes | None) -> str:
        if data is None:
            return ""
        if len(data) > DIFF_LIMIT or b"\0" in data:
            return f"({len(data)} bytes, not shown)\n"
        return data.decode("utf-8", errors="replace")

    return {
        "before_header": path,
        "after_header": path,
        "before": shown(before),
        "after": shown(after),
    }


def attributes(entry: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "path": path,
        "owner": entry["owner"],
        "group": entry["group"],
        "mode": entry["mode"],
        "secontext": [None, None, None],
        "attributes": None,
    }


def apply_attributes(module: AnsibleModule, entry: dict[str, Any], path: str, diff: dict) -> bool:
    """Owner, group and mode of path as the entry says (only reported in check mode)."""
    return bool(
        module.set_fs_attributes_if_different(
            attributes(entry, path), False, diff=diff, expand=False
        )
    )


def describe(path: str) -> str:
    """What is at path, for a diff."""
    if os.path.islink(path):
        return f"link to {os.readlink(path)}"
    if os.path.isdir(path):
        return "directory"
    return "file" if os.path.lexists(path) else "absent"


def put_file(module: AnsibleModule, entry: dict[str, Any], result: dict[str, Any]) -> bool:
    dest = entry["dest"]
    if entry["content"] is None:
        module.fail_json(msg=f"{dest}: state=file needs content")
    new = entry["content"].encode("utf-8")
    if os.path.islink(dest) or (os.path.exists(dest) and not os.path.isfile(dest)):
        module.fail_json(msg=f"{dest} exists and is not a regular file")
    if not os.path.isdir(os.path.dirname(dest)) and not module.check_mode:
        module.fail_json(msg=f"{dest}: the directory {os.path.dirname(dest)} does not exist")
    old = read_bytes(dest)
    if old == new:
        attribute_diff: dict[str, Any] = {"before": {}, "after": {}}
        return apply_attributes(module, entry, dest, attribute_diff)
    if module._diff:
        result["diff"] = text_diff(dest, old, new)
    if module.check_mode:
        return True
    handle, staged = tempfile.mkstemp(
        prefix=f".{os.path.basename(dest)}.", dir=os.path.dirname(dest)
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(new)
        apply_attributes(module, entry, staged, {"before": {}, "after": {}})
        if entry["validate"]:
            if "%s" not in entry["validate"]:
                module.fail_json(msg=f"{dest}: validate must contain %s")
            rc, out, err = module.run_command(entry["validate"] % staged)
            if rc != 0:
                module.fail_json(
                    msg=f"{dest}: the new content fails validation ({entry['validate']}): "
                    f"{(err or out).strip()}",
                    rc=rc,
                )
        if entry["backup"] and old is not None:
            result["backup_file"] = module.backup_local(dest)
        os.replace(staged, dest)
        staged = ""
    finally:
        if staged and os.path.exists(staged):
            os.unlink(staged)
    return True


def put_directory(module: AnsibleModule, entry: dict[str, Any]) -> bool:
    dest = entry["dest"]
    if os.path.isdir(dest) and not os.path.islink(dest):
        return apply_attributes(module, entry, dest, {"before": {}, "after": {}})
    if os.path.lexists(dest):
        module.fail_json(msg=f"{dest} exists and is not a directory")
    if not module.check_mode:
        os.makedirs(dest, mode=0o700)
        apply_attributes(module, entry, dest, {"before": {}, "after": {}})
    return True


def put_link(module: AnsibleModule, entry: dict[str, Any]) -> bool:
    dest, src = entry["dest"], entry["src"]
    if not src:
        module.fail_json(msg=f"{dest}: state=link needs src")
    if os.path.islink(dest) and os.readlink(dest) == src:
        return False
    if os.path.lexists(dest) and not os.path.islink(dest):
        module.fail_json(msg=f"{dest} exists and is not a link")
    if not module.check_mode:
        staged = os.path.join(os.path.dirname(dest), f".{os.path.basename(dest)}.link-new")
        if os.path.lexists(staged):
            os.unlink(staged)
        os.symlink(src, staged)
        os.replace(staged, dest)
    return True


def remove(module: AnsibleModule, entry: dict[str, Any]) -> bool:
    dest = entry["dest"]
    if not os.path.lexists(dest):
        return False
    if not module.check_mode:
        if os.path.isdir(dest) and not os.path.islink(dest):
            shutil.rmtree(dest)
        else:
            os.unlink(dest)
    return True


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "files": {"type": "list", "elements": "dict", "required": True, "options": ENTRY_SPEC}
        },
        supports_check_mode=True,
    )
    results: list[dict[str, Any]] = []
    diffs: list[dict[str, str]] = []
    for entry in module.params["files"]:
        if not entry["when"]:
            continue
        if not os.path.isabs(entry["dest"]):
            module.fail_json(msg=f"{entry['dest']}: dest must be an absolute path")
        missing = [
            name
            for name in ("owner", "group", "mode")
            if entry["state"] in ("file", "directory") and not entry[name]
        ]
        if missing:
            module.fail_json(msg=f"{entry['dest']}: {', '.join(missing)} must be set")
        before = describe(entry["dest"])
        result: dict[str, Any] = {"dest": entry["dest"], "state": entry["state"]}
        if entry["state"] == "file":
            result["changed"] = put_file(module, entry, result)
        elif entry["state"] == "directory":
            result["changed"] = put_directory(module, entry)
        elif entry["state"] == "link":
            result["changed"] = put_link(module, entry)
        else:
            result["changed"] = remove(module, entry)
        if result["changed"] and "diff" not in result and module._diff:
            after = f"link to {entry['src']}" if entry["state"] == "link" else entry["state"]
            result["diff"] = {
                "before_header": entry["dest"],
                "after_header": entry["dest"],
                "before": f"{before}\n",
                "after": f"{after}\n",
            }
        if "diff" in result:
            diffs.append(result.pop("diff"))
        results.append(result)
    changed = [r["dest"] for r in results if r["changed"]]
    module.exit_json(changed=bool(changed), files=results, changed_files=changed, diff=diffs)


if __name__ == "__main__":
    main()
