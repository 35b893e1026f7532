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
    "harden.yml": ("base", "users", "firewall", "sshd", "fail2ban"),
    "deploy.yml": ("python", "fastapi_app"),
    "edge.yml": ("nginx", "letsencrypt"),
}


@dataclass(frozen=True)
class Bad:
    """An input that must fail validation with a message naming ``names``."""

    variables: dict[str, Any]
    names: str
    # Further text the failure message must hold (optional).
    message: str | None = None
    # Values in the input that must never be printed (tokens, passwords).
    secrets: tuple[str, ...] = ()
    # The playbook to run; by default the one that applies the role ``names`` belongs to
    # (harden.yml, deploy.yml or edge.yml), whose first play is the validation play.
    playbook: str | None = None

    def playbook_to_run(self) -> str:
        if self.playbook:
            return self.playbook
        role = self.names.split("_")[0]
        for playbook, roles in PLAYBOOK_ROLES.items():
            if role in roles or self.names.startswith("fastapi_app"):
                return "deploy.yml" if self.names.startswith("fastapi_app") else playbook
        return "site.yml"


@dataclass(frozen=True)
class Good:
    """An input that must pass every role's validation (playbooks/validate.yml)."""

    variables: dict[str, Any] = field(default_factory=dict)
    # An inventory other than the test baseline (relative to the repository), if any.
    inventory: str | None = None
