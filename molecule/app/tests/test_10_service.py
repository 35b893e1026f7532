"""After converge: the app serves through its socket, as its own user, under a tight sandbox."""

from __future__ import annotations

import re
from collections.abc import Callable

import testinfra.host
from app_scenario import NAME, SOCKET, UNIT, main_pid

Host = testinfra.host.Host


def test_unit_is_enabled_and_active(host: Host) -> None:
    service = host.service(UNIT)
    assert service.is_enabled
    assert service.is_running


def test_master_and_workers_run_as_the_app_user(host: Host, run_ok: Callable[..., str]) -> None:
    master = main_pid(host)
    users = run_ok(f"ps -o user= --pid {master} --ppid {master}").split()
    assert users and set(users) == {NAME}


def test_workers_default_to_twice_the_cpus_plus_one(host: Host, run_ok: Callable[..., str]) -> None:
    cpus = int(run_ok("nproc").strip())
    workers = run_ok(f"pgrep -P {main_pid(host)}").split()
    assert len(workers) == 2 * cpus + 1


def test_app_answers_through_the_socket_for_the_socket_group(run_ok: Callable[..., str]) -> None:
    ready = run_ok(
        f"runuser -u www-data -- curl -sS --fail --unix-socket {SOCKET} http://app/health/ready"
    )
    assert '"ready"' in ready
    version = run_ok(f"runuser -u www-data -- curl -sS --unix-socket {SOCKET} http://app/version")
    assert '"version":"1.0.0"' in version


def test_socket_refuses_everyone_else(host: Host) -> None:
    probe = f"import socket; socket.socket(socket.AF_UNIX).connect({SOCKET!r})"
    result = host.run(f'runuser -u nobody -- python3 -c "{probe}"')
    assert result.rc != 0
    assert "PermissionError" in result.stderr, result.stderr


def test_socket_and_its_directory_belong_to_the_app_and_the_socket_group(host: Host) -> None:
    directory = host.file(f"/run/{NAME}")
    assert (directory.user, directory.group, directory.mode) == (NAME, "www-data", 0o2750)
    socket = host.file(SOCKET)
    assert socket.is_socket
    assert (socket.user, socket.group, socket.mode) == (NAME, "www-data", 0o660)


def test_env_file_is_root_owned_and_readable_by_the_app_group_only(host: Host) -> None:
    env = host.file(f"/etc/{NAME}/app.env")
    assert (env.user, env.group, env.mode) == ("root", NAME, 0o640)
    assert host.file(f"/etc/{NAME}").mode == 0o750
    assert host.run(f"runuser -u www-data -- cat /etc/{NAME}/app.env").rc != 0


def test_app_gets_the_secret_byte_for_byte(host: Host, secret_key: str) -> None:
    environ = host.file(f"/proc/{main_pid(host)}/environ").content.split(b"\0")
    assert f"SECRET_KEY={secret_key}".encode() in environ


def test_code_is_not_writable_by_the_app_user(host: Host) -> None:
    for path in (f"/opt/{NAME}/current/", f"/opt/{NAME}/current/venv/lib", f"/etc/{NAME}"):
        assert host.run(f"runuser -u {NAME} -- test -w {path}").rc != 0, path
    assert host.run(f"runuser -u {NAME} -- touch /opt/{NAME}/current/x").rc != 0


def test_state_directory_is_the_apps_and_holds_its_database(host: Host) -> None:
    state = host.file(f"/var/lib/{NAME}")
    assert (state.user, state.mode) == (NAME, 0o750)
    assert host.file(f"/var/lib/{NAME}/app.db").user == NAME


def test_app_user_cannot_log_in(host: Host) -> None:
    assert host.user(NAME).shell == "/usr/sbin/nologin"


def test_unit_passes_systemd_analyze_verify(run_ok: Callable[..., str]) -> None:
    run_ok(f"systemd-analyze verify /etc/systemd/system/{UNIT}")


def test_exposure_score_is_at_most_2(run_ok: Callable[..., str]) -> None:
    report = run_ok(f"systemd-analyze security --no-pager {UNIT}")
    score = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", report).group(1))
    print(f"\nsystemd-analyze security {UNIT}: {score}")
    assert score <= 2.0, report


def test_logs_go_to_the_journal_as_json(run_ok: Callable[..., str]) -> None:
    lines = run_ok(f"journalctl -u {UNIT} -o cat --no-pager -n 200").splitlines()
    assert any(line.startswith("{") and '"request_id"' in line for line in lines)
