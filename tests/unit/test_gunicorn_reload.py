"""The reload helper's systemd notifications (roles/fastapi_app/files/gunicorn_reload.py): what
it sends to the notification socket, with file descriptors, as systemd receives it."""

from __future__ import annotations

import os
import runpy
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HELPER = Path(__file__).resolve().parents[2] / "roles/fastapi_app/files/gunicorn_reload.py"


@pytest.fixture
def helper() -> dict[str, Any]:
    return runpy.run_path(str(HELPER), run_name="gunicorn_reload")


@pytest.fixture
def systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A datagram socket in systemd's place, named by NOTIFY_SOCKET."""
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(path)
        listener.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        yield listener


def test_a_listener_is_stored_with_its_descriptor_under_the_inode_name(
    helper: dict[str, Any], systemd: socket.socket, tmp_path: Path
) -> None:
    stored = tmp_path / "gunicorn.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listening:
        listening.bind(str(stored))
        listening.listen()
        name = helper["store_name"](stored.stat().st_ino)
        assert helper["sd_notify"](f"FDSTORE=1\nFDNAME={name}", [listening.fileno()]) is True
        message, fds, _, _ = socket.recv_fds(systemd, 1024, 4)
        try:
            assert message.decode() == f"FDSTORE=1\nFDNAME=fs-{stored.stat().st_ino}"
            assert len(fds) == 1
            # systemd's copy is the same listener: a connection made through the path waits on it.
            received = socket.socket(fileno=os.dup(fds[0]))
            with received, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.connect(str(stored))
                received.settimeout(5)
                accepted, _ = received.accept()
                accepted.close()
        finally:
            for fd in fds:
                os.close(fd)


def test_forgetting_a_listener_removes_it_by_name_and_nothing_else_is_sent(
    helper: dict[str, Any], systemd: socket.socket
) -> None:
    helper["forget_listener"](1234)
    message, fds, _, _ = socket.recv_fds(systemd, 1024, 4)
    assert (message.decode(), fds) == ("FDSTOREREMOVE=1\nFDNAME=fs-1234", [])
    helper["forget_listener"](None)
    systemd.settimeout(0.2)
    with pytest.raises(TimeoutError):
        systemd.recv(1024)


def test_without_a_notification_socket_nothing_is_sent_and_nothing_fails(
    helper: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert helper["sd_notify"]("FDSTOREREMOVE=1\nFDNAME=fs-1") is False
    helper["forget_listener"](1)  # the reload helper outside systemd: no error


def test_after_a_failed_reload_every_trial_listener_is_dropped_and_the_public_one_kept(
    helper: dict[str, Any], systemd: socket.socket, tmp_path: Path
) -> None:
    public = tmp_path / "gunicorn.sock"
    listeners = []
    for name in (".gunicorn-100.sock", ".gunicorn-200.sock", ".gunicorn-300.sock"):
        listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listening.bind(str(tmp_path / name))
        listeners.append(listening)
    os.link(tmp_path / ".gunicorn-100.sock", public)  # master 100 serves the public path
    trials = {(tmp_path / n).stat().st_ino for n in (".gunicorn-200.sock", ".gunicorn-300.sock")}
    try:
        helper["forget_trials"](public)
        removed = {systemd.recv(1024).decode() for _ in trials}
    finally:
        for listening in listeners:
            listening.close()
    assert removed == {f"FDSTOREREMOVE=1\nFDNAME=fs-{inode}" for inode in trials}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".gunicorn-100.sock",
        "gunicorn.sock",
        "notify",
    ]
