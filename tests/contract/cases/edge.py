"""Bad and good input for the edge: the nginx and letsencrypt roles (playbooks/edge.yml).

The baseline serves api.example.com over TLS with the letsencrypt role's certificate
(letsencrypt_domains follows nginx_server_names). Each bad case changes one thing.
"""

from __future__ import annotations

from tests.contract.cases import Bad, Good

# A self-signed CA certificate (P-256; its key was thrown away): real PEM that parses.
CA_PEM = """\
-----BEGIN CERTIFICATE-----
MIIBljCCATugAwIBAgIUEaMZmD531f8HS3iZ9PEoBiEhPkEwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVdnBzZm9yZ2UgdGVzdCBBQ01FIENBMB4XDTI2MTIwMTEwMDcy
MloXDTM2MTEyODEwMDcyMlowIDEeMBwGA1UEAwwVdnBzZm9yZ2UgdGVzdCBBQ01F
IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEj8NJg9/KWpej3653TM4EVzti
90ABi7dyo8sHM6AGnKfCW3OwfX1oApIiKn6+uxixpgfczrGdJ2QkLHcTwGsmBaNT
MFEwHQYDVR0OBBYEFIAH6zsDydNxU4IdbVbpc/qH8LsKMB8GA1UdIwQYMBaAFIAH
6zsDydNxU4IdbVbpc/qH8LsKMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SQAwRgIhAIu9o9LuId7m+m2WBNuvnl6MWOCbawg24Rb0Faw9OGrLAiEA5HtGiYwD
vovf9/qZ8q6j7QSfxHN/7Om9UJ8ghi0riTA=
-----END CERTIFICATE-----
"""
# A private key pasted along with the CA by mistake: refused, and never printed.
KEY_BODY = "MC4CAQAwBQYDK2VwBCIEIKeyBodyThatMustNeverBePrinted0123456789abc"
CA_WITH_KEY = CA_PEM + f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
# The CA with its base64 body cut short (a bad copy and paste).
CA_TRUNCATED = CA_PEM.replace("vovf9/qZ8q6j7QSfxHN/7Om9UJ8ghi0riTA=\n", "")
ACME_PASSWORD = "acme-url-password-Vb7Nq2"

