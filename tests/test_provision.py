"""playbooks/provision.yml and destroy.yml up to the providers' APIs, which this machine cannot
reach: the request plan mode shows for each host of an inventory, every bad input refused on
the controller before any call, and the first real call of each playbook, made to a stand-in
endpoint on loopback that records it and answers 401 as the providers do to a bad token. The
user-data itself boots a real VM in molecule/vm."""

from __future__ import annotations

import hashlib
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules

from tests.ansible_local import ROOT, env, tool

KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDqFJ02e7JOkBRZA8x4klf4amsvcbBwlWuwllRWXynFH"
    " tests@vpsforge"
)
TOKEN = "Tk9UQVJFQUxUT0tFTl9ub3RhcmVhbHRva2VuXzAxMjM0NTY3ODk"
TOKEN_VARS = ("HCLOUD_TOKEN", "DIGITALOCEAN_TOKEN", "DO_API_TOKEN", "DO_API_KEY", "DO_OAUTH_TOKEN")

# Every shape at once: a single host, a load balancer with a floating IP, app hosts on both
# providers, and the sshd role's port.
INVENTORY: dict[str, Any] = {
    "vps": {"hosts": {"api-1": {}}},
    "lb": {"hosts": {"lb-1": {"provision_floating_ip": True}}},
    "app": {
        "hosts": {
            "app-1": {"vpsforge_private_address": "10.0.0.3"},
            "app-2": {
                "provision_provider": "digitalocean",
                "provision_location": "ams3",
                "provision_debian": 13,
            },
        }
    },
    "all": {
        "vars": {
            "provision_root_ssh_keys": [KEY],
            "provision_project": "demo",
            "sshd_port": 2222,
        }
    },
}


class Recorder(ThreadingHTTPServer):
    """A provider API stand-in on 127.0.0.1: records each request, answers 401."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "authorization": self.headers.get("Authorization", ""),
                "body": self.rfile.read(length).decode() if length else "",
            }
        )
        body = json.dumps(
            {
                "error": {"code": "unauthorized", "message": "unable to authenticate"},
                "id": "Unauthorized",
                "message": "Unable to authenticate you",
            }
        ).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving() -> Iterator[Recorder]:
    server = Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def api() -> Iterator[Recorder]:
    with serving() as server:
        yield server


class Run:
    """One ansible-playbook run, its JSON report and everything it printed."""

    def __init__(self, report: dict[str, Any], output: str, rc: int) -> None:
        self.report, self.output, self.rc = report, output, rc

    def results(self, task: str) -> dict[str, dict[str, Any]]:
        """Each host's result of the task named ``task`` (the role's prefix left out)."""
        for play in self.report["plays"]:
            for entry in play["tasks"]:
                if entry["task"]["name"].split(" : ")[-1] == task:
                    return entry["hosts"]
        return {}

    def failures(self) -> dict[str, tuple[str, str]]:
        """Each failed host's task and message."""
        failed: dict[str, tuple[str, str]] = {}
        for play in self.report["plays"]:
            for entry in play["tasks"]:
                for host, result in entry["hosts"].items():
                    if result.get("failed") and host not in failed:
                        items = [
                            r.get("msg", "") for r in result.get("results", []) if r.get("failed")
                        ]
                        message = str(items[0] if items else result.get("msg", ""))
                        failed[host] = (entry["task"]["name"], message)
        return failed


def run(
    playbook: str,
    tmp_path: Path,
    inventory: dict[str, Any],
    extra: dict[str, Any] | None = None,
    tokens: dict[str, str] | None = None,
    limit: str | None = None,
) -> Run:
    (tmp_path / "hosts.yml").write_text(yaml.safe_dump(inventory))
    command = [tool("ansible-playbook"), "-i", str(tmp_path / "hosts.yml")]
    command += ["-e", json.dumps(extra or {}), str(ROOT / "playbooks" / playbook)]
    if limit:
        command += ["--limit", limit]
    environment = {k: v for k, v in env().items() if k not in TOKEN_VARS}
    environment |= {"ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json", **(tokens or {})}
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=300, check=False
    )
    start = done.stdout.find("{")
    assert start >= 0, done.stdout + done.stderr
    return Run(json.loads(done.stdout[start:]), done.stdout + done.stderr, done.returncode)


