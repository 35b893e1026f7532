"""Bad and good input for the app roles (fastapi_app, python) through playbooks/deploy.yml."""

from __future__ import annotations

from tests.contract.cases import Bad, Good
from tests.contract.contract import ROOT

# A token that must never be printed, wherever it appears in the input.
TOKEN = "tok-7Hq2Lx9Vw4Rz"
REPO_WITH_TOKEN = f"https://deploy:{TOKEN}@git.example.com/team/api.git"
INDEX_WITH_TOKEN = f"https://ci:{TOKEN}@pypi.example.com/simple"
# The checkout itself, as a git repository the host (this machine) can list refs of.
THIS_REPO = f"file://{ROOT}"
# A ref-format-valid branch that no repository has.
NO_SUCH_REF = "no-such-ref-8d1f"

_GIT = {"fastapi_app_source": "git", "fastapi_app_git_repo": THIS_REPO}

BAD: dict[str, Bad] = {
    # --- the name: unit, user, group, directories ---------------------------------------------
    "name with upper case": Bad({"fastapi_app_name": "MyApp"}, "fastapi_app_name"),
    "name with an underscore": Bad({"fastapi_app_name": "my_app"}, "fastapi_app_name"),
    "name starting with a dash": Bad({"fastapi_app_name": "-app"}, "fastapi_app_name"),
    "name with a slash (a path)": Bad({"fastapi_app_name": "app/../etc"}, "fastapi_app_name"),
    "name of 40 characters": Bad({"fastapi_app_name": "a" * 40}, "fastapi_app_name"),
    "empty name": Bad({"fastapi_app_name": ""}, "fastapi_app_name"),
    "name ssh (would replace ssh.service: a lockout)": Bad(
        {"fastapi_app_name": "ssh"}, "fastapi_app_name", message="system account"
    ),
    "name sshd": Bad({"fastapi_app_name": "sshd"}, "fastapi_app_name"),
    "name root": Bad({"fastapi_app_name": "root"}, "fastapi_app_name"),
    "name www-data": Bad({"fastapi_app_name": "www-data"}, "fastapi_app_name"),
    "name nobody": Bad({"fastapi_app_name": "nobody"}, "fastapi_app_name"),
    "name nginx (installed later by edge.yml)": Bad(
        {"fastapi_app_name": "nginx"}, "fastapi_app_name"
    ),
    "name nftables": Bad({"fastapi_app_name": "nftables"}, "fastapi_app_name"),
    "name certbot": Bad({"fastapi_app_name": "certbot"}, "fastapi_app_name"),
    "name cron": Bad({"fastapi_app_name": "cron"}, "fastapi_app_name"),
    "name dbus": Bad({"fastapi_app_name": "dbus"}, "fastapi_app_name"),
    "name systemd-journald": Bad({"fastapi_app_name": "systemd-journald"}, "fastapi_app_name"),
    "name of an existing unit (apt-daily.service)": Bad(
        {"fastapi_app_name": "apt-daily"}, "fastapi_app_name", message="did not create"
    ),
    "name of an existing /etc directory (/etc/alternatives)": Bad(
        {"fastapi_app_name": "alternatives"}, "fastapi_app_name", message="/etc/alternatives"
    ),
    "name as a list": Bad({"fastapi_app_name": ["app"]}, "fastapi_app_name"),
    # --- the socket group ---------------------------------------------------------------------
    "socket group root": Bad({"fastapi_app_socket_group": "root"}, "fastapi_app_socket_group"),
    "socket group sudo": Bad({"fastapi_app_socket_group": "sudo"}, "fastapi_app_socket_group"),
    "socket group adm": Bad({"fastapi_app_socket_group": "adm"}, "fastapi_app_socket_group"),
    "socket group shadow": Bad({"fastapi_app_socket_group": "shadow"}, "fastapi_app_socket_group"),
    "socket group disk": Bad({"fastapi_app_socket_group": "disk"}, "fastapi_app_socket_group"),
    "socket group docker": Bad({"fastapi_app_socket_group": "docker"}, "fastapi_app_socket_group"),
    "socket group is the app's own group (reads its secrets)": Bad(
        {"fastapi_app_socket_group": "vpsforge-app"}, "fastapi_app_socket_group"
    ),
    "socket group with a space": Bad(
        {"fastapi_app_socket_group": "www data"}, "fastapi_app_socket_group"
    ),
    "socket group as YAML no (a boolean)": Bad(
        {"fastapi_app_socket_group": False}, "fastapi_app_socket_group"
    ),
    # --- module -------------------------------------------------------------------------------
    "app module without an attribute": Bad(
        {"fastapi_app_module": "vpsforge_app.main"},
        "fastapi_app_module",
        message="must be module:attribute",
    ),
    "app module with a space": Bad({"fastapi_app_module": "app main:app"}, "fastapi_app_module"),
    "app module as a path": Bad({"fastapi_app_module": "src/app.py:app"}, "fastapi_app_module"),
    # --- the source ---------------------------------------------------------------------------
    "unknown source": Bad({"fastapi_app_source": "svn"}, "fastapi_app_source"),
    "git source without a repository": Bad(
        {"fastapi_app_source": "git", "fastapi_app_git_repo": ""}, "fastapi_app_git_repo"
    ),
    "wheel source without a wheel": Bad({"fastapi_app_source": "wheel"}, "fastapi_app_wheel"),
    "relative source path": Bad({"fastapi_app_source_path": "app"}, "fastapi_app_source_path"),
    "source path with ..": Bad(
        {"fastapi_app_source_path": f"{ROOT}/app/../app"}, "fastapi_app_source_path"
    ),
    "source path that does not exist": Bad(
        {"fastapi_app_source_path": "/nonexistent/app"}, "fastapi_app_source_path"
    ),
    "source excludes as a string": Bad(
        {"fastapi_app_source_exclude": ".git"}, "fastapi_app_source_exclude"
    ),
    "source excludes everything": Bad(
        {"fastapi_app_source_exclude": [".git", "*"]}, "fastapi_app_source_exclude"
    ),
    "empty exclude pattern": Bad(
        {"fastapi_app_source_exclude": [""]}, "fastapi_app_source_exclude"
    ),
    "requirements outside the source": Bad(
        {"fastapi_app_requirements": "../requirements.lock"}, "fastapi_app_requirements"
    ),
    "requirements that do not exist": Bad(
        {"fastapi_app_requirements": "no-such.lock"}, "fastapi_app_requirements"
    ),
    "empty requirements": Bad({"fastapi_app_requirements": ""}, "fastapi_app_requirements"),
    "build requirements with a quote": Bad(
        {"fastapi_app_build_requirements": "req'build.lock"}, "fastapi_app_build_requirements"
    ),
    "gunicorn config escaping the checkout": Bad(
        {**_GIT, "fastapi_app_git_ref": "HEAD", "fastapi_app_gunicorn_config": "/etc/passwd"},
        "fastapi_app_gunicorn_config",
    ),
    "wheel that is not a .whl or sdist": Bad(
        {"fastapi_app_source": "wheel", "fastapi_app_wheel": "/tmp/app.zip"}, "fastapi_app_wheel"
    ),
    "wheel that does not exist": Bad(
        {
            "fastapi_app_source": "wheel",
            "fastapi_app_wheel": "/nonexistent/app-1.0-py3-none-any.whl",
        },
        "fastapi_app_wheel",
    ),
    # --- git ----------------------------------------------------------------------------------
    "git repository over plain http": Bad(
        {**_GIT, "fastapi_app_git_repo": "http://git.example.com/api.git"}, "fastapi_app_git_repo"
    ),
    "git repository as a bare path": Bad(
        {**_GIT, "fastapi_app_git_repo": "/srv/git/app.git"}, "fastapi_app_git_repo"
    ),
    "git repository through git's ext transport (runs a command)": Bad(
        {**_GIT, "fastapi_app_git_repo": "ext::sh -c touch% /tmp/pwned"}, "fastapi_app_git_repo"
    ),
    "git repository with an ssh option as host": Bad(
        {**_GIT, "fastapi_app_git_repo": "ssh://-oProxyCommand=id/api.git"},
        "fastapi_app_git_repo",
    ),
    "git repository with a token, misspelt scheme: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": f"htps://deploy:{TOKEN}@git.example.com/team/api.git"},
        "fastapi_app_git_repo",
        secrets=(TOKEN,),
    ),
    "git repository with a token, one slash: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": f"https:/deploy:{TOKEN}@git.example.com/team/api.git"},
        "fastapi_app_git_repo",
        secrets=(TOKEN,),
    ),
    "git repository with a token and a bad port: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": f"https://deploy:{TOKEN}@git.example.com:99999/api.git"},
        "fastapi_app_git_repo",
        secrets=(TOKEN,),
    ),
    "git repository with a token over git://: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": f"git://deploy:{TOKEN}@git.example.com/api.git"},
        "fastapi_app_git_repo",
        secrets=(TOKEN,),
    ),
    "git repository with a token that cannot be reached: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": f"https://deploy:{TOKEN}@127.0.0.1:9/team/api.git"},
        "fastapi_app_git_ref",
        secrets=(TOKEN,),
    ),
    "git repository as a list holding a token: token not printed": Bad(
        {**_GIT, "fastapi_app_git_repo": [REPO_WITH_TOKEN]},
        "fastapi_app_git_repo",
        secrets=(TOKEN,),
    ),
    "git ref that does not exist": Bad(
        {**_GIT, "fastapi_app_git_ref": NO_SUCH_REF},
        "fastapi_app_git_ref",
        message=f"'{NO_SUCH_REF}' is not a branch or tag of {THIS_REPO}",
    ),
    "git ref in a repository that does not exist": Bad(
        {**_GIT, "fastapi_app_git_repo": "file:///nonexistent/app.git"}, "fastapi_app_git_ref"
    ),
    "git ref that is an option": Bad(
        {**_GIT, "fastapi_app_git_ref": "--upload-pack=touch /tmp/x"}, "fastapi_app_git_ref"
    ),
    "git ref with ..": Bad({**_GIT, "fastapi_app_git_ref": "main..dev"}, "fastapi_app_git_ref"),
    "git ref with a space": Bad({**_GIT, "fastapi_app_git_ref": "v1 .2"}, "fastapi_app_git_ref"),
    "empty git ref": Bad({**_GIT, "fastapi_app_git_ref": ""}, "fastapi_app_git_ref"),
    "git ref as a number": Bad({**_GIT, "fastapi_app_git_ref": 1.10}, "fastapi_app_git_ref"),
    # --- how it is installed ------------------------------------------------------------------
    "unknown install mode": Bad(
        {"fastapi_app_install_mode": "conda"},
        "fastapi_app_install_mode",
        message="must be one of: index, wheelhouse",
    ),
    "wheelhouse without a build lock": Bad(
        {"fastapi_app_install_mode": "wheelhouse", "fastapi_app_build_requirements": ""},
        "fastapi_app_build_requirements",
    ),
    "pip index that is not a URL": Bad(
        {"fastapi_app_pip_index_url": "pypi.example.com/simple"}, "fastapi_app_pip_index_url"
    ),
    "pip index with a token over http: token not printed": Bad(
        {"fastapi_app_pip_index_url": f"http://ci:{TOKEN}@pypi.example.com/simple"},
        "fastapi_app_pip_index_url",
        secrets=(TOKEN,),
    ),
    "pip index with a token and a space: token not printed": Bad(
        {"fastapi_app_pip_index_url": f"https://ci:{TOKEN}@pypi.example.com/my simple"},
        "fastapi_app_pip_index_url",
        secrets=(TOKEN,),
    ),
    "pip index with a token and a bad port: token not printed": Bad(
        {"fastapi_app_pip_index_url": f"https://ci:{TOKEN}@pypi.example.com:0/simple"},
        "fastapi_app_pip_index_url",
        secrets=(TOKEN,),
    ),
    "pip index as a mapping holding a token: token not printed": Bad(
        {"fastapi_app_pip_index_url": {"url": INDEX_WITH_TOKEN}},
        "fastapi_app_pip_index_url",
        secrets=(TOKEN,),
    ),
    "relative controller cache": Bad(
        {"fastapi_app_controller_cache": "cache"}, "fastapi_app_controller_cache"
    ),
    "controller cache in /etc": Bad(
        {"fastapi_app_controller_cache": "/etc/vpsforge"}, "fastapi_app_controller_cache"
    ),
    "relative interpreter": Bad({"fastapi_app_python": "python3"}, "fastapi_app_python"),
    "interpreter with a space": Bad(
        {"fastapi_app_python": "/usr/bin/python3 -I"}, "fastapi_app_python"
    ),
    # --- numbers ------------------------------------------------------------------------------
    "zero workers": Bad({"fastapi_app_workers": 0}, "fastapi_app_workers", message="must be 1-256"),
    "1000 workers": Bad({"fastapi_app_workers": 1000}, "fastapi_app_workers"),
    "workers as a string": Bad({"fastapi_app_workers": "4"}, "fastapi_app_workers"),
    "workers as a boolean": Bad({"fastapi_app_workers": True}, "fastapi_app_workers"),
    "keep one release": Bad({"fastapi_app_releases_keep": 1}, "fastapi_app_releases_keep"),
    "keep releases as a string": Bad(
        {"fastapi_app_releases_keep": "5"}, "fastapi_app_releases_keep"
    ),
    "zero graceful timeout": Bad(
        {"fastapi_app_graceful_timeout": 0}, "fastapi_app_graceful_timeout"
    ),
    "graceful timeout of an hour": Bad(
        {"fastapi_app_graceful_timeout": 3600}, "fastapi_app_graceful_timeout"
    ),
    "graceful timeout as a time span string": Bad(
        {"fastapi_app_graceful_timeout": "30s"}, "fastapi_app_graceful_timeout"
    ),
    "health timeout of 1 second": Bad(
        {"fastapi_app_health_timeout": 1}, "fastapi_app_health_timeout"
    ),
    "health timeout as a float": Bad(
        {"fastapi_app_health_timeout": 60.5}, "fastapi_app_health_timeout"
    ),
    "negative max requests": Bad({"fastapi_app_max_requests": -1}, "fastapi_app_max_requests"),
    "prometheus switch as the string false": Bad(
        {"fastapi_app_prometheus_multiproc": "false"}, "fastapi_app_prometheus_multiproc"
    ),
    "prometheus switch as yes": Bad(
        {"fastapi_app_prometheus_multiproc": "yes"}, "fastapi_app_prometheus_multiproc"
    ),
    # --- runtime ------------------------------------------------------------------------------
    "health path without a slash": Bad(
        {"fastapi_app_health_path": "health/ready"}, "fastapi_app_health_path"
    ),
    "health path with a space": Bad(
        {"fastapi_app_health_path": "/health ready"}, "fastapi_app_health_path"
    ),
    "health path as a full URL": Bad(
        {"fastapi_app_health_path": "http://localhost/health"}, "fastapi_app_health_path"
    ),
    "gunicorn option that moves the socket (bind)": Bad(
        {"fastapi_app_gunicorn_options": {"bind": "0.0.0.0:8000"}}, "fastapi_app_gunicorn_options"
    ),
    "gunicorn option for workers (has its own variable)": Bad(
        {"fastapi_app_gunicorn_options": {"workers": 4}}, "fastapi_app_gunicorn_options"
    ),
    "gunicorn option with a dunder name": Bad(
        {"fastapi_app_gunicorn_options": {"__builtins__": {}}}, "fastapi_app_gunicorn_options"
    ),
    "gunicorn options as a list": Bad(
        {"fastapi_app_gunicorn_options": ["timeout=60"]}, "fastapi_app_gunicorn_options"
    ),
    # --- environment and secrets --------------------------------------------------------------
    "environment key with a dash": Bad(
        {"fastapi_app_env": {"LOG-LEVEL": "INFO"}}, "fastapi_app_env"
    ),
    "environment key starting with a digit": Bad(
        {"fastapi_app_env": {"1ST": "x"}}, "fastapi_app_env"
    ),
    "environment key with a space": Bad({"fastapi_app_env": {"A B": "x"}}, "fastapi_app_env"),
    "environment value with a newline": Bad(
        {"fastapi_app_env": {"BANNER": "line1\nline2"}}, "fastapi_app_env", message="BANNER"
    ),
    "environment value as a list": Bad(
        {"fastapi_app_env": {"HOSTS": ["a", "b"]}}, "fastapi_app_env", message="HOSTS"
    ),
    "environment value as a mapping": Bad(
        {"fastapi_app_env": {"DB": {"host": "x"}}}, "fastapi_app_env", message="DB"
    ),
    "environment value as YAML yes (a boolean)": Bad(
        {"fastapi_app_env": {"DEBUG": True}}, "fastapi_app_env", message="DEBUG"
    ),
    "environment value null": Bad({"fastapi_app_env": {"EMPTY": None}}, "fastapi_app_env"),
    "environment overriding the unit's PWD": Bad(
        {"fastapi_app_env": {"PWD": "/tmp"}}, "fastapi_app_env", message="PWD"
    ),
    "environment overriding PROMETHEUS_MULTIPROC_DIR": Bad(
        {"fastapi_app_env": {"PROMETHEUS_MULTIPROC_DIR": "/tmp/m"}}, "fastapi_app_env"
    ),
    "environment overriding Gunicorn's command line": Bad(
        {"fastapi_app_env": {"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:80"}}, "fastapi_app_env"
    ),
    "environment overriding the role's socket marker": Bad(
        {"fastapi_app_env": {"VPSFORGE_GUNICORN_LISTEN_FD": "3"}}, "fastapi_app_env"
    ),
    "environment as a list": Bad({"fastapi_app_env": ["APP_ENV=production"]}, "fastapi_app_env"),
    "missing SECRET_KEY": Bad(
        {"fastapi_app_secrets": {"OTHER": "x"}},
        "fastapi_app_secrets",
        message="fastapi_app_secrets is missing SECRET_KEY",
    ),
    "empty SECRET_KEY": Bad({"fastapi_app_secrets": {"SECRET_KEY": ""}}, "fastapi_app_secrets"),
    "secret with a newline: value not printed": Bad(
        {"fastapi_app_secrets": {"SECRET_KEY": f"{TOKEN}\nx"}},
        "fastapi_app_secrets",
        message="SECRET_KEY",
        secrets=(TOKEN,),
    ),
    "secret overriding PWD: value not printed": Bad(
        {"fastapi_app_secrets": {"SECRET_KEY": "k" * 40, "PWD": TOKEN}},
        "fastapi_app_secrets",
        secrets=(TOKEN,),
    ),
    "secret key with a dash: value not printed": Bad(
        {"fastapi_app_secrets": {"SECRET_KEY": "k" * 40, "API-TOKEN": TOKEN}},
        "fastapi_app_secrets",
        secrets=(TOKEN,),
    ),
    "secret as a list: value not printed": Bad(
        {"fastapi_app_secrets": {"SECRET_KEY": [TOKEN]}}, "fastapi_app_secrets", secrets=(TOKEN,)
    ),
    "secrets as a string: value not printed": Bad(
        {"fastapi_app_secrets": f"SECRET_KEY={TOKEN}"}, "fastapi_app_secrets", secrets=(TOKEN,)
    ),
    "required secret that is not a variable name": Bad(
        {"fastapi_app_required_secrets": ["SECRET KEY"]}, "fastapi_app_required_secrets"
    ),
    "required secrets as a string": Bad(
        {"fastapi_app_required_secrets": "SECRET_KEY"}, "fastapi_app_required_secrets"
    ),
    # --- the python role, through the same playbook ------------------------------------------
    "python version the distribution lacks": Bad({"python_version": "3.9"}, "python_version"),
}

