"""Admin users, the deploy user and sshd: names that must not collide with the system's,
keys that must be keys, typed booleans and numbers, and nothing that would change the
meaning of sshd_config, sudoers or the lockout proof's ssh command."""

from __future__ import annotations

from tests.contract.cases import GOOD_KEY, Bad, Good

# A second well-formed ed25519 key (32 random bytes: no private key exists for it).
OTHER_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmVvJq2dX3sQv0lZ3J9yqTn8K4cWm1pR7eHfA2uLbGo"
    " other@vpsforge"
)
# An RSA key's type with an ed25519 key's blob: a pasted-wrong key.
MISMATCHED_KEY = "ssh-rsa " + GOOD_KEY.split()[1]


def _admin(name: str = "alice", **extra: object) -> dict[str, object]:
    return {"name": name, "ssh_keys": [GOOD_KEY], **extra}


def _admins(*entries: dict[str, object]) -> dict[str, object]:
    return {"users_admins": list(entries)}


def _deploy(**deploy: object) -> dict[str, object]:
    return {"users_deploy": {"name": "deploy", "ssh_keys": [OTHER_KEY], **deploy}}


def _sudo(command: str) -> dict[str, object]:
    return _deploy(sudo_commands=[command])


BAD: dict[str, Bad] = {
    # --- users_admins --------------------------------------------------------------------
    "admins as a string": Bad({"users_admins": "alice"}, "users_admins"),
    "admin name with a space": Bad(
        _admins(_admin("Bad Name")), "users_admins", "'Bad Name' is not a valid login name"
    ),
    "admin name that is a number": Bad(_admins(_admin(123)), "users_admins", "'123'"),
    "admin without a name": Bad(_admins({"ssh_keys": [GOOD_KEY]}), "users_admins"),
    "admin named root": Bad(_admins(_admin("root")), "users_admins", "system account"),
    "admin named www-data": Bad(_admins(_admin("www-data")), "users_admins", "system account"),
    "admin named sshd": Bad(_admins(_admin("sshd")), "users_admins", "system account"),
    "admin named nobody": Bad(_admins(_admin("nobody")), "users_admins", "system account"),
    # daemon (UID 1) is on every host: the host's own passwd database is read, not just a list.
    "admin named after an account of this host": Bad(
        _admins(_admin(), _admin("daemon")), "users_admins", "is a system account on this host"
    ),
    "admin named like a systemd account": Bad(
        _admins(_admin("systemd-network")), "users_admins", "system account"
    ),
    "admin to remove named sshd": Bad(
        _admins(_admin(), _admin("sshd", state="absent")), "users_admins", "system account"
    ),
    "the same admin twice": Bad(
        _admins(_admin(), _admin(ssh_keys=[OTHER_KEY])), "users_admins", "more than once"
    ),
    "an admin both present and absent": Bad(
        _admins(_admin(), _admin(state="absent")), "users_admins", "more than once"
    ),
    "an unknown admin state": Bad(_admins(_admin(state="gone")), "users_admins"),
    "a YAML boolean admin state": Bad(_admins(_admin(state=False)), "users_admins"),
    "a misspelt admin field": Bad(
        _admins({"name": "alice", "ssh_key": [GOOD_KEY]}), "users_admins"
    ),
    # --- SSH keys ------------------------------------------------------------------------
    "admin without a key": Bad(
        _admins(_admin(ssh_keys=[])), "users_admins", "'alice' has no ssh_keys"
    ),
    "admin's keys as a string": Bad(_admins(_admin(ssh_keys=GOOD_KEY)), "users_admins"),
    "malformed public key": Bad(
        _admins(_admin(ssh_keys=["ssh-ed25519 not-base64!"])),
        "users_admins",
        "is not an OpenSSH public key",
    ),
    "key whose blob is another type's": Bad(
        _admins(_admin(ssh_keys=[MISMATCHED_KEY])), "users_admins", "not an OpenSSH public key"
    ),
    "truncated key": Bad(
        _admins(_admin(ssh_keys=[GOOD_KEY.split()[0] + " " + GOOD_KEY.split()[1][:40]])),
        "users_admins",
        "not an OpenSSH public key",
    ),
    "two keys in one entry (a newline)": Bad(
        _admins(_admin(ssh_keys=[GOOD_KEY + "\n" + OTHER_KEY])),
        "users_admins",
        "not an OpenSSH public key",
    ),
    "key with authorized_keys options": Bad(
        _admins(_admin(ssh_keys=['command="/bin/sh" ' + GOOD_KEY])),
        "users_admins",
        "not an OpenSSH public key",
    ),
    "the same key twice for one admin": Bad(
        _admins(_admin(ssh_keys=[GOOD_KEY, GOOD_KEY.rsplit(" ", 1)[0] + " laptop"])),
        "users_admins",
        "the same SSH key more than once",
    ),
    # --- shells and sudo -----------------------------------------------------------------
    "relative admin shell": Bad(_admins(_admin(shell="bash")), "users_admins", "'bash'"),
    "admin shell nologin": Bad(
        _admins(_admin(shell="/usr/sbin/nologin")), "users_admins", "nologin"
    ),
    "sudo with a password nobody has": Bad(
        {"users_admin_sudo_nopasswd": False}, "users_admin_sudo_nopasswd", "nobody could"
    ),
    "string yes for password-less sudo": Bad(
        {"users_admin_sudo_nopasswd": "yes"}, "users_admin_sudo_nopasswd"
    ),
    "string no for locking root's password": Bad(
        {"users_lock_root_password": "no"}, "users_lock_root_password"
    ),
    # --- users_ssh_group -----------------------------------------------------------------
    "SSH group sudo": Bad(
        {"users_ssh_group": "sudo", "sshd_allow_groups": ["sudo"]}, "users_ssh_group", "'sudo'"
    ),
    "SSH group root": Bad(
        {"users_ssh_group": "root", "sshd_allow_groups": ["root"]}, "users_ssh_group", "'root'"
    ),
    "SSH group shadow": Bad(
        {"users_ssh_group": "shadow", "sshd_allow_groups": ["shadow"]}, "users_ssh_group"
    ),
    "SSH group adm": Bad(
        {"users_ssh_group": "adm", "sshd_allow_groups": ["adm"]}, "users_ssh_group"
    ),
    "SSH group with a space": Bad({"users_ssh_group": "ssh users"}, "users_ssh_group"),
    "SSH group named after an admin": Bad(
        {"users_ssh_group": "alice", "sshd_allow_groups": ["alice"]}, "users_ssh_group"
    ),
    "SSH group as a boolean": Bad({"users_ssh_group": True}, "users_ssh_group"),
    # --- users_deploy --------------------------------------------------------------------
    "deploy user as a list": Bad({"users_deploy": ["deploy"]}, "users_deploy"),
    "deploy user without a name": Bad({"users_deploy": {"ssh_keys": [OTHER_KEY]}}, "users_deploy"),
    "deploy user named root": Bad(
        {"users_deploy": {"name": "root", "ssh_keys": [OTHER_KEY]}}, "users_deploy", "'root'"
    ),
    "deploy user named www-data": Bad(
        {"users_deploy": {"name": "www-data", "ssh_keys": [OTHER_KEY]}}, "users_deploy"
    ),
    "deploy user who is also an admin": Bad(
        {"users_deploy": {"name": "alice", "ssh_keys": [OTHER_KEY]}}, "users_deploy"
    ),
    "deploy user with a malformed key": Bad(
        _deploy(ssh_keys=["ssh-ed25519 AAAA"]), "users_deploy", "OpenSSH public keys"
    ),
    "deploy user with the same key twice": Bad(
        _deploy(ssh_keys=[OTHER_KEY, OTHER_KEY]), "users_deploy", "every key once"
    ),
    "relative deploy sudo command": Bad(_sudo("systemctl restart x"), "users_deploy"),
    "deploy sudo commands as a string": Bad(
        _deploy(sudo_commands="/usr/bin/systemctl reload app.service"), "users_deploy"
    ),
    "deploy sudo command with a comma": Bad(
        _sudo("/usr/bin/systemctl reload app.service, /bin/bash"), "users_deploy", "','"
    ),
    "deploy sudo command with a new rule on a new line": Bad(
        _sudo("/usr/bin/true\ndeploy ALL=(ALL) NOPASSWD: ALL"), "users_deploy"
    ),
    "deploy sudo command with a comment sign": Bad(
        _sudo("/usr/bin/systemctl # reload app.service"), "users_deploy"
    ),
    "deploy sudo command with an equals sign": Bad(
        _sudo("/usr/bin/env PATH=/tmp /usr/bin/app"), "users_deploy"
    ),
    "deploy sudo command with a relative program path": Bad(
        _sudo("/usr/bin/../../tmp/x"), "users_deploy"
    ),
    # --- users_absent --------------------------------------------------------------------
    "users_absent as a string": Bad({"users_absent": "olduser"}, "users_absent"),
    "removing the admin": Bad(
        {"users_absent": ["alice"]}, "users_absent", "users_absent: refusing to remove alice"
    ),
    "removing the deploy user": Bad(
        {**_deploy(), "users_absent": ["deploy"]}, "users_absent", "refusing to remove deploy"
    ),
    "removing root": Bad({"users_absent": ["root"]}, "users_absent", "'root'"),
    "removing sshd": Bad({"users_absent": ["sshd"]}, "users_absent", "'sshd'"),
    "removing www-data": Bad({"users_absent": ["www-data"]}, "users_absent"),
    "removing a bad name": Bad({"users_absent": ["Old User"]}, "users_absent"),
    "removing the account Ansible connects as": Bad(
        {"ansible_user": "carol", "users_absent": ["carol"]}, "users_absent", "carol"
    ),
    "removing the connecting account as an admin": Bad(
        {"ansible_user": "carol", **_admins(_admin(), _admin("carol", state="absent"))},
        "users_admins",
        "carol",
    ),
    # --- sshd: numbers -------------------------------------------------------------------
    "a quoted SSH port": Bad({"sshd_port": "2222"}, "sshd_port", "must be an integer"),
    "ssh port not a number": Bad({"sshd_port": "ssh"}, "sshd_port"),
    "SSH port out of range": Bad({"sshd_port": 70000}, "sshd_port", "70000"),
    # The firewall and fail2ban roles refuse a bad sshd_port too (their ports default to it):
    # these prove the sshd role's own rule.
    "SSH port zero (sshd alone)": Bad(
        {"sshd_port": 0, "preflight_roles": ["sshd"]},
        "sshd_port",
        "sshd_port: 0 is not a TCP port (1-65535)",
        playbook="validate.yml",
    ),
    "SSH port out of range (sshd alone)": Bad(
        {"sshd_port": 65536, "preflight_roles": ["sshd"]},
        "sshd_port",
        "sshd_port: 65536 is not a TCP port",
        playbook="validate.yml",
    ),
    "SSH port as a boolean": Bad({"sshd_port": True}, "sshd_port"),
    "no authentication attempts": Bad({"sshd_max_auth_tries": 0}, "sshd_max_auth_tries"),
    "quoted authentication attempts": Bad({"sshd_max_auth_tries": "3"}, "sshd_max_auth_tries"),
    "a too short login grace time": Bad({"sshd_login_grace_time": 5}, "sshd_login_grace_time"),
    "too many sessions": Bad({"sshd_max_sessions": 50}, "sshd_max_sessions", "out of range"),
    "a negative keepalive interval": Bad(
        {"sshd_client_alive_interval": -1}, "sshd_client_alive_interval"
    ),
    "no keepalive probes": Bad({"sshd_client_alive_count_max": 0}, "sshd_client_alive_count_max"),
    "short RSA host keys": Bad({"sshd_rsa_host_key_min_bits": 2048}, "sshd_rsa_host_key_min_bits"),
    "RSA host keys larger than ssh-keygen makes": Bad(
        {"sshd_rsa_host_key_min_bits": 32768}, "sshd_rsa_host_key_min_bits"
    ),
    # --- sshd: booleans and choices ------------------------------------------------------
    "string false for password login": Bad(
        {"sshd_password_authentication": "false"}, "sshd_password_authentication"
    ),
    "string yes for password login": Bad(
        {"sshd_password_authentication": "yes"}, "sshd_password_authentication"
    ),
    "string false for forwarding": Bad({"sshd_allow_forwarding": "false"}, "sshd_allow_forwarding"),
    "string yes for the lockout check": Bad({"sshd_lockout_check": "yes"}, "sshd_lockout_check"),
    "unquoted no for root login (YAML false)": Bad(
        {"sshd_permit_root_login": False}, "sshd_permit_root_login", "quote"
    ),
    "unknown root login mode": Bad({"sshd_permit_root_login": "yes"}, "sshd_permit_root_login"),
    "deprecated root login mode": Bad(
        {"sshd_permit_root_login": "without-password"}, "sshd_permit_root_login"
    ),
    "unknown socket activation": Bad(
        {"sshd_socket_activation": "systemd"}, "sshd_socket_activation"
    ),
    "socket activation as a boolean": Bad(
        {"sshd_socket_activation": True}, "sshd_socket_activation"
    ),
    # --- sshd: addresses, groups, algorithms ---------------------------------------------
    "listen addresses as a string": Bad(
        {"sshd_listen_addresses": "10.0.0.1"}, "sshd_listen_addresses"
    ),
    "listen address that is not an IP": Bad(
        {"sshd_listen_addresses": ["localhost"]},
        "sshd_listen_addresses",
        "'localhost' is not an IP address",
    ),
    "listen address that is a network": Bad(
        {"sshd_listen_addresses": ["10.0.0.0/24"]}, "sshd_listen_addresses"
    ),
    "listen address with a port": Bad(
        {"sshd_listen_addresses": ["10.0.0.1:22"]}, "sshd_listen_addresses"
    ),
    "a new sshd_config line after a zone": Bad(
        {"sshd_listen_addresses": ["fe80::1%eth0\nPermitRootLogin yes"]},
        "sshd_listen_addresses",
    ),
    "the same listen address twice": Bad(
        {"sshd_listen_addresses": ["10.0.0.1", "10.0.0.1"]}, "sshd_listen_addresses", "twice"
    ),
    "allowed groups as a string": Bad({"sshd_allow_groups": "sshusers"}, "sshd_allow_groups"),
    "allowed group with a space": Bad(
        {"sshd_allow_groups": ["sshusers", "ssh users"]}, "sshd_allow_groups"
    ),
    "a key exchange added to OpenSSH's defaults": Bad(
        {"sshd_kex_algorithms": ["+diffie-hellman-group1-sha1"]}, "sshd_kex_algorithms"
    ),
    "two ciphers in one entry": Bad(
        {"sshd_ciphers": ["aes256-ctr,3des-cbc"]}, "sshd_ciphers", "not an algorithm name"
    ),
    "a new sshd_config line in a MAC": Bad(
        {"sshd_macs": ["hmac-sha2-256\nPermitRootLogin yes"]}, "sshd_macs"
    ),
    "host key algorithms as a string": Bad(
        {"sshd_host_key_algorithms": "ssh-ed25519"}, "sshd_host_key_algorithms"
    ),
    # --- sshd: the lockout check ---------------------------------------------------------
    "no admin to prove key login while disabling passwords": Bad(
        {"sshd_lockout_check_user": ""},
        "sshd_lockout_check_user",
        "sshd_lockout_check_user is empty",
    ),
    "no admin to prove key login with the check on": Bad(
        {
            "sshd_lockout_check_user": "",
            "sshd_password_authentication": True,
            "sshd_permit_root_login": "prohibit-password",
        },
        "sshd_lockout_check_user",
        "sshd_lockout_check is on",
    ),
    "lockout-check user with a bad name": Bad(
        {"sshd_lockout_check_user": "alice smith"}, "sshd_lockout_check_user"
    ),
    "lockout-check user root": Bad(
        {"sshd_lockout_check_user": "root"}, "sshd_lockout_check_user", "system account"
    ),
    "lockout-check host with a space": Bad(
        {"sshd_lockout_check_host": "vps one"}, "sshd_lockout_check_host"
    ),
    "lockout-check host that reads as an ssh option": Bad(
        {"sshd_lockout_check_host": "-oProxyCommand=sh"}, "sshd_lockout_check_host"
    ),
    "lockout-check host that is half an address": Bad(
        {"sshd_lockout_check_host": "10.0.1"}, "sshd_lockout_check_host"
    ),
    "relative lockout-check key": Bad(
        {"sshd_lockout_check_private_key": "keys/alice"}, "sshd_lockout_check_private_key"
    ),
    "lockout-check key path ssh would expand": Bad(
        {"sshd_lockout_check_private_key": "/home/%u/.ssh/id_ed25519"},
        "sshd_lockout_check_private_key",
    ),
    "lockout-check key as a boolean": Bad(
        {"sshd_lockout_check_private_key": True}, "sshd_lockout_check_private_key"
    ),
    # --- rules between users and sshd (roles/preflight) ------------------------------------
    "lockout-check user who is not an admin": Bad(
        {"sshd_lockout_check_user": "mallory"}, "sshd_lockout_check_user", playbook="harden.yml"
    ),
    "admins' group that sshd does not allow": Bad(
        {"users_ssh_group": "admins"}, "users_ssh_group", playbook="harden.yml"
    ),
    "sshd allows only another group": Bad(
        {"sshd_allow_groups": ["wheel"]}, "users_ssh_group", playbook="harden.yml"
    ),
    # --- the users role's login proof ----------------------------------------------------
    "login proof as someone who is no admin": Bad(
        {"users_login_check_user": "mallory"},
        "users_login_check_user",
        "not one of the present admins",
    ),
    "login proof to an ssh option": Bad(
        {"users_login_check_host": "-oProxyCommand=sh"}, "users_login_check_host"
    ),
    "login proof to user@host": Bad(
        {"users_login_check_host": "root@vps"}, "users_login_check_host"
    ),
    "login proof on a port out of range": Bad(
        {"users_login_check_port": 70000}, "users_login_check_port"
    ),
    "login proof port as a string": Bad(
        {"users_login_check_port": "2222"}, "users_login_check_port", "must be an integer"
    ),
    "login proof key at a relative path": Bad(
        {"users_login_check_private_key": "id_ed25519"}, "users_login_check_private_key"
    ),
    "login proof key path ssh would expand": Bad(
        {"users_login_check_private_key": "/keys/%u"}, "users_login_check_private_key"
    ),
}