def plans(tmp_path: Path, inventory: dict[str, Any] = INVENTORY, **extra: object) -> Run:
    return run("provision.yml", tmp_path, inventory, {"provision_plan_only": True, **extra})


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    done = plans(tmp_path_factory.mktemp("plan"))
    assert done.rc == 0, done.failures() or done.output[-3000:]
    return {
        host: result["ansible_facts"]["provision_plan"]
        for host, result in done.results("Publish the request").items()
    }


# --- plan mode: the requests --------------------------------------------------------------


def test_plan_names_each_server_after_its_inventory_host_on_its_provider(
    plan: dict[str, dict[str, Any]],
) -> None:
    assert {host: p["provider"] for host, p in plan.items()} == {
        "api-1": "hcloud",
        "lb-1": "hcloud",
        "app-1": "hcloud",
        "app-2": "digitalocean",
    }
    assert all(p["name"] == host for host, p in plan.items())


def test_plan_picks_each_providers_debian_image_type_and_location(
    plan: dict[str, dict[str, Any]],
) -> None:
    assert (plan["api-1"]["image"], plan["api-1"]["server_type"], plan["api-1"]["location"]) == (
        "debian-12",
        "cx23",
        "fsn1",
    )
    assert (plan["app-2"]["image"], plan["app-2"]["server_type"], plan["app-2"]["location"]) == (
        "debian-13-x64",
        "s-1vcpu-2gb",
        "ams3",
    )


def test_plan_lets_ssh_in_on_22_and_the_sshd_port_and_the_web_in_only_on_web_hosts(
    plan: dict[str, dict[str, Any]],
) -> None:
    def ports(host: str) -> list[str]:
        rules = plan[host]["firewall"]["rules"]
        return [rule.get("port") or rule.get("ports") for rule in rules]

    assert ports("api-1") == ["22", "2222", "80", "443"]
    assert ports("lb-1") == ["22", "2222", "80", "443"]
    assert ports("app-1") == ["22", "2222"]
    assert ports("app-2") == ["22", "2222"]
    assert {r["direction"] for r in plan["api-1"]["firewall"]["rules"]} == {"in"}
    assert plan["api-1"]["firewall"]["name"] == "demo-web"
    assert plan["app-2"]["firewall"]["applies_to"] == ["vpsforge-demo-ssh"]


def test_plan_marks_every_resource_with_the_project_destroy_selects_by(
    plan: dict[str, dict[str, Any]],
) -> None:
    assert plan["api-1"]["labels"] == {
        "managed-by": "vpsforge",
        "vpsforge-project": "demo",
        "vpsforge-group": "vps",
    }
    assert plan["lb-1"]["labels"]["vpsforge-group"] == "lb"
    assert plan["app-2"]["tags"] == [
        "vpsforge",
        "vpsforge-demo",
        "vpsforge-demo-app",
        "vpsforge-demo-ssh",
    ]


def test_plan_puts_load_balanced_hosts_on_the_private_network_with_the_asked_address(
    plan: dict[str, dict[str, Any]],
) -> None:
    assert plan["api-1"]["private_network"] == {}
    assert plan["app-1"]["private_network"] == {
        "name": "demo",
        "ip_range": "10.0.0.0/16",
        "zone": "eu-central",
        "private_address": "10.0.0.3",
    }
    assert plan["app-2"]["private_network"]["name"] == "demo-ams3"
    assert plan["lb-1"]["floating_ip"] is True
    assert plan["api-1"]["floating_ip"] is False


def test_plan_sends_the_operators_key_by_its_md5_fingerprint(
    plan: dict[str, dict[str, Any]],
) -> None:
    # tests/unit/test_rules_access.py proves the filter prints what `ssh-keygen -E md5` does.
    assert rules.ssh_key_fingerprint(KEY).count(":") == 15
    assert all(p["ssh_keys"] == [rules.ssh_key_fingerprint(KEY)] for p in plan.values())


def test_plan_sends_the_user_data_the_user_data_entry_point_renders(tmp_path: Path) -> None:
    done = plans(tmp_path)
    for host, result in done.results("Render the first-boot user-data").items():
        user_data = result["ansible_facts"]["provision_user_data"]
        assert user_data.startswith("#cloud-config\n")
        config = yaml.safe_load(user_data)
        assert config["users"] == [
            {"name": "root", "lock_passwd": True, "ssh_authorized_keys": [KEY]}
        ]
        assert config["hostname"] == host
        plan = done.results("Publish the request")[host]["ansible_facts"]["provision_plan"]
        assert plan["user_data_sha256"] == hashlib.sha256(user_data.encode()).hexdigest()


