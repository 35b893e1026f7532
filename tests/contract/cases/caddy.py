"""Bad and good input for the caddy role (edge: caddy) through playbooks/edge.yml."""

from __future__ import annotations

from tests.contract.cases import Bad, Good


def _caddy(names: str, message: str | None = None, **variables: object) -> Bad:
    """A case on a host whose edge is Caddy (the role is checked only there)."""
    return Bad({"edge": "caddy", **variables}, names, message)


BAD: dict[str, Bad] = {
    "no server name": _caddy("caddy_server_names", caddy_server_names=[]),
    "a server name with a space": _caddy(
        "caddy_server_names", caddy_server_names=["api .example.com"]
    ),
    "a server name twice": _caddy(
        "caddy_server_names", caddy_server_names=["api.example.com", "api.example.com"]
    ),
    "an ACME email without a domain": _caddy("caddy_acme_email", caddy_acme_email="ops@"),
    "an ACME directory over http": _caddy(
        "caddy_acme_directory", caddy_acme_directory="http://acme.example.com/dir"
    ),
    "an ACME CA that is no PEM": _caddy(
        "caddy_acme_ca_root", caddy_acme_ca_root="not a certificate"
    ),
    "a body size in nginx's units": _caddy("caddy_max_body_size", caddy_max_body_size="1m"),
    "a body size of zero": _caddy("caddy_max_body_size", caddy_max_body_size="0MB"),
    "a timeout in days": _caddy("caddy_timeout_idle", caddy_timeout_idle="1d"),
    "a quoted retention": _caddy("caddy_log_retention_days", caddy_log_retention_days="14"),
    "a header value with a quote": _caddy(
        "caddy_referrer_policy", caddy_referrer_policy='no-referrer" always'
    ),
    "a site name with a slash": _caddy("caddy_site_name", caddy_site_name="app/../x"),
    "the app's socket group Caddy is not in": Bad(
        {"edge": "caddy", "fastapi_app_socket_group": "nginx"},
        "fastapi_app_socket_group",
        "caddy user",
        with_roles=("caddy",),
    ),
    "an edge that does not exist": Bad(
        {"edge": "traefik"}, "edge", "nginx or caddy", playbook="edge.yml"
    ),
}

GOOD: dict[str, Good] = {
    "Caddy as the edge": Good({"edge": "caddy"}),
    "Caddy with a private ACME server": Good(
        {
            "edge": "caddy",
            "caddy_acme_directory": "https://acme.internal.example:14000/dir",
            "caddy_max_body_size": "10MiB",
            "caddy_renew_interval": "1h",
        }
    ),
}