BAD: dict[str, Bad] = {
    # --- nginx_server_names (the same DNS rule as letsencrypt_domains) -------------------
    "server name with a character DNS has not": Bad(
        {"nginx_server_names": ["api.example.com", "bad_name!.example.com"]},
        "nginx_server_names",
        message='"bad_name!.example.com" is not a lower-case DNS host name',
    ),
    "wildcard server name (HTTP-01 cannot validate it)": Bad(
        {"nginx_server_names": ["*.example.com"]},
        "nginx_server_names",
        message='"*.example.com"',
    ),
    "server name with an underscore": Bad(
        {"nginx_server_names": ["api_v1.example.com"]}, "nginx_server_names"
    ),
    "server name that is an IP address": Bad(
        {"nginx_server_names": ["192.0.2.10"]}, "nginx_server_names", message='"192.0.2.10"'
    ),
    "server name in upper case": Bad(
        {"nginx_server_names": ["API.example.com"]}, "nginx_server_names"
    ),
    "server name with a trailing dot": Bad(
        {"nginx_server_names": ["api.example.com."]}, "nginx_server_names"
    ),
    "server name of one label": Bad({"nginx_server_names": ["localhost"]}, "nginx_server_names"),
    "server name with a trailing newline": Bad(
        {"nginx_server_names": ["api.example.com\n"]}, "nginx_server_names"
    ),
    "server name twice": Bad(
        {"nginx_server_names": ["api.example.com", "api.example.com"]},
        "nginx_server_names",
        message="has duplicates",
    ),
    "no server name": Bad({"nginx_server_names": []}, "nginx_server_names", message="is empty"),
    "server names as a string, not a list": Bad(
        {"nginx_server_names": "api.example.com"}, "nginx_server_names"
    ),
    # --- nginx_site_name and nginx_repository --------------------------------------------
    "site name with an underscore": Bad({"nginx_site_name": "my_app"}, "nginx_site_name"),
    "site name with a path": Bad({"nginx_site_name": "../app"}, "nginx_site_name"),
    "site name with a trailing newline": Bad({"nginx_site_name": "app\n"}, "nginx_site_name"),
    "empty site name": Bad({"nginx_site_name": ""}, "nginx_site_name"),
    "unknown repository": Bad({"nginx_repository": "ubuntu"}, "nginx_repository"),
    "repository as YAML no (a boolean)": Bad({"nginx_repository": False}, "nginx_repository"),
    # --- booleans and integers, typed exactly -------------------------------------------
    "string false for nginx_hsts_preload (it turned preload on)": Bad(
        {"nginx_hsts_preload": "false"}, "nginx_hsts_preload"
    ),
    "string false for nginx_tls": Bad({"nginx_tls": "false"}, "nginx_tls"),
    "string no for nginx_http_redirect": Bad({"nginx_http_redirect": "no"}, "nginx_http_redirect"),
    "string yes for nginx_ipv6": Bad({"nginx_ipv6": "yes"}, "nginx_ipv6"),
    "string true for nginx_hsts_include_subdomains": Bad(
        {"nginx_hsts_include_subdomains": "true"}, "nginx_hsts_include_subdomains"
    ),
    "number 1 for nginx_tls": Bad({"nginx_tls": 1}, "nginx_tls"),
    "quoted redirect status": Bad(
        {"nginx_http_redirect_status": "301"}, "nginx_http_redirect_status"
    ),
    "redirect status that is not a redirect": Bad(
        {"nginx_http_redirect_status": 200}, "nginx_http_redirect_status"
    ),
    "quoted HSTS max-age": Bad({"nginx_hsts_max_age": "63072000"}, "nginx_hsts_max_age"),
    "HSTS max-age as a float": Bad({"nginx_hsts_max_age": 1.5}, "nginx_hsts_max_age"),
    "quoted keepalive": Bad({"nginx_upstream_keepalive": "16"}, "nginx_upstream_keepalive"),
    "quoted burst": Bad({"nginx_rate_limit_burst": "20"}, "nginx_rate_limit_burst"),
    "quoted strict burst": Bad(
        {"nginx_rate_limit_strict_burst": "5"}, "nginx_rate_limit_strict_burst"
    ),
    "quoted connection limit": Bad({"nginx_limit_conn": "50"}, "nginx_limit_conn"),
    "quoted log retention": Bad({"nginx_log_retention_days": "14"}, "nginx_log_retention_days"),
    "boolean log retention": Bad({"nginx_log_retention_days": True}, "nginx_log_retention_days"),
    # --- numbers in range ----------------------------------------------------------------
    "negative burst": Bad({"nginx_rate_limit_burst": -1}, "nginx_rate_limit_burst"),
    "negative strict burst": Bad(
        {"nginx_rate_limit_strict_burst": -5}, "nginx_rate_limit_strict_burst"
    ),
    "negative connection limit": Bad({"nginx_limit_conn": -1}, "nginx_limit_conn"),
    "negative keepalive": Bad({"nginx_upstream_keepalive": -1}, "nginx_upstream_keepalive"),
    "negative HSTS max-age": Bad({"nginx_hsts_max_age": -1}, "nginx_hsts_max_age"),
    "no days of logs kept": Bad({"nginx_log_retention_days": 0}, "nginx_log_retention_days"),
    # --- redirect, HSTS ------------------------------------------------------------------
    "redirect to HTTPS without TLS": Bad(
        {"nginx_tls": False, "nginx_http_redirect": True},
        "nginx_http_redirect",
        message="nginx_tls=false",
    ),
    "HSTS preload without includeSubDomains": Bad(
        {"nginx_hsts_preload": True, "nginx_hsts_include_subdomains": False},
        "nginx_hsts_preload",
    ),
    "HSTS preload with a max-age under a year": Bad(
        {
            "nginx_hsts_preload": True,
            "nginx_hsts_include_subdomains": True,
            "nginx_hsts_max_age": 86400,
        },
        "nginx_hsts_preload",
    ),
    # --- rates, sizes, times ------------------------------------------------------------
    "rate with an unknown unit": Bad(
        {"nginx_rate_limit": "10r/x"}, "nginx_rate_limit", message='"10r/x"'
    ),
    "strict rate without the r": Bad(
        {"nginx_rate_limit_strict": "10/m"}, "nginx_rate_limit_strict"
    ),
    "rate of zero": Bad({"nginx_rate_limit": "0r/s"}, "nginx_rate_limit"),
    "rate with a trailing newline": Bad({"nginx_rate_limit": "10r/s\n"}, "nginx_rate_limit"),
    "body size of 0 (no limit at all)": Bad(
        {"nginx_client_max_body_size": "0"}, "nginx_client_max_body_size"
    ),
    "body size with a unit nginx does not read": Bad(
        {"nginx_client_max_body_size": "10mb"}, "nginx_client_max_body_size"
    ),
    "body size with a directive after it": Bad(
        {"nginx_client_max_body_size": "1m; autoindex on"}, "nginx_client_max_body_size"
    ),
    "read timeout with a space": Bad(
        {"nginx_proxy_read_timeout": "60 s"}, "nginx_proxy_read_timeout"
    ),
    "read timeout of zero": Bad({"nginx_proxy_read_timeout": "0s"}, "nginx_proxy_read_timeout"),
    "keepalive timeout in words": Bad(
        {"nginx_upstream_keepalive_timeout": "4sec"}, "nginx_upstream_keepalive_timeout"
    ),
    "expires in words": Bad({"nginx_static_expires": "7days"}, "nginx_static_expires"),
    # --- certificate paths ---------------------------------------------------------------
    "certificate without its key": Bad(
        {
            "nginx_tls_certificate": "/etc/ssl/certs/api.pem",
            "nginx_tls_certificate_key": "",
        },
        "nginx_tls_certificate",
    ),
    "relative certificate path": Bad(
        {
            "nginx_tls_certificate": "live/api/fullchain.pem",
            "nginx_tls_certificate_key": "/etc/ssl/private/api.key",
        },
        "nginx_tls_certificate",
    ),
    "certificate key path that ends the directive": Bad(
        {
            "nginx_tls_certificate": "/etc/ssl/certs/api.pem",
            "nginx_tls_certificate_key": "/etc/ssl/private/api.key; include /etc/shadow",
        },
        "nginx_tls_certificate_key",
    ),
    "certificate path as a number": Bad(
        {"nginx_tls_certificate": 5, "nginx_tls_certificate_key": "/etc/ssl/private/api.key"},
        "nginx_tls_certificate",
    ),
    "certificate and key the same file": Bad(
        {
            "nginx_tls_certificate": "/etc/ssl/private/api.pem",
            "nginx_tls_certificate_key": "/etc/ssl/private/api.pem",
        },
        "nginx_tls_certificate",
    ),
    "certificate in certbot's live tree, where the stand-in would block certbot": Bad(
        {
            "nginx_tls_certificate": "/etc/letsencrypt/live/api.example.com/fullchain.pem",
            "nginx_tls_certificate_key": "/etc/letsencrypt/live/api.example.com/privkey.pem",
        },
        "nginx_tls_certificate",
    ),
    "key in certbot's archive tree": Bad(
        {
            "nginx_tls_certificate": "/etc/ssl/certs/api.pem",
            "nginx_tls_certificate_key": "/etc/letsencrypt/archive/api.example.com/privkey1.pem",
        },
        "nginx_tls_certificate_key",
    ),
    # --- paths on the host ---------------------------------------------------------------
    "relative upstream socket": Bad(
        {"nginx_upstream_socket": "gunicorn.sock"}, "nginx_upstream_socket"
    ),
    "upstream socket with a space": Bad(
        {"nginx_upstream_socket": "/run/app/gunicorn.sock down"}, "nginx_upstream_socket"
    ),
    "ACME webroot in /etc": Bad({"nginx_acme_webroot": "/etc/nginx"}, "nginx_acme_webroot"),
    "ACME webroot at /": Bad({"nginx_acme_webroot": "/"}, "nginx_acme_webroot"),
    "static root /etc": Bad({"nginx_static_root": "/etc"}, "nginx_static_root"),
    "static root in /var/lib (private data)": Bad(
        {"nginx_static_root": "/var/lib/postgresql"}, "nginx_static_root"
    ),
    "static root climbing out with ..": Bad(
        {"nginx_static_root": "/srv/../etc"}, "nginx_static_root"
    ),
    "relative static root": Bad({"nginx_static_root": "srv/static"}, "nginx_static_root"),
    # --- URL paths -----------------------------------------------------------------------
    "static location without slashes": Bad(
        {"nginx_static_location": "static"}, "nginx_static_location"
    ),
    "static location / (the app's own location)": Bad(
        {"nginx_static_location": "/"}, "nginx_static_location"
    ),
    "static location under /metrics (bypasses the guard)": Bad(
        {"nginx_static_location": "/metrics/"}, "nginx_static_location"
    ),
    "static location with a .. segment": Bad(
        {"nginx_static_location": "/static/../"}, "nginx_static_location"
    ),
    "strict path /metrics (an exact location beats the guard)": Bad(
        {"nginx_rate_limit_strict_paths": ["/auth/login", "/metrics"]},
        "nginx_rate_limit_strict_paths",
        message='"/metrics"',
    ),
    "strict path on the ACME challenge": Bad(
        {"nginx_rate_limit_strict_paths": ["/.well-known/acme-challenge/x"]},
        "nginx_rate_limit_strict_paths",
    ),
    "strict path without a leading slash": Bad(
        {"nginx_rate_limit_strict_paths": ["auth/login"]}, "nginx_rate_limit_strict_paths"
    ),
    "strict path with a brace": Bad(
        {"nginx_rate_limit_strict_paths": ["/auth/login{"]}, "nginx_rate_limit_strict_paths"
    ),
    "strict path twice": Bad(
        {"nginx_rate_limit_strict_paths": ["/auth/login", "/auth/login"]},
        "nginx_rate_limit_strict_paths",
        message="has duplicates",
    ),
    "strict paths as a string": Bad(
        {"nginx_rate_limit_strict_paths": "/auth/login"}, "nginx_rate_limit_strict_paths"
    ),
    # --- addresses and networks (ansible.utils.ip) ---------------------------------------
    "metrics client 999.1.1.1": Bad(
        {"nginx_metrics_allow": ["999.1.1.1"]}, "nginx_metrics_allow", message='"999.1.1.1"'
    ),
    "metrics network with host bits": Bad(
        {"nginx_metrics_allow": ["10.0.0.1/8"]}, "nginx_metrics_allow"
    ),
    "metrics client all": Bad({"nginx_metrics_allow": ["all"]}, "nginx_metrics_allow"),
    "metrics client with an IPv6 zone": Bad(
        {"nginx_metrics_allow": ["fe80::1%eth0"]}, "nginx_metrics_allow"
    ),
    "metrics client as a number (netaddr would read 10 as 0.0.0.10)": Bad(
        {"nginx_metrics_allow": [10]}, "nginx_metrics_allow"
    ),
    "metrics client as a string": Bad({"nginx_metrics_allow": "10.0.0.1"}, "nginx_metrics_allow"),
    "exempt network /33": Bad(
        {"nginx_rate_limit_exempt": ["10.0.0.0/33"]}, "nginx_rate_limit_exempt"
    ),
    "exempt host name": Bad({"nginx_rate_limit_exempt": ["localhost"]}, "nginx_rate_limit_exempt"),
    "exempt address twice": Bad(
        {"nginx_rate_limit_exempt": ["127.0.0.1", "127.0.0.1"]},
        "nginx_rate_limit_exempt",
        message="has duplicates",
    ),
    # --- header values (written inside double quotes) ------------------------------------
    "CSP with a newline": Bad(
        {"nginx_content_security_policy": "default-src 'none'\nadd_header X-Evil 1"},
        "nginx_content_security_policy",
    ),
    "CSP with a double quote": Bad(
        {"nginx_content_security_policy": "default-src 'none'\" always; return 200 \"x"},
        "nginx_content_security_policy",
    ),
    "CSP with an nginx variable": Bad(
        {"nginx_content_security_policy": "default-src 'none'; report-uri /r?h=$http_cookie"},
        "nginx_content_security_policy",
    ),
    "CSP with a backslash": Bad(
        {"nginx_content_security_policy": "default-src 'none'\\"}, "nginx_content_security_policy"
    ),
    "CSP of a source without a directive": Bad(
        {"nginx_content_security_policy": "'none'"}, "nginx_content_security_policy"
    ),
    "empty CSP": Bad({"nginx_content_security_policy": ""}, "nginx_content_security_policy"),
    "CSP as a number": Bad({"nginx_content_security_policy": 5}, "nginx_content_security_policy"),
    "referrer policy as a number": Bad({"nginx_referrer_policy": 0}, "nginx_referrer_policy"),
    "referrer policy misspelt": Bad(
        {"nginx_referrer_policy": "no-referer"}, "nginx_referrer_policy"
    ),
    "referrer policy with a quote": Bad(
        {"nginx_referrer_policy": 'no-referrer" always; add_header X "y'}, "nginx_referrer_policy"
    ),
    "referrer policy as YAML no": Bad({"nginx_referrer_policy": False}, "nginx_referrer_policy"),
    "permissions policy without allowlists": Bad(
        {"nginx_permissions_policy": "camera, microphone"}, "nginx_permissions_policy"
    ),
    "permissions policy with a semicolon": Bad(
        {"nginx_permissions_policy": "camera=(); microphone=()"}, "nginx_permissions_policy"
    ),
    "permissions policy with a backslash": Bad(
        {"nginx_permissions_policy": 'camera=(self "https://a.example\\")'},
        "nginx_permissions_policy",
    ),
    # --- logs ----------------------------------------------------------------------------
    "relative extra log path": Bad(
        {"nginx_logrotate_extra_paths": ["app/app.log"]}, "nginx_logrotate_extra_paths"
    ),
    "extra log under /var/log/nginx (rotated already)": Bad(
        {"nginx_logrotate_extra_paths": ["/var/log/nginx/*.log"]}, "nginx_logrotate_extra_paths"
    ),
    "extra log glob over /var/log": Bad(
        {"nginx_logrotate_extra_paths": ["/var/log/*.log"]}, "nginx_logrotate_extra_paths"
    ),
    "extra log in /etc": Bad(
        {"nginx_logrotate_extra_paths": ["/etc/passwd"]}, "nginx_logrotate_extra_paths"
    ),
    "extra log path with a brace": Bad(
        {"nginx_logrotate_extra_paths": ["/var/log/app/app.log {"]}, "nginx_logrotate_extra_paths"
    ),
    # --- letsencrypt_domains -------------------------------------------------------------
    "certificate name that is a wildcard": Bad(
        {"letsencrypt_domains": ["*.example.com", "api.example.com"]},
        "letsencrypt_domains",
        message='"*.example.com"',
    ),
    "certificate name that is an IP address": Bad(
        {"letsencrypt_domains": ["api.example.com", "192.0.2.10"]}, "letsencrypt_domains"
    ),
    "certificate name twice": Bad(
        {"letsencrypt_domains": ["api.example.com", "api.example.com"]},
        "letsencrypt_domains",
        message="has duplicates",
    ),
    "no certificate name": Bad(
        {"letsencrypt_domains": []}, "letsencrypt_domains", message="letsencrypt_domains: is empty"
    ),
    "more names than a certificate holds": Bad(
        {"letsencrypt_domains": ["api.example.com"] + [f"n{i}.example.com" for i in range(100)]},
        "letsencrypt_domains",
    ),
    "certificate names as a string": Bad(
        {"letsencrypt_domains": "api.example.com"}, "letsencrypt_domains"
    ),
    "server name not on the certificate nginx serves": Bad(
        {
            "nginx_server_names": ["api.example.com", "www.example.com"],
            "letsencrypt_domains": ["api.example.com"],
        },
        "nginx_server_names",
        message="www.example.com",
        with_roles=("letsencrypt",),
    ),
    # --- the rest of letsencrypt ---------------------------------------------------------
    "lineage name with a space": Bad({"letsencrypt_cert_name": "my cert"}, "letsencrypt_cert_name"),
    "lineage name starting with a dash (certbot would read an option)": Bad(
        {"letsencrypt_cert_name": "-api"}, "letsencrypt_cert_name", message='"-api"'
    ),
    "lineage name climbing out": Bad({"letsencrypt_cert_name": "../etc"}, "letsencrypt_cert_name"),
    "email that is not one": Bad(
        {"letsencrypt_email": "ops-at-example.com"},
        "letsencrypt_email",
        message='"ops-at-example.com"',
    ),
    "email with another option after it": Bad(
        {"letsencrypt_email": "ops@example.com --staging"}, "letsencrypt_email"
    ),
    "email on a bare host": Bad({"letsencrypt_email": "ops@localhost"}, "letsencrypt_email"),
    "ACME server over ftp": Bad(
        {"letsencrypt_server": "ftp://acme.example.com:14000/dir"}, "letsencrypt_server"
    ),
    "ACME server over plain http": Bad(
        {"letsencrypt_server": "http://acme.example.com:14000/dir"},
        "letsencrypt_server",
        message="is neither",
    ),
    "ACME server name in capitals": Bad({"letsencrypt_server": "Production"}, "letsencrypt_server"),
    "ACME server URL with a password (never printed)": Bad(
        {"letsencrypt_server": f"https://acme:{ACME_PASSWORD}@acme.example.com/dir"},
        "letsencrypt_server",
        secrets=(ACME_PASSWORD,),
    ),
    "ACME server as a boolean": Bad({"letsencrypt_server": True}, "letsencrypt_server"),
    "CA that is no certificate": Bad(
        {"letsencrypt_ca_certificate": "not a certificate"}, "letsencrypt_ca_certificate"
    ),
    "CA cut short": Bad({"letsencrypt_ca_certificate": CA_TRUNCATED}, "letsencrypt_ca_certificate"),
    "CA with a private key pasted along (never printed)": Bad(
        {"letsencrypt_ca_certificate": CA_WITH_KEY},
        "letsencrypt_ca_certificate",
        secrets=(KEY_BODY,),
    ),
    "webroot in /etc": Bad({"letsencrypt_webroot": "/etc/letsencrypt"}, "letsencrypt_webroot"),
    "relative webroot": Bad({"letsencrypt_webroot": "var/www/letsencrypt"}, "letsencrypt_webroot"),
    "webroot nginx does not serve": Bad(
        {"letsencrypt_webroot": "/srv/acme", "nginx_acme_webroot": "/var/www/letsencrypt"},
        "letsencrypt_webroot",
        message="nginx_acme_webroot",
    ),
    "key type in capitals": Bad({"letsencrypt_key_type": "RSA"}, "letsencrypt_key_type"),
    "key type certbot does not know": Bad(
        {"letsencrypt_key_type": "ed25519"}, "letsencrypt_key_type"
    ),
    "string false for letsencrypt_reload_nginx": Bad(
        {"letsencrypt_reload_nginx": "false"}, "letsencrypt_reload_nginx"
    ),
}