def test_plan_needs_no_token_and_calls_nothing(api: Recorder, tmp_path: Path) -> None:
    done = plans(
        tmp_path, provision_hcloud_endpoint=api.url, provision_digitalocean_endpoint=api.url
    )
    assert done.rc == 0, done.failures()
    assert api.requests == []


# --- bad input: refused on the controller, before any call ---------------------------------

BAD: dict[str, tuple[dict[str, Any], str]] = {
    "unknown provider": ({"provision_provider": "aws"}, "provision_provider"),
    "project with a dot": ({"provision_project": "my.project"}, "provision_project"),
    "project in capitals": ({"provision_project": "Demo"}, "provision_project"),
    "project of 41 characters": ({"provision_project": "a" * 41}, "provision_project"),
    "server type with a space": ({"provision_server_type": "cx 23"}, "provision_server_type"),
    "location with a slash": ({"provision_location": "fsn1/a"}, "provision_location"),
    "private network where Hetzner has no zone": (
        {"provision_location": "xyz1", "provision_private_network": True},
        "provision_location",
    ),
    "Debian 11": ({"provision_debian": 11}, "provision_debian"),
    "Debian as a string": ({"provision_debian": "12"}, "provision_debian"),
    "no SSH port": ({"provision_ssh_ports": []}, "provision_ssh_ports"),
    "SSH port 0": ({"provision_ssh_ports": [22, 0]}, "provision_ssh_ports"),
    "firewall without 22 for the first run": (
        {"provision_ssh_ports": [2222]},
        "provision_ssh_ports",
    ),
    "public network range": (
        {"provision_private_network": True, "provision_private_network_range": "8.8.0.0/16"},
        "provision_private_network_range",
    ),
    "network range with host bits": (
        {"provision_private_network": True, "provision_private_network_range": "10.0.0.1/16"},
        "provision_private_network_range",
    ),
    "network range of /8": (
        {"provision_private_network": True, "provision_private_network_range": "10.0.0.0/8"},
        "provision_private_network_range",
    ),
    "network range without prefix": (
        {"provision_private_network": True, "provision_private_network_range": "10.0.0.0"},
        "provision_private_network_range",
    ),
    "private address outside the range": (
        {"provision_private_network": True, "vpsforge_private_address": "192.168.1.5"},
        "vpsforge_private_address",
    ),
    "private address on the gateway": (
        {"provision_private_network": True, "vpsforge_private_address": "10.0.0.1"},
        "vpsforge_private_address",
    ),
    "wait of 5 seconds": ({"provision_wait_timeout": 5}, "provision_wait_timeout"),
    "no root key": ({"provision_root_ssh_keys": []}, "provision_root_ssh_keys"),
    "a private key for a root key": (
        {"provision_root_ssh_keys": ["-----BEGIN OPENSSH PRIVATE KEY-----"]},
        "provision_root_ssh_keys",
    ),
    "host name with an underscore": ({"provision_hostname": "api_1"}, "provision_hostname"),
    "plain-http endpoint off loopback": (
        {"provision_hcloud_endpoint": "http://api.hetzner.cloud/v1"},
        "provision_hcloud_endpoint",
    ),
    "floating IP as a string": ({"provision_floating_ip": "yes"}, "provision_floating_ip"),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Recorder]]:
    """Every bad input at once, one host each (each host fails at its own check)."""
    with serving() as server:
        hosts = {
            f"bad-{index}": {
                "provision_root_ssh_keys": [KEY],
                "provision_hcloud_endpoint": server.url,
                **BAD[case][0],
            }
            for index, case in enumerate(sorted(BAD))
        }
        done = run(
            "provision.yml",
            tmp_path_factory.mktemp("bad"),
            {"vps": {"hosts": hosts}},
            tokens={"HCLOUD_TOKEN": TOKEN},
        )
        yield done, server


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_naming_the_variable_before_any_call(
    case: str, bad_run: tuple[Run, Recorder]
) -> None:
    done, api = bad_run
    names = BAD[case][1]
    assert done.rc != 0
    task, message = done.failures()[f"bad-{sorted(BAD).index(case)}"]
    assert "Check" in task or "Validating arguments" in task, (task, message)
    assert names in message, message
    assert api.requests == []
    assert TOKEN not in done.output


