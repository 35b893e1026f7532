"""Check a role's variables against its meta/argument_specs.yml, types strictly.

Used as the first task of every role's ``validate`` step::

    - name: Check every variable against the role's contract
      vpsforge.fastapi.contract:

It runs Ansible's argument-spec validation (choices, required, element types) and then
refuses any value whose type is not the declared one (see plugins/plugin_utils/types.py),
so a string "false" never reaches a template as true. Read-only; never changes the host.
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import types


class ActionModule(ActionBase):
    """vpsforge.fastapi.contract"""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("role_path", "entry_point"))

    def _options(self) -> tuple[str, dict[str, Any]]:
        role_path = self._task.args.get("role_path")
        if not role_path:
            role = self._task._role
            if role is None:
                raise AnsibleActionFail(
                    "vpsforge.fastapi.contract runs inside a role (or give role_path)"
                )
            role_path = role._role_path
        entry_point = self._task.args.get("entry_point", "main")
        with open(
            os.path.join(role_path, "meta", "argument_specs.yml"), encoding="utf-8"
        ) as spec_file:
            specs = yaml.safe_load(spec_file)["argument_specs"]
        if entry_point not in specs:
            raise AnsibleActionFail(
                f"{role_path}: no entry point {entry_point!r} in meta/argument_specs.yml"
            )
        return os.path.basename(role_path), specs[entry_point].get("options") or {}

    def run(self, tmp: object = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        role, options = self._options()
        values = self._templar.template({k: task_vars[k] for k in options if k in task_vars})
        errors = types.check_all(options, values)
        if not errors:
            validation = ArgumentSpecValidator(options).validate(
                dict(values), validate_role_argument_spec=True
            )
            errors = list(validation.error_messages)
        result["changed"] = False
        if errors:
            result["failed"] = True
            result["msg"] = f"The {role} role's variables do not fit its contract:\n" + "\n".join(
                errors
            )
            result["errors"] = errors
        else:
            result["msg"] = f"The {role} role's variables fit its contract."
        return result
