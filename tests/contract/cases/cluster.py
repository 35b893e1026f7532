"""The load-balanced shape (`lb` and `app` groups): the inventory's shape, the private addresses,
the shared database, and the example inventory. Each case is an inventory of its own under
tests/contract/cluster/ (the single-host baseline in its group_vars)."""

from __future__ import annotations

from tests.contract.cases import CANARY, Bad, Good

_DIR = "tests/contract/cluster"
_SHARED_DB = {
    "fastapi_app_secrets": {
        "SECRET_KEY": CANARY,
        "DATABASE_URL": f"postgresql://app:{CANARY}@10.0.0.5/app",
    }
}


def _bad(inventory: str, names: str, message: str | None = None, **variables: object) -> Bad:
    return Bad(
        dict(variables), names, message, playbook="site.yml", inventory=f"{_DIR}/{inventory}.yml"
    )


BAD: dict[str, Bad] = {
    "an app host without a private address": _bad(
        "no_private_address", "vpsforge_private_address of host app-2", "is not set"
    ),
    "a public address as the private one": _bad(
        "public_address", "vpsforge_private_address of host app-1", "public address"
    ),
    "two hosts with one private address": _bad(
        "shared_address", "vpsforge_private_address", "also belongs to another host"
    ),
    "a load balancer with no app host": _bad("lb_without_app", "`app` group", "none"),
    "app hosts with no load balancer": _bad("app_without_lb", "`lb` group", "none"),
    "a host both a single VPS and a load balancer": _bad("vps_and_lb", "`vps` group", "box-1"),
    "two app hosts on the default SQLite database": _bad(
        "two_apps_sqlite", "DATABASE_URL", "SQLite file on each host"
    ),
    "two app hosts on a SQLite URL": _bad(
        "two_apps_sqlite",
        "DATABASE_URL",
        "sqlite",
        fastapi_app_secrets={"SECRET_KEY": CANARY, "DATABASE_URL": "sqlite:////srv/app.db"},
    ),
    "a public address to listen on": _bad(
        "good",
        "fastapi_app_listen_address",
        "public address",
        fastapi_app_listen_address="95.216.1.10",
    ),
    "the wildcard address to listen on": _bad(
        "good",
        "fastapi_app_listen_address",
        "other hosts can reach",
        fastapi_app_listen_address="0.0.0.0",
    ),
    "the app port on the SSH port": _bad(
        "good", "fastapi_app_listen_port", "SSH port", fastapi_app_listen_port=2222
    ),
    "the app port below 1024": _bad("good", "fastapi_app_listen_port", fastapi_app_listen_port=443),
    "an upstream that is no address:port": _bad(
        "good", "nginx_upstream_servers", nginx_upstream_servers=["10.0.0.3"]
    ),
    "passive checks off the scale": _bad(
        "good", "nginx_upstream_max_fails", nginx_upstream_max_fails=1000
    ),
    "a Caddy upstream that is no address:port": _bad(
        "good", "caddy_upstream_servers", edge="caddy", caddy_upstream_servers=["10.0.0.3"]
    ),
    "a Caddy upstream listed twice": _bad(
        "good",
        "caddy_upstream_servers",
        "twice",
        edge="caddy",
        caddy_upstream_servers=["10.0.0.3:8000", "10.0.0.3:8000"],
    ),
    "Caddy's passive checks off": _bad(
        "good", "caddy_upstream_max_fails", edge="caddy", caddy_upstream_max_fails=0
    ),
    "Caddy's retry window without a unit": _bad(
        "good", "caddy_upstream_try_duration", edge="caddy", caddy_upstream_try_duration="5"
    ),
    "the app port opened to everyone": _bad(
        "good", "firewall_app_allow_from", "every source", firewall_app_allow_from=[]
    ),
}

GOOD: dict[str, Good] = {
    "one load balancer, two app hosts, one shared database": Good(inventory=f"{_DIR}/good.yml"),
    "a Caddy load balancer in front of two app hosts": Good(
        {"edge": "caddy"}, inventory=f"{_DIR}/good.yml"
    ),
    "the production example inventory, load-balanced, with its vault secrets": Good(
        _SHARED_DB, inventory="inventories/production/cluster.yml"
    ),
}
