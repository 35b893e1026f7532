"""Bad input through each playbook and the rules between roles."""

from __future__ import annotations

from tests.contract.cases import CANARY, Bad, Good

BAD: dict[str, Bad] = {
    "string false for a boolean": Bad(
        {"sshd_password_authentication": "false"}, "sshd_password_authentication"
    ),
}

GOOD: dict[str, Good] = {
    "the test baseline": Good(),
    "the production example inventory with its vault secret": Good(
        {"fastapi_app_secrets": {"SECRET_KEY": CANARY}},
        inventory="inventories/production/hosts.yml",
    ),
}
