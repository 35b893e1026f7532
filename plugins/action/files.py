"""Several files, directories and links in one module run, notifying handlers per entry.

    - name: Write the login settings
      vpsforge.fastapi.files:
        files:
          - dest: /etc/security/faillock.conf
            content: "{{ lookup('ansible.builtin.template', 'faillock.conf.j2') }}"
            owner: root
            group: root
            mode: "0644"
            when: "{{ base_login_faillock_deny | int > 0 }}"
          - dest: /etc/systemd/journald.conf.d/50-vpsforge.conf
            content: "{{ lookup('ansible.builtin.template', 'journald.conf.j2') }}"
            owner: root
            group: root
            mode: "0644"
            notify: [Restart systemd-journald]

The module (plugins/modules/files.py) does the work on the host. This action adds what a
module cannot: the handlers of the entries that changed are notified, and only those. A
`notify:` on the task itself replaces that (Ansible then notifies its handlers on any change).
"""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    """vpsforge.fastapi.files"""

    _VALID_ARGS = frozenset(("files",))

    def run(self, tmp: object = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        entries = self._task.args.get("files")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise AnsibleActionFail("files: files must be a list of dictionaries")
        result.update(
            self._execute_module(
                module_name="vpsforge.fastapi.files",
                module_args={"files": entries},
                task_vars=task_vars,
            )
        )
        if result.get("failed"):
            return result
        handlers: list[str] = []
        changed = set(result.get("changed_files", []))
        for entry in entries:
            if entry.get("dest") in changed:
                for handler in entry.get("notify") or []:
                    if handler not in handlers:
                        handlers.append(handler)
        if handlers and self._task.notify is None:
            result["_ansible_notify"] = handlers
        return result
