"""Every playbook refuses bad input in its first play, site.yml for all nine roles before the
first change; the rules between roles; the example and demo inventories pass."""

from __future__ import annotations

from pathlib import Path

from tests.contract.cases import CANARY, COMPOSED, GOOD_KEY, Bad, Good

_DEMO_DIR = str(Path(__file__).resolve().parents[1] / "demo")

_ADMINS = [{"name": "alice", "ssh_keys": [GOOD_KEY]}, {"name": "bob", "ssh_keys": [GOOD_KEY]}]

BAD: dict[str, Bad] = {
    # site.yml checks the last role's input before the first role changes anything.
    "site: a bad certificate email": Bad(
        {"letsencrypt_email": "ops@"}, "letsencrypt_email", playbook="site.yml"
    ),
    "site: a bad server name": Bad(
        {"nginx_server_names": ["Bad Name"]}, "nginx_server_names", playbook="site.yml"
    ),
    "site: a quoted worker count": Bad(
        {"fastapi_app_workers": "4"}, "fastapi_app_workers", playbook="site.yml"
    ),
    "site: the string false for password login": Bad(
        {"sshd_password_authentication": "false"},
        "sshd_password_authentication",
        playbook="site.yml",
    ),
    "site: the string false for the web ports": Bad(
        {"firewall_web": "false"}, "firewall_web", playbook="site.yml"
    ),
    "site: a quoted SSH port": Bad({"sshd_port": "2222"}, "sshd_port", playbook="site.yml"),
    "site: swap on a system file": Bad(
        {"base_swap_file": "/etc/passwd"}, "base_swap_file", playbook="site.yml"
    ),
    "validate: a bad input": Bad(
        {"fail2ban_maxretry": "five"}, "fail2ban_maxretry", playbook="validate.yml"
    ),
    # A run limited by tags checks every role's input all the same: the checks are included
    # with the `always` tag, so neither one role's tag nor --tags validate skips them. (Each
    # input passes the argument specs, which Ansible runs whatever the tags: only the rules
    # refuse it.)
    "site: --tags validate still checks every role": Bad(
        {"letsencrypt_email": "ops@"}, "letsencrypt_email", playbook="site.yml", tags=("validate",)
    ),
    "site: --tags nginx still checks the firewall's input": Bad(
        {"firewall_web": "false"}, "firewall_web", playbook="site.yml", tags=("nginx",)
    ),
    "site: --tags base still checks nginx's input": Bad(
        {"nginx_server_names": ["Bad Name"]},
        "nginx_server_names",
        playbook="site.yml",
        tags=("base",),
    ),
    "harden: --tags sshd still checks sshd's input": Bad(
        {"sshd_port": "2222"}, "sshd_port", playbook="harden.yml", tags=("sshd",)
    ),
    "deploy: --tags fastapi_app still checks the app's input": Bad(
        {"fastapi_app_workers": "4"},
        "fastapi_app_workers",
        playbook="deploy.yml",
        tags=("fastapi_app",),
    ),
    "rollback: --tags fastapi_app still checks the app's name": Bad(
        {"fastapi_app_name": "Bad Name"},
        "fastapi_app_name",
        playbook="rollback.yml",
        tags=("fastapi_app",),
    ),
    "rollback: a bad app name": Bad(
        {"fastapi_app_name": "Bad Name"}, "fastapi_app_name", playbook="rollback.yml"
    ),
    "edge: the app's input is checked too": Bad(
        {"fastapi_app_name": "Bad Name"}, "fastapi_app_name", playbook="edge.yml"
    ),
    # Rules between roles.
    "lockout-check user who is not an admin": Bad(
        {"sshd_lockout_check_user": "mallory"}, "sshd_lockout_check_user", playbook="site.yml"
    ),
    "lockout-check user among removed admins": Bad(
        {
            "users_admins": [
                *_ADMINS[:1],
                {"name": "bob", "ssh_keys": [GOOD_KEY], "state": "absent"},
            ],
            "sshd_lockout_check_user": "bob",
        },
        "sshd_lockout_check_user",
        playbook="harden.yml",
    ),
    "admins' group that sshd does not allow": Bad(
        {"users_ssh_group": "admins"}, "users_ssh_group", playbook="harden.yml"
    ),
    "sshd allows groups without the admins' group": Bad(
        {"sshd_allow_groups": ["staff-ssh"]}, "users_ssh_group", playbook="site.yml"
    ),
    "nginx.org's nginx with the Debian socket group": Bad(
        {"nginx_repository": "nginx_org"}, "fastapi_app_socket_group", playbook="site.yml"
    ),
    "Debian's nginx with nginx.org's socket group": Bad(
        {"fastapi_app_socket_group": "nginx"}, "fastapi_app_socket_group", playbook="edge.yml"
    ),
    "the app named after an admin": Bad(
        {"fastapi_app_name": "alice"}, "fastapi_app_name", playbook="site.yml"
    ),
    "the app's account in users_absent": Bad(
        {"users_absent": ["vpsforge-app"]}, "fastapi_app_name", playbook="site.yml"
    ),
    "the app's socket group is the SSH group": Bad(
        {"fastapi_app_socket_group": "sshusers"}, "fastapi_app_socket_group", playbook="site.yml"
    ),
    # Validation plays one after another (deploy.yml then edge.yml in one run): the rules
    # between roles read the values of roles an earlier play checked.
    "composed: nginx.org's socket group with Debian's nginx": Bad(
        {"fastapi_app_socket_group": "nginx"},
        "fastapi_app_socket_group",
        "runs as 'www-data'",
        playbook=COMPOSED,
    ),
    "composed: the app named after an admin": Bad(
        {"fastapi_app_name": "alice"}, "fastapi_app_name", "must not be an admin", playbook=COMPOSED
    ),
}

GOOD: dict[str, Good] = {
    "the test baseline": Good(),
    "the test baseline, validation plays one after another": Good(playbook=COMPOSED),
    "the production example inventory with its vault secret": Good(
        {"fastapi_app_secrets": {"SECRET_KEY": CANARY}},
        inventory="inventories/production/hosts.yml",
    ),
    "the demo inventory": Good({"demo_dir": _DEMO_DIR}, inventory="inventories/demo/hosts.yml"),
    "nginx.org's nginx with its own socket group": Good(
        {"nginx_repository": "nginx_org", "fastapi_app_socket_group": "nginx"}
    ),
    "two admins, the second one checks the lockout": Good(
        {"users_admins": _ADMINS, "sshd_lockout_check_user": "bob"}
    ),
}
