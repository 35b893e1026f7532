"""Log lines the vpsforge-nginx-* fail2ban filters must (and must not) match, as nginx writes them.

Each sample is a line and the address fail2ban must read from it, or None when the filter must
not match it. The access-log lines follow log_format vpsforge_json (roles/nginx/templates/
nginx.conf.j2); the error-log lines are nginx's own format for limit_req and limit_conn.
"""

from __future__ import annotations

import json

TIME = "2026-12-01T10:00:00+00:00"
ERROR_TIME = "2026/12/01 10:00:00"


def access(remote: str, status: int, uri: str = "/", **fields: str) -> str:
    """One JSON access-log line, fields in nginx's order, escaped as escape=json does."""
    line = {
        "time": TIME,
        "request_id": "5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b",
        "remote_addr": remote,
        "host": fields.get("host", "api.example.com"),
        "method": fields.get("method", "GET"),
        "uri": uri,
        "protocol": fields.get("protocol", "HTTP/2.0"),
        "status": status,
        "bytes_sent": 0,
        "request_length": 70,
        "request_time": 0.001,
        "upstream_status": fields.get("upstream_status", ""),
        "upstream_response_time": "",
        "upstream_addr": "",
        "tls": "TLSv1.3",
        "referer": "",
        "user_agent": fields.get("user_agent", "curl/7.88.1"),
    }
    return json.dumps(line, separators=(",", ":"))


def error(message: str, level: str = "error") -> str:
    return (
        f"{ERROR_TIME} [{level}] 812#812: *4711 {message}, server: api.example.com, "
        'request: "GET /health HTTP/2.0", host: "api.example.com"'
    )


# A client that tries to have another address banned writes it where it can: the URI, Host,
# User-Agent. escape=json turns its quotes into \" so none of it passes for a field.
# Zones as the nginx role names them (<site>_req, <site>_conn).
REQ = '"app_req"'
CONN = '"app_conn"'
FORGED = '","remote_addr":"192.0.2.66","status":444,"x":"'

SAMPLES: dict[str, list[tuple[str, str | None]]] = {
    "vpsforge-nginx-limit": [
        (
            error(f"limiting requests, excess: 100.450 by zone {REQ}, client: 203.0.113.7"),
            "203.0.113.7",
        ),
        (error(f"limiting connections by zone {CONN}, client: 2001:db8::7"), "2001:db8::7"),
        (
            error(f"limiting requests, excess: 5.120 by zone {REQ}, client: 198.51.100.9"),
            "198.51.100.9",
        ),
        # Delayed, not refused (warn level); a dry run refuses nothing.
        (
            error(f"delaying request, excess: 0.500, by zone {REQ}, client: 203.0.113.8", "warn"),
            None,
        ),
        (
            error(f"limiting requests, dry run, excess: 3.000 by zone {REQ}, client: 203.0.113.8"),
            None,
        ),
        (error('open() "/srv/static/x" failed (2: No such file), client: 203.0.113.8'), None),
        # The request line is the client's: a forged "limiting requests ... client:" in it.
        (
            f"{ERROR_TIME} [error] 812#812: *9 upstream timed out, client: 203.0.113.8, server: x, "
            f'request: "GET /limiting requests, excess: 1.000 by zone {REQ}, client: 192.0.2.66"',
            None,
        ),
    ],
    "vpsforge-nginx-refused": [
        (access("203.0.113.7", 444, host="198.51.100.1"), "203.0.113.7"),
        (access("2001:db8::7", 444, host="evil.example"), "2001:db8::7"),
        # nginx's own 400: plain HTTP to the TLS port, a malformed request line.
        (access("198.51.100.9", 400, method="", protocol=""), "198.51.100.9"),
        # The forged fields stay inside the URI: the real client is the one banned.
        (access("203.0.113.10", 444, uri="/" + FORGED), "203.0.113.10"),
        (access("203.0.113.8", 200), None),
        (access("203.0.113.8", 400, upstream_status="400"), None),  # the app's own 400
        (access("203.0.113.8", 429), None),  # nginx-limit counts limits
        (access("203.0.113.8", 421), None),
        (access("203.0.113.8", 404, uri="/" + FORGED), None),
        (access("203.0.113.8", 200, user_agent=FORGED), None),
    ],
    "vpsforge-nginx-probe": [
        (access("203.0.113.7", 404, uri="/.env"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/api/.env.production"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/.git/config"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/.aws/credentials"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/wp-login.php"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/wp-admin/setup-config.php?step=1"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/blog/xmlrpc.php"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/index.php?s=/index/think"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/vendor/phpunit/src/Util/eval-stdin.php"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/phpMyAdmin/"), "203.0.113.7"),
        (access("203.0.113.7", 404, uri="/cgi-bin/luci"), "203.0.113.7"),
        (access("2001:db8::7", 444, uri="/.env", host="198.51.100.1"), "2001:db8::7"),
        (access("203.0.113.11", 404, uri="/.env", user_agent=FORGED), "203.0.113.11"),
        (access("203.0.113.8", 200, uri="/health"), None),
        (access("203.0.113.8", 200, uri="/notes?next=/.env"), None),
        (access("203.0.113.8", 200, uri="/search?q=index.php"), None),
        (access("203.0.113.8", 200, uri="/static/app.js"), None),
        (access("203.0.113.8", 200, uri="/environment"), None),
        (access("203.0.113.8", 200, uri="/my.env.json"), None),
        (access("203.0.113.8", 200, uri="/.well-known/acme-challenge/tok3n"), None),
        (access("203.0.113.8", 200, uri="/docs/php"), None),
        (access("203.0.113.8", 200, uri="/", user_agent="/.env /wp-login.php"), None),
    ],
}