GOOD: dict[str, Good] = {
    "several names, IDN, networks, headers with origins, static files": Good(
        {
            "nginx_server_names": ["api.example.com", "www.example.com", "xn--bcher-kva.example"],
            "nginx_metrics_allow": ["192.0.2.10", "10.0.0.0/8", "::1", "2001:db8::/32"],
            "nginx_rate_limit_exempt": ["127.0.0.1", "::1"],
            "nginx_rate_limit_strict_paths": ["/auth/login", "/auth/password-reset", "/"],
            "nginx_static_root": "/srv/app/static/",
            "nginx_static_location": "/assets/v1/",
            "nginx_static_expires": "max",
            "nginx_client_max_body_size": "10m",
            "nginx_proxy_read_timeout": "500ms",
            "nginx_referrer_policy": "no-referrer, strict-origin-when-cross-origin",
            "nginx_permissions_policy": (
                'geolocation=(self "https://maps.example.com"), camera=(), fullscreen=*'
            ),
            "nginx_content_security_policy": (
                "default-src 'self'; img-src 'self' data: https://cdn.example.com; "
                "frame-ancestors 'none';"
            ),
            "nginx_hsts_include_subdomains": True,
            "nginx_hsts_preload": True,
            "nginx_logrotate_extra_paths": ["/var/log/vpsforge-app/*.log", "/srv/app/logs/app.log"],
        }
    ),
    "a private ACME server with its CA, a certificate with more names": Good(
        {
            "nginx_server_names": ["api.example.com"],
            "letsencrypt_domains": ["api.example.com", "www.example.com"],
            "letsencrypt_cert_name": "api",
            "letsencrypt_server": "https://acme.example.test:14000/dir",
            "letsencrypt_ca_certificate": CA_PEM,
            "letsencrypt_webroot": "/srv/acme",
            "letsencrypt_key_type": "rsa",
            "letsencrypt_email": "",
        }
    ),
    "plain HTTP, an own certificate, no keepalive": Good(
        {
            "nginx_tls": False,
            "nginx_http_redirect": False,
            "nginx_tls_certificate": "/etc/ssl/certs/api.pem",
            "nginx_tls_certificate_key": "/etc/ssl/private/api.key",
            "nginx_upstream_keepalive": 0,
            "nginx_limit_conn": 0,
            "nginx_hsts_max_age": 0,
            # nginx reads a bare number as seconds (a string option takes a number).
            "nginx_proxy_read_timeout": 60,
            "letsencrypt_server": "staging",
        }
    ),
}