def test_one_bad_host_stops_every_host_before_any_call(api: Recorder, tmp_path: Path) -> None:
    good = {"provision_root_ssh_keys": [KEY], "provision_hcloud_endpoint": api.url}
    inventory = {"vps": {"hosts": {"api-1": good, "api-2": good | {"provision_debian": 10}}}}
    done = run("provision.yml", tmp_path, inventory, tokens={"HCLOUD_TOKEN": TOKEN})
    failures = done.failures()
    assert "provision_debian" in failures["api-2"][1]
    assert "api-2 failed the input check" in failures["api-1"][1]
    assert api.requests == []


def test_inventory_host_that_cannot_name_a_server_is_refused(tmp_path: Path) -> None:
    inventory = {"vps": {"hosts": {"api_1": {"provision_root_ssh_keys": [KEY]}}}}
    done = plans(tmp_path, inventory)
    assert "inventory host" in done.failures()["api_1"][1]


@pytest.mark.parametrize(
    ("provider", "variable", "environment"),
    [
        ("hcloud", "provision_hcloud_token", "HCLOUD_TOKEN"),
        ("digitalocean", "provision_digitalocean_token", "DIGITALOCEAN_TOKEN"),
    ],
)
def test_a_missing_token_is_refused_naming_the_variable_and_where_it_comes_from(
    provider: str, variable: str, environment: str, api: Recorder, tmp_path: Path
) -> None:
    host = {"provision_root_ssh_keys": [KEY], "provision_provider": provider}
    done = run("provision.yml", tmp_path, {"vps": {"hosts": {"api-1": host}}})
    message = done.failures()["api-1"][1]
    assert variable in message and environment in message, message


def test_a_token_pasted_with_a_newline_is_refused_and_never_printed(
    api: Recorder, tmp_path: Path
) -> None:
    host = {"provision_root_ssh_keys": [KEY], "provision_hcloud_endpoint": api.url}
    done = run(
        "provision.yml",
        tmp_path,
        {"vps": {"hosts": {"api-1": host}}},
        tokens={"HCLOUD_TOKEN": TOKEN + "\n" + TOKEN},
    )
    assert "provision_hcloud_token" in done.failures()["api-1"][1]
    assert TOKEN not in done.output
    assert api.requests == []


# --- the first real call, to the stand-in --------------------------------------------------


def test_hetzner_provision_calls_the_api_with_the_token_and_prints_it_nowhere(
    api: Recorder, tmp_path: Path
) -> None:
    host = {"provision_root_ssh_keys": [KEY], "provision_hcloud_endpoint": api.url}
    done = run(
        "provision.yml",
        tmp_path,
        {"vps": {"hosts": {"api-1": host}}},
        tokens={"HCLOUD_TOKEN": TOKEN},
    )
    assert done.rc != 0
    assert api.requests, done.output[-3000:]
    first = api.requests[0]
    assert first["method"] == "GET"
    assert first["path"].startswith("/ssh_keys"), first["path"]
    assert first["authorization"] == f"Bearer {TOKEN}"
    assert "unable to authenticate" in done.failures()["api-1"][1]
    assert TOKEN not in done.output


def test_digitalocean_provision_calls_the_api_with_the_token_and_prints_it_nowhere(
    api: Recorder, tmp_path: Path
) -> None:
    host = {
        "provision_root_ssh_keys": [KEY],
        "provision_provider": "digitalocean",
        "provision_digitalocean_endpoint": api.url,
    }
    done = run(
        "provision.yml",
        tmp_path,
        {"vps": {"hosts": {"api-1": host}}},
        tokens={"DIGITALOCEAN_TOKEN": TOKEN},
    )
    assert done.rc != 0
    assert api.requests, done.output[-3000:]
    # The modules' helper asks for the account first, the SSH keys' module its keys.
    assert api.requests[0]["path"] in ("/account", "/account/keys"), api.requests[0]
    assert {r["authorization"] for r in api.requests} == {f"Bearer {TOKEN}"}
    assert "verify validity of API token" in done.failures()["api-1"][1]
    assert TOKEN not in done.output


# --- destroy -------------------------------------------------------------------------------


