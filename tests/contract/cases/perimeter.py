"""Bad and good input for the firewall and fail2ban roles (the host's perimeter).

The baseline (tests/contract/inventory/group_vars/vps.yml) sets sshd_port 2222 and
nginx_server_names, so firewall_ssh_port and fail2ban_sshd_port default to 2222 and
firewall_web to true.
"""

from __future__ import annotations

from tests.contract.cases import Bad, Good


def _rule(**fields: object) -> dict[str, object]:
    """firewall_rules holding one rule."""
    return {"firewall_rules": [fields]}


BAD: dict[str, Bad] = {
    # --- firewall_ssh_port -----------------------------------------------------------------
    "firewall_ssh_port 0": Bad({"firewall_ssh_port": 0}, "firewall_ssh_port"),
    "firewall_ssh_port above 65535": Bad({"firewall_ssh_port": 70000}, "firewall_ssh_port"),
    "firewall_ssh_port a service name": Bad({"firewall_ssh_port": "ssh"}, "firewall_ssh_port"),
    "firewall_ssh_port a quoted number": Bad(
        {"firewall_ssh_port": "2222"}, "firewall_ssh_port", message="integer"
    ),
    # --- firewall_ssh_allow_from -----------------------------------------------------------
    "firewall_ssh_allow_from an address out of range": Bad(
        {"firewall_ssh_allow_from": ["10.0.0.300/24"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from an IPv6 prefix above 128": Bad(
        {"firewall_ssh_allow_from": ["2001:db8::/129"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from a network with host bits set": Bad(
        {"firewall_ssh_allow_from": ["198.51.100.7/24"]},
        "firewall_ssh_allow_from",
        message="host bits clear",
    ),
    "firewall_ssh_allow_from an IPv6 network with host bits set": Bad(
        {"firewall_ssh_allow_from": ["2001:db8:42::1/48"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from a netmask": Bad(
        {"firewall_ssh_allow_from": ["10.0.0.0/255.0.0.0"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from a zero-padded prefix": Bad(
        {"firewall_ssh_allow_from": ["10.0.0.0/08"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from a zone id": Bad(
        {"firewall_ssh_allow_from": ["fe80::1%eth0"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from an IPv4-mapped address": Bad(
        {"firewall_ssh_allow_from": ["::ffff:198.51.100.7"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from an empty entry": Bad(
        {"firewall_ssh_allow_from": ["203.0.113.0/24", ""]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from a host name": Bad(
        {"firewall_ssh_allow_from": ["office.example.com"]}, "firewall_ssh_allow_from"
    ),
    "firewall_ssh_allow_from two networks in one entry": Bad(
        {"firewall_ssh_allow_from": ["203.0.113.0/24, 198.51.100.0/24"]},
        "firewall_ssh_allow_from",
    ),
    "firewall_ssh_allow_from a string instead of a list": Bad(
        {"firewall_ssh_allow_from": "203.0.113.0/24"}, "firewall_ssh_allow_from"
    ),
    # --- firewall_ssh_rate_limit, booleans ---------------------------------------------------
    "firewall_ssh_rate_limit negative": Bad(
        {"firewall_ssh_rate_limit": -1}, "firewall_ssh_rate_limit"
    ),
    "firewall_ssh_rate_limit a quoted number": Bad(
        {"firewall_ssh_rate_limit": "10"}, "firewall_ssh_rate_limit"
    ),
    "firewall_web the string yes": Bad({"firewall_web": "yes"}, "firewall_web"),
    "firewall_ssh_keep_current_port the string false": Bad(
        {"firewall_ssh_keep_current_port": "false"}, "firewall_ssh_keep_current_port"
    ),
    "firewall_ssh_probe the string no": Bad({"firewall_ssh_probe": "no"}, "firewall_ssh_probe"),
    # --- firewall_rules ----------------------------------------------------------------------
    "firewall_rules proto icmp": Bad(_rule(port=53, proto="icmp"), "firewall_rules"),
    "firewall_rules proto in capitals": Bad(_rule(port=53, proto="UDP"), "firewall_rules"),
    "firewall_rules port 0": Bad(_rule(port=0), "firewall_rules[0]"),
    "firewall_rules port above 65535": Bad(_rule(port=70000, proto="udp"), "firewall_rules[0]"),
    "firewall_rules port a service name": Bad(_rule(port="ssh"), "firewall_rules[0]"),
    "firewall_rules port a quoted number": Bad(_rule(port="8080"), "firewall_rules[0]"),
    "firewall_rules port a boolean": Bad(_rule(port=True), "firewall_rules[0]"),
    "firewall_rules port a backwards range": Bad(_rule(port="8010-8000"), "firewall_rules[0]"),
    "firewall_rules port a range past 65535": Bad(
        _rule(port="65000-70000", proto="udp"), "firewall_rules[0]"
    ),
    "firewall_rules port a list": Bad(_rule(port=[80, 443]), "firewall_rules[0]"),
    "firewall_rules a rule without port": Bad(_rule(proto="udp"), "firewall_rules"),
    "firewall_rules a misspelt key": Bad(_rule(port=51820, protocol="udp"), "firewall_rules"),
    "firewall_rules a string": Bad({"firewall_rules": "8080,8443"}, "firewall_rules"),
    "firewall_rules a list of numbers": Bad({"firewall_rules": [8080]}, "firewall_rules"),
    "firewall_rules from a string instead of a list": Bad(
        _rule(port=8443, **{"from": "10.0.0.0/8"}), "firewall_rules[0].from"
    ),
    "firewall_rules from a prefix above 32": Bad(
        _rule(port=8443, **{"from": ["10.0.0.0/33"]}), "firewall_rules[0]"
    ),
    "firewall_rules from a network with host bits set": Bad(
        _rule(port=9100, **{"from": ["203.0.113.0/24", "198.51.100.7/24"]}),
        "firewall_rules[0]",
        message="198.51.100.7/24",
    ),
    "firewall_rules the second rule bad": Bad(
        {"firewall_rules": [{"port": 8443}, {"port": 9100, "from": [""]}]}, "firewall_rules[1]"
    ),
    "firewall_rules comment with a double quote": Bad(
        _rule(port=8443, comment='say "hi"'), "firewall_rules[0]"
    ),
    "firewall_rules comment with a newline": Bad(
        _rule(port=8443, comment="one\n}\ntable inet evil {"), "firewall_rules[0]"
    ),
    "firewall_rules comment too long": Bad(
        _rule(port=8443, comment="x" * 101), "firewall_rules[0]"
    ),
    "firewall_rules comment not ASCII": Bad(
        _rule(port=8443, comment="Überwachung " + "é" * 70), "firewall_rules[0]"
    ),
    "firewall_rules comment empty": Bad(_rule(port=8443, comment=""), "firewall_rules[0]"),
    "firewall_rules opening the SSH port again": Bad(
        _rule(port=2222), "firewall_rules[0]", message="firewall_ssh_allow_from"
    ),
    "firewall_rules a range holding the SSH port": Bad(
        _rule(port="2000-3000", comment="apps"), "firewall_rules[0]", message="firewall_ssh_port"
    ),
    "firewall_rules limiting 443 while firewall_web opens it to everyone": Bad(
        _rule(port=443, **{"from": ["203.0.113.0/24"]}), "firewall_rules[0]", message="firewall_web"
    ),
    # --- firewall_forward_policy -------------------------------------------------------------
    "firewall_forward_policy reject": Bad(
        {"firewall_forward_policy": "reject"}, "firewall_forward_policy"
    ),
    "firewall_forward_policy YAML no": Bad(
        {"firewall_forward_policy": False}, "firewall_forward_policy"
    ),
    # --- the SSH probe -----------------------------------------------------------------------
    "firewall_ssh_probe_host with a space": Bad(
        {"firewall_ssh_probe_host": "vps 1.example.com"}, "firewall_ssh_probe_host"
    ),
    "firewall_ssh_probe_host a URL": Bad(
        {"firewall_ssh_probe_host": "ssh://vps.example.com"}, "firewall_ssh_probe_host"
    ),
    "firewall_ssh_probe_host an address with a port": Bad(
        {"firewall_ssh_probe_host": "203.0.113.7:2222"}, "firewall_ssh_probe_host"
    ),
    "firewall_ssh_probe_port above 65535": Bad(
        {"firewall_ssh_probe_port": 70000}, "firewall_ssh_probe_port"
    ),
    "firewall_ssh_probe_port negative": Bad(
        {"firewall_ssh_probe_port": -1}, "firewall_ssh_probe_port"
    ),
    "firewall_ssh_probe_port a quoted number": Bad(
        {"firewall_ssh_probe_port": "2222"}, "firewall_ssh_probe_port"
    ),
    "firewall_ssh_probe_timeout 0": Bad(
        {"firewall_ssh_probe_timeout": 0}, "firewall_ssh_probe_timeout"
    ),
    "firewall_ssh_probe_timeout in milliseconds": Bad(
        {"firewall_ssh_probe_timeout": 20000}, "firewall_ssh_probe_timeout"
    ),
    "firewall_ssh_probe_timeout a time span": Bad(
        {"firewall_ssh_probe_timeout": "20s"}, "firewall_ssh_probe_timeout"
    ),
    # --- null (a key with no value in YAML) ----------------------------------------------
    "firewall_rules null": Bad({"firewall_rules": None}, "firewall_rules"),
    "firewall_rules port null": Bad(_rule(port=None), "firewall_rules"),
    "firewall_ssh_probe_host null": Bad(
        {"firewall_ssh_probe_host": None}, "firewall_ssh_probe_host"
    ),
    "fail2ban_ignoreip null": Bad({"fail2ban_ignoreip": None}, "fail2ban_ignoreip"),
    "fail2ban_bantime null": Bad({"fail2ban_bantime": None}, "fail2ban_bantime"),
    "fail2ban_nginx_error_logs null": Bad(
        {"fail2ban_nginx_error_logs": None}, "fail2ban_nginx_error_logs"
    ),
    "fail2ban_nginx_limit_maxretry null": Bad(
        {"fail2ban_nginx_limit_maxretry": None}, "fail2ban_nginx_limit_maxretry"
    ),
    # --- fail2ban ----------------------------------------------------------------------------
    "fail2ban_sshd_port above 65535": Bad({"fail2ban_sshd_port": 70000}, "fail2ban_sshd_port"),
    "fail2ban_sshd_port a quoted number": Bad({"fail2ban_sshd_port": "22"}, "fail2ban_sshd_port"),
    "fail2ban_maxretry negative": Bad({"fail2ban_maxretry": -3}, "fail2ban_maxretry"),
    "fail2ban_maxretry 0": Bad({"fail2ban_maxretry": 0}, "fail2ban_maxretry"),
    "fail2ban_maxretry a quoted number": Bad({"fail2ban_maxretry": "5"}, "fail2ban_maxretry"),
    "fail2ban_bantime a word": Bad({"fail2ban_bantime": "forever"}, "fail2ban_bantime"),
    "fail2ban_bantime permanent (-1)": Bad({"fail2ban_bantime": -1}, "fail2ban_bantime"),
    "fail2ban_bantime a fraction": Bad({"fail2ban_bantime": "1.5h"}, "fail2ban_bantime"),
    "fail2ban_bantime a boolean": Bad({"fail2ban_bantime": True}, "fail2ban_bantime"),
    "fail2ban_bantime an expression": Bad({"fail2ban_bantime": "1h+5"}, "fail2ban_bantime"),
    "fail2ban_findtime zero": Bad({"fail2ban_findtime": "0m"}, "fail2ban_findtime"),
    "fail2ban_findtime a leading zero": Bad({"fail2ban_findtime": "01h"}, "fail2ban_findtime"),
    "fail2ban_findtime a unit fail2ban does not know": Bad(
        {"fail2ban_findtime": "10ms"}, "fail2ban_findtime"
    ),
    "fail2ban_bantime_maxtime with a newline": Bad(
        {"fail2ban_bantime_maxtime": "1w\nignoreip = 0.0.0.0/0"}, "fail2ban_bantime_maxtime"
    ),
    "fail2ban_bantime_increment the string false": Bad(
        {"fail2ban_bantime_increment": "false"}, "fail2ban_bantime_increment"
    ),
    "fail2ban_ignoreip a prefix above 32": Bad(
        {"fail2ban_ignoreip": ["10.0.0.1/40"]}, "fail2ban_ignoreip"
    ),
    "fail2ban_ignoreip a network with host bits set": Bad(
        {"fail2ban_ignoreip": ["198.51.100.7/24"]}, "fail2ban_ignoreip", message="host bits clear"
    ),
    "fail2ban_ignoreip every address": Bad(
        {"fail2ban_ignoreip": ["203.0.113.0/24", "::/0"]}, "fail2ban_ignoreip", message="never ban"
    ),
    "fail2ban_ignoreip an empty entry": Bad({"fail2ban_ignoreip": [""]}, "fail2ban_ignoreip"),
    "fail2ban_ignoreip a host name": Bad(
        {"fail2ban_ignoreip": ["office.example.com"]}, "fail2ban_ignoreip"
    ),
    "fail2ban_ignoreip a string instead of a list": Bad(
        {"fail2ban_ignoreip": "203.0.113.7 198.51.100.0/24"}, "fail2ban_ignoreip"
    ),
    "fail2ban_banaction iptables": Bad(
        {"fail2ban_banaction": "iptables-multiport"}, "fail2ban_banaction"
    ),
    "fail2ban_banaction ufw": Bad({"fail2ban_banaction": "ufw"}, "fail2ban_banaction"),
    "fail2ban_nginx_jails an unknown jail": Bad(
        {"fail2ban_nginx_jails": ["nginx-everything"]}, "fail2ban_nginx_jails"
    ),
    "fail2ban_nginx_jails a stock jail whose filter cannot read the JSON log": Bad(
        {"fail2ban_nginx_jails": ["nginx-bad-request"]}, "fail2ban_nginx_jails"
    ),
    "fail2ban_nginx_jails a string instead of a list": Bad(
        {"fail2ban_nginx_jails": "nginx-probe"}, "fail2ban_nginx_jails"
    ),
    "fail2ban_nginx_access_logs a string instead of a list": Bad(
        {"fail2ban_nginx_access_logs": "/var/log/nginx/app.access.log"},
        "fail2ban_nginx_access_logs",
    ),
    "fail2ban_nginx_access_logs a relative path": Bad(
        {"fail2ban_nginx_access_logs": ["logs/access.log"]}, "fail2ban_nginx_access_logs"
    ),
    "fail2ban_nginx_access_logs a boolean": Bad(
        {"fail2ban_nginx_access_logs": [True]}, "fail2ban_nginx_access_logs"
    ),
    "fail2ban_nginx_access_logs a log twice": Bad(
        {"fail2ban_nginx_access_logs": ["/var/log/nginx/a.log", "/var/log/nginx/a.log"]},
        "fail2ban_nginx_access_logs",
        message="twice",
    ),
    "fail2ban_nginx_error_logs with a percent sign": Bad(
        {"fail2ban_nginx_error_logs": ["/var/log/nginx/error-%(date)s.log"]},
        "fail2ban_nginx_error_logs",
    ),
    "fail2ban_nginx_error_logs with a space": Bad(
        {"fail2ban_nginx_error_logs": ["/var/log/nginx/my error.log"]},
        "fail2ban_nginx_error_logs",
    ),
    "fail2ban_nginx_error_logs with a newline (a second jail setting)": Bad(
        {"fail2ban_nginx_error_logs": ["/var/log/nginx/e.log\nenabled = false"]},
        "fail2ban_nginx_error_logs",
    ),
    "fail2ban_nginx_error_logs not normalised": Bad(
        {"fail2ban_nginx_error_logs": ["/var/log/nginx/../nginx/error.log"]},
        "fail2ban_nginx_error_logs",
    ),
    "fail2ban_nginx_limit_maxretry 0": Bad(
        {"fail2ban_nginx_limit_maxretry": 0}, "fail2ban_nginx_limit_maxretry"
    ),
    "fail2ban_nginx_limit_maxretry a quoted number": Bad(
        {"fail2ban_nginx_limit_maxretry": "20"}, "fail2ban_nginx_limit_maxretry"
    ),
}


GOOD: dict[str, Good] = {
    # firewall_ssh_port and fail2ban_sshd_port default to it, as integers.
    "sshd_port 2222 and nothing else for the firewall or fail2ban": Good({"sshd_port": 2222}),
    "IPv6 and IPv4 sources, port ranges and fail2ban times in every form": Good(
        {
            "firewall_ssh_allow_from": [
                "203.0.113.0/24",
                "198.51.100.7",
                "2001:db8:42::/48",
                "2001:DB8:43::7",
                "::/0",
            ],
            "firewall_rules": [
                {"port": 51820, "proto": "udp", "comment": "wireguard"},
                {"port": "60000-61000", "proto": "udp", "comment": "mosh"},
                {"port": 9100, "from": ["2001:db8:42::/48", "198.51.100.0/24"]},
                {"port": 9100, "from": ["192.0.2.10"], "comment": "a second monitor"},
                {"port": 2222, "proto": "udp", "comment": "the SSH port over udp is not SSH"},
                {"port": 443, "comment": "already open; harmless"},
            ],
            "firewall_ssh_probe_host": "vps1.example.com",
            "firewall_ssh_probe_port": 22,
            "firewall_ssh_probe_timeout": 600,
            "firewall_ssh_rate_limit": 0,
            "firewall_forward_policy": "drop",
            "fail2ban_ignoreip": ["203.0.113.0/24", "2001:db8:42::/48", "198.51.100.7", "::1"],
            "fail2ban_findtime": 600,
            "fail2ban_bantime": "1h 30m",
            "fail2ban_bantime_maxtime": "2weeks",
            "fail2ban_maxretry": 3,
        }
    ),
    "sources limited on 443 once firewall_web is off": Good(
        {
            "firewall_web": False,
            "firewall_rules": [{"port": 443, "from": ["203.0.113.0/24", "2001:db8::/32"]}],
            "firewall_ssh_probe_host": "2001:db8::7",
            "fail2ban_findtime": "1d12h",
            "fail2ban_bantime": "10M",
        }
    ),
    "nginx jails on logs named by hand, a glob among them": Good(
        {
            "fail2ban_nginx_jails": ["nginx-probe", "nginx-limit"],
            "fail2ban_nginx_access_logs": ["/var/log/nginx/app.access.log", "/srv/logs/*.json"],
            "fail2ban_nginx_error_logs": ["/var/log/nginx/app.error.log"],
            "fail2ban_nginx_limit_maxretry": 50,
        }
    ),
    "no nginx jail": Good({"fail2ban_nginx_jails": [], "fail2ban_nginx_access_logs": []}),
}
