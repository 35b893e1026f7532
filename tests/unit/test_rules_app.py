"""The rules the fastapi_app role added to plugins/plugin_utils/rules.py (git remotes, paths
inside a source tree) and the redaction its messages rely on."""

from __future__ import annotations

import pytest
from ansible_collections.vpsforge.fastapi.plugins.plugin_utils import rules


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/example/api.git",
        "https://git.example.com:8443/team/api",
        "ssh://git@git.example.com/team/api.git",
        "ssh://git@git.example.com:2222/team/api.git",
        "git://git.example.com/api.git",
        "file:///srv/git/app.git",
        "git@github.com:example/api.git",
        "github.com:example/api.git",
        "deploy@10.0.0.5:/srv/git/api.git",
        "https://[2001:db8::1]/api.git",
    ],
)
def test_git_url_accepts_the_remotes_git_reads(url: str) -> None:
    assert rules.is_git_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "github.com/example/api.git",  # no scheme and no colon: a local path
        "/srv/git/app.git",
        "http://github.com/example/api.git",  # plain http
        "ftp://example.com/api.git",
        "ext::sh -c touch% /tmp/pwned",  # git's ext transport runs a command
        "https://github.com",  # no repository path
        "https://github.com/",
        "ssh://-oProxyCommand=touch%20x/api.git",  # an ssh option as the host
        "ssh://-oProxyCommand=x@host.example/api.git",  # ... or as the user
        "-oProxyCommand=x:api.git",
        "git@host.example:-u.git",  # an option as the path
        "git@host.example:a b.git",
        "https://github.com/example/api.git\n",
        "https://github.com/'example'/api.git",
        "ssh://git:secret@git.example.com/api.git",  # a password for ssh
        "git://user:token@git.example.com/api.git",
        "user:token@github.com:example/api.git",  # scp form: host "user", path with a token
        "https://user:token@github.com/example/api.git",  # credentials, not allowed here
        None,
        3,
        ["https://github.com/example/api.git"],
    ],
)
def test_git_url_refuses_everything_else(url: object) -> None:
    assert not rules.is_git_url(url)


def test_git_url_takes_a_token_in_https_only_when_allowed() -> None:
    url = "https://user:token@github.com/example/api.git"
    assert rules.is_git_url(url, credentials=True)
    assert rules.is_git_url("https://token@github.com/example/api.git", credentials=True)
    assert not rules.is_git_url("git://user:token@h.example/api.git", credentials=True)
    assert not rules.is_git_url("ssh://git:pw@h.example/api.git", credentials=True)


@pytest.mark.parametrize(
    "path",
    ["requirements.lock", "deploy/requirements.lock", "gunicorn.conf.py", ".config/x.py", "a-b_c"],
)
def test_relative_path_accepts_a_file_below_the_base(path: str) -> None:
    assert rules.is_relative_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "",
        ".",
        "..",
        "../secrets.lock",
        "a/../../b",
        "a/./b",
        "a//b",
        "a/",
        "/etc/passwd",
        "req lock.txt",
        "req\n.lock",
        'a"b',
        "a'b",
        "a;b",
        "$HOME/x",
        None,
        5,
    ],
)
def test_relative_path_refuses_escapes_and_odd_characters(path: object) -> None:
    assert not rules.is_relative_path(path)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("https://u:tok@h.example:99999/x", "https://***@h.example:99999/x"),  # bad port
        ("https:/u:tok@h.example/x", "https:/***@h.example/x"),  # one slash
        ("https:/tok@h.example/x", "https:/***@h.example/x"),
        ("u:tok@h.example:org/x.git", "***@h.example:org/x.git"),
        ("https://u:tok@[::1/x", "https://***@[::1/x"),  # unbalanced bracket
        ("git@github.com:o/r.git", "git@github.com:o/r.git"),
        ("https://h.example/x?e=a@b", "https://h.example/x?e=a@b"),
        ("file:///srv/git/app.git", "file:///srv/git/app.git"),
        ("", ""),
    ],
)
def test_redact_url_hides_credentials_in_malformed_urls_too(value: str, shown: str) -> None:
    assert rules.redact_url(value) == shown
    assert "tok" not in str(rules.redact_url(value))