@pytest.mark.parametrize("confirm", [None, "", "vpsforge", "Demo"])
def test_destroy_deletes_nothing_without_the_project_name_as_confirmation(
    confirm: str | None, api: Recorder, tmp_path: Path
) -> None:
    host = {"provision_project": "demo", "provision_hcloud_endpoint": api.url}
    extra = {} if confirm is None else {"provision_destroy_confirm": confirm}
    done = run(
        "destroy.yml",
        tmp_path,
        {"vps": {"hosts": {"api-1": host}}},
        extra,
        tokens={"HCLOUD_TOKEN": TOKEN},
    )
    assert "provision_destroy_confirm" in done.failures()["api-1"][1]
    assert api.requests == []


@pytest.mark.parametrize(
    ("provider", "first_path"),
    [("hcloud", "/servers?name=api-1"), ("digitalocean", "/account")],
)
def test_destroy_confirmed_calls_the_api_to_look_the_server_up(
    provider: str, first_path: str, api: Recorder, tmp_path: Path
) -> None:
    host = {
        "provision_project": "demo",
        "provision_provider": provider,
        "provision_hcloud_endpoint": api.url,
        "provision_digitalocean_endpoint": api.url,
    }
    done = run(
        "destroy.yml",
        tmp_path,
        {"vps": {"hosts": {"api-1": host}}},
        {"provision_destroy_confirm": "demo"},
        tokens={"HCLOUD_TOKEN": TOKEN, "DIGITALOCEAN_TOKEN": TOKEN},
    )
    assert api.requests, done.output[-3000:]
    assert api.requests[0]["path"].startswith(first_path), api.requests[0]
    assert TOKEN not in done.output


# --- the dynamic inventory examples --------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "plugin"),
    [
        ("hcloud.yml", "hetzner.hcloud.hcloud"),
        ("digitalocean.yml", "community.digitalocean.digitalocean"),
    ],
)
def test_dynamic_inventory_example_sets_only_the_plugins_documented_options(
    example: str, plugin: str
) -> None:
    config = yaml.safe_load((ROOT / "inventories" / "production" / example).read_text())
    doc = subprocess.run(
        [tool("ansible-doc"), "-t", "inventory", "--json", plugin],
        capture_output=True,
        text=True,
        env=env(),
        check=True,
    )
    options = json.loads(doc.stdout)[plugin]["doc"]["options"]
    assert config["plugin"] == plugin
    assert set(config) <= set(options), set(config) - set(options)


@pytest.mark.parametrize(
    ("example", "selects"),
    [
        # Hetzner's plugin reads the locations first: a 401 there ends it before the servers.
        ("hcloud.yml", "/locations"),
        ("digitalocean.yml", "/droplets?per_page="),
    ],
)
def test_dynamic_inventory_example_calls_the_api_with_the_token_from_the_environment(
    example: str, selects: str, api: Recorder, tmp_path: Path
) -> None:
    config = yaml.safe_load((ROOT / "inventories" / "production" / example).read_text())
    # Pointed at the stand-in: Hetzner's plugin by its environment, DigitalOcean's by baseurl.
    config |= {"baseurl": api.url} if example == "digitalocean.yml" else {}
    (tmp_path / example).write_text(yaml.safe_dump(config))
    environment = {k: v for k, v in env().items() if k not in TOKEN_VARS}
    environment |= {"HCLOUD_TOKEN": TOKEN, "DIGITALOCEAN_TOKEN": TOKEN, "HCLOUD_ENDPOINT": api.url}
    done = subprocess.run(
        [tool("ansible-inventory"), "-i", str(tmp_path / example), "--list"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert api.requests, done.stdout + done.stderr
    assert api.requests[0]["path"].startswith(selects), api.requests[0]
    assert api.requests[0]["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in done.stdout + done.stderr


def test_dynamic_inventory_examples_select_what_provision_marks_for_the_default_project(
    plan: dict[str, dict[str, Any]],
) -> None:
    hcloud = yaml.safe_load((ROOT / "inventories" / "production" / "hcloud.yml").read_text())
    do = yaml.safe_load((ROOT / "inventories" / "production" / "digitalocean.yml").read_text())
    labels = {"managed-by": "vpsforge", "vpsforge-project": "vpsforge"}
    assert hcloud["label_selector"] == ",".join(f"{k}={v}" for k, v in labels.items())
    assert hcloud["keyed_groups"][0]["key"] == "hcloud_labels['vpsforge-group']"
    # The plan's project is "demo": its tags have the same shape.
    assert "vpsforge-demo" in plan["app-2"]["tags"]
    assert do["filters"] == ["'vpsforge-vpsforge' in do_tags"]