GOOD: dict[str, Good] = {
    "an IPv6 link-local listen address with a zone": Good(
        {"sshd_listen_addresses": ["fe80::1%eth0", "203.0.113.10", "2001:db8::10"]}
    ),
    "a deploy user with keys and sudo commands": Good(
        _deploy(
            sudo_commands=[
                "/usr/bin/systemctl reload vpsforge-app.service",
                "/usr/local/bin/deploy-app --release *",
            ]
        )
    ),
    "two admins with two keys each, one removed, an old account removed": Good(
        {
            **_admins(
                _admin(ssh_keys=[GOOD_KEY, OTHER_KEY], shell="/bin/zsh"),
                _admin("bob", ssh_keys=[OTHER_KEY], state="absent"),
            ),
            "users_absent": ["olduser"],
        }
    ),
    "password login kept, root with keys, a DNS name and a key for the proof": Good(
        {
            "sshd_password_authentication": True,
            "sshd_permit_root_login": "prohibit-password",
            "sshd_lockout_check_host": "vps1.example.com",
            "sshd_lockout_check_private_key": "~/.ssh/id_ed25519",
        }
    ),
    "no lockout check and no group restriction": Good(
        {
            "sshd_lockout_check": False,
            "sshd_allow_groups": [],
            "sshd_client_alive_interval": 0,
            "sshd_lockout_check_host": "2001:db8::10",
        }
    ),
    "explicit algorithms": Good(
        {
            "sshd_kex_algorithms": ["sntrup761x25519-sha512@openssh.com", "curve25519-sha256"],
            "sshd_ciphers": ["chacha20-poly1305@openssh.com"],
            "sshd_macs": ["hmac-sha2-256-etm@openssh.com"],
            "sshd_host_key_algorithms": ["ssh-ed25519", "rsa-sha2-512"],
        }
    ),
    "a custom SSH group sshd allows": Good(
        {"users_ssh_group": "ssh-admins", "sshd_allow_groups": ["ssh-admins", "sshusers"]}
    ),
}