GOOD: dict[str, Good] = {
    "quotes and $ in an environment value": Good(
        {"fastapi_app_env": {"GREETING": 'say "hi" for $5', "WORKERS_HINT": 4, "RATIO": 0.5}}
    ),
    "workers empty (2 x CPUs + 1)": Good({"fastapi_app_workers": None}),
    "workers, timeouts and releases at their limits": Good(
        {
            "fastapi_app_workers": 256,
            "fastapi_app_releases_keep": 2,
            "fastapi_app_graceful_timeout": 120,
            "fastapi_app_health_timeout": 5,
            "fastapi_app_max_requests": 0,
        }
    ),
    "pip index with a token over https": Good({"fastapi_app_pip_index_url": INDEX_WITH_TOKEN}),
    "gunicorn options the role leaves to the app": Good(
        {
            "fastapi_app_gunicorn_options": {
                "timeout": 60,
                "keepalive": 10,
                "forwarded_allow_ips": "*",
            }
        }
    ),
    "another app name and the nginx group": Good(
        {"fastapi_app_name": "notes-api", "fastapi_app_socket_group": "www-data"}
    ),
}

if (ROOT / ".git").exists():  # a checkout, not an unpacked archive
    GOOD["git source at HEAD of this checkout"] = Good({**_GIT, "fastapi_app_git_ref": "HEAD"})
