"""Logs: JSON lines with the request id, rotated daily, reopened with USR1 (no restart)."""

from __future__ import annotations

import json

import pytest
import testinfra.host
from edge import DOMAIN, curl

Host = testinfra.host.Host

pytestmark = pytest.mark.usefixtures("pebble_root")


def master_pid(host: Host) -> str:
    return host.run("systemctl show -p MainPID --value nginx.service").stdout.strip()


def test_access_log_is_json_with_request_id(host: Host, client: Host) -> None:
    curl(client, f"https://{DOMAIN}/health")
    line = host.run("tail -n 1 /var/log/nginx/app.access.log").stdout
    entry = json.loads(line)
    assert len(entry["request_id"]) == 32
    assert entry["host"] == DOMAIN
    assert entry["tls"] in {"TLSv1.2", "TLSv1.3"}


def test_logrotate_is_daily_and_compressed(host: Host) -> None:
    text = host.file("/etc/logrotate.d/nginx").content_string
    for word in ("daily", "compress", "rotate 14", "kill -USR1"):
        assert word in text
    commands = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in commands if "systemctl" in line or "invoke-rc.d" in line]


def test_rotation_reopens_logs_without_restarting_nginx(host: Host, client: Host) -> None:
    pid = master_pid(host)
    workers = host.run("pgrep -P " + pid).stdout.split()
    result = host.run("logrotate --force /etc/logrotate.d/nginx")
    assert result.rc == 0, result.stderr
    assert host.file("/var/log/nginx/app.access.log.1").exists
    curl(client, f"https://{DOMAIN}/health")
    assert json.loads(host.run("tail -n 1 /var/log/nginx/app.access.log").stdout)["status"] == 200
    assert master_pid(host) == pid  # not restarted
    assert host.run("pgrep -P " + pid).stdout.split() == workers  # not even reloaded
