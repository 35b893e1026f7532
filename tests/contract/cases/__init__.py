"""Inputs for the contract suite (tests/contract/test_contract.py).

Each module here holds ``BAD: dict[str, Bad]`` (inputs that must be refused before anything
changes) and may hold ``GOOD: dict[str, Good]`` (inputs that must pass validation). The
variables are laid over the good baseline in tests/contract/inventory/group_vars/vps.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A well-formed ed25519 public key line (32 random bytes: no private key exists for it).
GOOD_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDqFJ02e7JOkBRZA8x4klf4amsvcbBwlWuwllRWXynFH"
    " tests@vpsforge"
)
# The baseline's secret value: it must never appear in any output.
CANARY = "canary-secret-Zq8xW2vN5mK7pL3rT9yB4cD6fH1jG0sA"


# The roles each playbook applies (its validation play checks them first).
PLAYBOOK_ROLES: dict[str, tuple[str, ...]] = {
    "harden.yml": ("base", "users", "sshd", "firewall", "fail2ban"),
    "deploy.yml": ("python", "fastapi_app"),
    "edge.yml": ("fastapi_app", "nginx", "letsencrypt", "caddy", "fail2ban"),
}
# The validation plays of harden.yml, deploy.yml and edge.yml one after another (relative to
# playbooks/, like every playbook a case names).
COMPOSED = "../tests/contract/playbooks/composed.yml"
# Every role, in the order playbooks/validate.yml checks them (roles/preflight/defaults).
ROLES = ("base", "users", "sshd", "firewall", "fail2ban", "python", "fastapi_app", "nginx",
         "letsencrypt", "caddy")  # fmt: skip


def role_of(variable: str) -> str:
    """The role a variable belongs to, by its prefix (fastapi_app_name: fastapi_app)."""
    for role in sorted(ROLES, key=len, reverse=True):
        if variable == role or variable.startswith(role + "_"):
            return role
    raise ValueError(f"{variable} belongs to no role of the collection")


@dataclass(frozen=True)
class Bad:
    """An input that must fail validation with a message naming ``names``."""

    variables: dict[str, Any]
    names: str
    # Further text the failure message must hold (optional).
    message: str | None = None
    # Values in the input that must never be printed (tokens, passwords).
    secrets: tuple[str, ...] = ()
    # The playbook to run, its validation play checking every role it applies. By default
    # the playbook that applies the role ``names`` belongs to (harden.yml, deploy.yml or
    # edge.yml), its validation play checking only that role and ``with_roles``: each
    # role's rules are proven on their own, and the cases with a playbook prove the plays.
    playbook: str | None = None
    # Further roles whose input the rule reads (a rule between roles needs both).
    with_roles: tuple[str, ...] = ()
    # The run limited to these tags (--tags): the validation play must check all the same.
    tags: tuple[str, ...] = ()
    # An inventory of its own (relative to the repository; the load-balanced shapes), run as a
    # run of its own over every role; then a failure of any host must name ``names``, since the
    # other hosts of the shape stop with a message naming the host that failed.
    inventory: str | None = None

    def playbook_to_run(self) -> str:
        if self.playbook:
            return self.playbook
        role = role_of(self.names)
        return next(pb for pb, roles in PLAYBOOK_ROLES.items() if role in roles)

    def roles_to_check(self) -> tuple[str, ...] | None:
        """The roles the validation play checks (None: all the playbook's roles)."""
        if self.playbook:
            return None
        wanted = {role_of(self.names), *self.with_roles}
        return tuple(role for role in ROLES if role in wanted)


@dataclass(frozen=True)
class Good:
    """An input that must pass every role's validation (playbooks/validate.yml)."""

    variables: dict[str, Any] = field(default_factory=dict)
    # An inventory other than the test baseline (relative to the repository), if any.
    inventory: str | None = None
    # The playbook to run (relative to playbooks/).
    playbook: str = "validate.yml"
