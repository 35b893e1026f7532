"""Evaluate a list of input rules in one task, in order, stopping at the first that fails.

A role's ``validate`` step holds dozens of rules. As one ``assert`` task each, every rule
costs a task on every host (a worker process, its variables, the plugins it loads again),
which made validation the larger part of a no-op run. Here the same rules run in one task::

    - name: Check sshd's settings
      vpsforge.fastapi.checks:
        checks:
          - name: Check sshd_port is a TCP port
            that: sshd_port is vpsforge.fastapi.port
            msg: "sshd_port: {{ sshd_port }} is not a TCP port (1-65535)."
          - name: Check sshd_allow_groups are valid group names
            that: item is vpsforge.fastapi.unix_name
            msg: "sshd_allow_groups: '{{ item }}' is not a valid group name."
            loop: "{{ sshd_allow_groups }}"

Each check takes what an ``assert`` task would: ``that`` (a conditional or a list of them,
all must hold), ``msg`` (the failure message), and optionally ``when``, ``loop`` (with
``loop_var``, default ``item``, and ``index_var``) and ``vars``. Nothing in ``checks`` is
templated before the check runs, so a rule can rely on the ones before it (a type checked, a
name resolved), and ``msg`` and ``vars`` see the check's loop item. The first failing check
fails the task with its message; the loop item is never part of the result (it may hold a
secret). Read-only.

``finalize_task_arg`` (ansible-core 2.19's hook, as ``assert`` uses it for ``that``) keeps
Ansible from templating ``checks`` before the task runs; the collection needs ansible-core
2.19 or later for it (meta/runtime.yml).
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.plugins.action import ActionBase
from ansible.template import Templar

_KEYS = frozenset(("name", "that", "msg", "when", "loop", "loop_var", "index_var", "vars"))


def _listify(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class ActionModule(ActionBase):
    """vpsforge.fastapi.checks"""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("checks",))

    @classmethod
    def finalize_task_arg(
        cls, name: str, value: object, templar: object, context: object
    ) -> object:
        if name == "checks":
            return value  # templated check by check in run(), in order
        return super().finalize_task_arg(name, value, templar, context)

    def _templar_for(self, variables: dict[str, Any]) -> Templar:
        base = self._templar.available_variables
        return self._templar.copy_with_new_env(available_variables=ChainMap(variables, base))

    def _failure(self, check: dict[str, Any], variables: dict[str, Any]) -> str | None:
        """The check's message if it fails with these variables, None if it holds."""
        templar = self._templar_for(variables)
        for condition in _listify(check.get("when")):
            if not templar.evaluate_conditional(condition):
                return None
        for condition in _listify(check["that"]):
            if not templar.evaluate_conditional(condition):
                return str(templar.template(check.get("msg", "Assertion failed")))
        return None

    def _run_check(self, check: dict[str, Any]) -> str | None:
        own = dict(check.get("vars") or {})
        if "loop" not in check:
            return self._failure(check, own)
        items = self._templar_for(own).template(check["loop"])
        if not isinstance(items, list):
            raise AnsibleActionFail(f"{check.get('name', 'a check')}: loop is not a list")
        loop_var = check.get("loop_var", "item")
        for index, item in enumerate(items):
            variables = {**own, loop_var: item}
            if "index_var" in check:
                variables[check["index_var"]] = index
            message = self._failure(check, variables)
            if message is not None:
                return message
        return None

    def run(self, tmp: object = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        checks = self._task.args.get("checks")
        if not isinstance(checks, list) or not checks:
            raise AnsibleActionFail("vpsforge.fastapi.checks: checks must be a non-empty list")
        for index, check in enumerate(checks):
            if not isinstance(check, dict) or "that" not in check:
                raise AnsibleActionFail(f"vpsforge.fastapi.checks: check {index} has no 'that'")
            unknown = set(check) - _KEYS
            if unknown:
                raise AnsibleActionFail(
                    f"vpsforge.fastapi.checks: check {index} has unknown keys {sorted(unknown)}"
                )
            name = str(check.get("name", f"check {index}"))
            try:
                message = self._run_check(check)
            except AnsibleActionFail:
                raise
            except AnsibleError as error:
                raise AnsibleActionFail(f"{name}: {error.message}") from error
            if message is not None:
                result.update(failed=True, msg=message, check=name)
                return result
        result.update(changed=False, msg=f"{len(checks)} checks passed")
        return result
