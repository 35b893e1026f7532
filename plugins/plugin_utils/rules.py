"""The input rules the roles share, written once.

Every role's ``validate`` tasks reach these through the test plugins in ``plugins/test`` and
the filters in ``plugins/filter``; nothing here touches a host. Each function takes any value
(what an inventory can hold: strings, numbers, booleans, None) and answers without raising.
Addresses and networks are ``ansible.utils``' business, not this module's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import posixpath
import re
import struct
from urllib.parse import urlsplit, urlunsplit

# --- names -----------------------------------------------------------------------------------

_DNS_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DNS_NAME = re.compile(rf"(?=.{{1,253}}\Z){_DNS_LABEL}(\.{_DNS_LABEL})*\Z")
# A top-level label is never all digits (that would be an IPv4 address).
_TLD = re.compile(r"[a-z0-9-]*[a-z][a-z0-9-]*\Z")

# POSIX-portable login and group names as Debian's useradd/groupadd accept them by default
# (NAME_REGEX), at most 32 characters.
_UNIX_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}\Z")

# Accounts and groups the system or the packages this collection installs own. An admin, the
# deploy user, the app's user or group, or a user to remove must never be one of them.
SYSTEM_ACCOUNTS: frozenset[str] = frozenset(
    {
        # Debian's base-passwd
        "root",
        "daemon",
        "bin",
        "sys",
        "sync",
        "games",
        "man",
        "lp",
        "mail",
        "news",
        "uucp",
        "proxy",
        "www-data",
        "backup",
        "list",
        "irc",
        "gnats",
        "nobody",
        "nogroup",
        "_apt",
        "adm",
        "tty",
        "disk",
        "kmem",
        "dialout",
        "fax",
        "voice",
        "cdrom",
        "floppy",
        "tape",
        "sudo",
        "audio",
        "dip",
        "operator",
        "src",
        "shadow",
        "utmp",
        "video",
        "sasl",
        "plugdev",
        "staff",
        "users",
        "wheel",
        "input",
        "kvm",
        "render",
        "sgx",
        "netdev",
        "crontab",
        "messagebus",
        "ssh",
        "sshd",
        "ssl-cert",
        "polkitd",
        "tcpdump",
        "tss",
        "uuidd",
        "systemd-journal",
        "systemd-network",
        "systemd-resolve",
        "systemd-timesync",
        "systemd-coredump",
        "systemd-oom",
        "_chrony",
        "_rpc",
        "statd",
        "nginx",
        "caddy",
        "Debian-exim",
        "postfix",
        "postdrop",
        "lxd",
        "docker",
        "lpadmin",
        "fail2ban",
        "aide",
        "_laurel",
        "ntp",
        "ntpsec",
        "dnsmasq",
        "unbound",
        "bind",
        "postgres",
        "redis",
        "mysql",
    }
)


def is_dns_name(value: object, fqdn: bool = True, wildcard: bool = False) -> bool:
    """A lower-case DNS host name (RFC 1123); with ``fqdn`` at least two labels and a
    top-level label that is not all digits; with ``wildcard`` a leading ``*.`` is allowed."""
    if not isinstance(value, str):
        return False
    name = value[2:] if wildcard and value.startswith("*.") else value
    if not _DNS_NAME.match(name):
        return False
    labels = name.split(".")
    return not fqdn or (len(labels) >= 2 and bool(_TLD.match(labels[-1])))


def is_unix_name(value: object) -> bool:
    """A user or group name useradd/groupadd accept on Debian without --badname."""
    return isinstance(value, str) and bool(_UNIX_NAME.match(value))


def is_system_account(value: object) -> bool:
    """A name the system or a package this collection installs owns (root, www-data, sshd ...),
    including systemd's dynamic names (systemd-*) and Debian's underscore-prefixed accounts."""
    if not isinstance(value, str):
        return False
    return value in SYSTEM_ACCOUNTS or value.startswith(("systemd-", "_"))


# --- SSH public keys ------------------------------------------------------------------------

SSH_KEY_TYPES: frozenset[str] = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)


def is_ssh_public_key(value: object) -> bool:
    """One OpenSSH public key line, ``<type> <base64> [comment]``: a known key type, and a
    blob that decodes and starts with the same type (a truncated or pasted-wrong key fails).
    Options before the type (``from=...``) are not accepted: the users role writes them."""
    if not isinstance(value, str) or "\n" in value.strip() or "\r" in value:
        return False
    parts = value.strip().split(None, 2)
    if len(parts) < 2 or parts[0] not in SSH_KEY_TYPES:
        return False
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(blob) < 4:
        return False
    (length,) = struct.unpack(">I", blob[:4])
    if blob[4 : 4 + length] != parts[0].encode():
        return False
    # ed25519 keys are exactly 32 bytes after the type (a truncated paste is not); RSA keys
    # carry e and n.
    if parts[0] == "ssh-ed25519":
        return (
            blob[4 + length :] == struct.pack(">I", 32) + blob[8 + length :]
            and len(blob) == 8 + length + 32
        )
    return len(blob) > 4 + length + 4


def ssh_key_fingerprint(value: object) -> str:
    """The MD5 fingerprint of an OpenSSH public key line, in the colon form Hetzner Cloud and
    DigitalOcean key their SSH keys by (``ssh-keygen -E md5 -lf``, without ``MD5:``). Empty
    when ``value`` is not a key ``is_ssh_public_key`` accepts."""
    if not is_ssh_public_key(value):
        return ""
    blob = base64.b64decode(str(value).split()[1])
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


# --- PEM certificates ------------------------------------------------------------------------

_PEM_BLOCK = re.compile(
    r"-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----"
)


def is_pem_certificates(value: object) -> bool:
    """One or more PEM certificates, nothing else but blank and ``#`` comment lines, each
    block's body real base64 of a DER certificate (parsed with cryptography when it is there).
    """
    if not isinstance(value, str) or "-----BEGIN CERTIFICATE-----" not in value:
        return False
    rest = _PEM_BLOCK.sub("", value)
    if any(line.strip() and not line.lstrip().startswith("#") for line in rest.splitlines()):
        return False
    blocks = [m.group(1) for m in _PEM_BLOCK.finditer(value)]
    if not blocks:
        return False
    for body in blocks:
        try:
            der = base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            return False
        if not der.startswith(b"\x30"):  # a DER SEQUENCE
            return False
        try:
            from cryptography import x509
        except ImportError:  # the structural check above is what remains
            continue
        try:
            x509.load_der_x509_certificate(der)
        except ValueError:
            return False
    return True


# --- paths -----------------------------------------------------------------------------------

# Where a file this collection creates (a swap file, a webroot, a log) must never point: the
# system's own trees and files. A path equal to one of these or below it is refused.
SYSTEM_PATHS: tuple[str, ...] = (
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var/lib/dpkg",
    "/var/lib/apt",
    "/var/lib/systemd",
    "/var/cache/apt",
    "/var/log/journal",
    "/root/.ssh",
)


def is_absolute_path(value: object) -> bool:
    """An absolute, normalised path (no ``..``, ``.``, ``//`` or trailing ``/``) without
    whitespace, control characters or quotes: safe to write into any config file."""
    if not isinstance(value, str) or not value.startswith("/") or value == "/":
        return False
    if re.search(r"[\s\x00-\x1f\x7f\"'\\;{}$`]", value):
        return False
    return posixpath.normpath(value) == value


def is_system_path(value: object, extra: list[str] | None = None) -> bool:
    """The path is ``/``, one of the system's own trees in SYSTEM_PATHS (or ``extra``), or
    below one: a role must not create, replace or remove a file there on the user's say."""
    if not isinstance(value, str):
        return False
    path = posixpath.normpath(value) if value.startswith("/") else value
    if path in ("/", "//"):
        return True
    for root in SYSTEM_PATHS + tuple(extra or ()):
        if path == root or path.startswith(root.rstrip("/") + "/"):
            return True
    return False


def is_safe_path(value: object, allow: list[str] | None = None) -> bool:
    """An absolute, normalised path outside the system's trees, or inside one of ``allow``
    (a role's own place under /etc or /var, such as /etc/letsencrypt)."""
    if not is_absolute_path(value):
        return False
    for root in allow or ():
        if value == root or value.startswith(root.rstrip("/") + "/"):
            return True
    return not is_system_path(value)


def is_relative_path(value: object) -> bool:
    """A relative, normalised path that stays below the directory it is read from (no leading
    ``/``, no ``..`` or ``.`` component, no ``//`` or trailing ``/``), without whitespace,
    control characters or quotes: a file inside a source tree or a checkout."""
    if not isinstance(value, str) or not value or value.startswith("/"):
        return False
    if re.search(r"[\s\x00-\x1f\x7f\"'\\;{}$`]", value):
        return False
    return posixpath.normpath(value) == value and ".." not in value.split("/") and value != "."


# --- systemd values --------------------------------------------------------------------------

_TIMESPAN_UNITS = (
    "usec|us|µs|msec|ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h|"
    "days|day|d|weeks|week|w|months|month|M|years|year|y"
)
_TIMESPAN = re.compile(rf"(\d+(\.\d+)?\s*({_TIMESPAN_UNITS})?\s*)+\Z")
_SIZE = re.compile(r"[1-9][0-9]*(\.[0-9]+)?[KMGTPE]?\Z")


def is_systemd_timespan(value: object) -> bool:
    """A systemd time span (systemd.time(7)): ``30``, ``1h 30min``, ``2weeks``, ``1month``,
    ``0`` or ``infinity``; a bare number is seconds."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value >= 0
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text == "infinity" or (bool(text) and bool(_TIMESPAN.match(text)))


def is_systemd_size(value: object) -> bool:
    """A positive size the way systemd reads it: bytes with an optional K, M, G, T, P or E
    suffix (base 1024)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value > 0
    return isinstance(value, str) and bool(_SIZE.match(value))


# --- email, URLs, ports ----------------------------------------------------------------------

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")


def is_email(value: object) -> bool:
    """An address ``local@domain``: a dot-atom local part and a DNS name with a top-level
    label (case-insensitive), nothing a config file or a shell would read as syntax."""
    if not isinstance(value, str) or value.count("@") != 1 or len(value) > 254:
        return False
    local, domain = value.split("@")
    return bool(_EMAIL_LOCAL.match(local)) and len(local) <= 64 and is_dns_name(domain.lower())


def is_url(value: object, schemes: list[str] | None = None, credentials: bool = False) -> bool:
    """A URL with one of ``schemes`` (default http and https), a host (a DNS name, an
    address in brackets, or localhost) unless the scheme is ``file``, a valid port, and no
    whitespace or quotes. User and password in the URL only when ``credentials`` allows."""
    if not isinstance(value, str) or re.search(r"[\s\x00-\x1f\x7f\"'\\<>`]", value):
        return False
    allowed = schemes or ["http", "https"]
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in allowed:
        return False
    if parts.scheme == "file":
        return not parts.netloc and parts.path.startswith("/")
    if (parts.username is not None or parts.password is not None) and not credentials:
        return False
    host = parts.hostname or ""
    if not host:
        return False
    if port is not None and not 1 <= port <= 65535:
        return False
    if host == "localhost" or is_dns_name(host, fqdn=False):
        return True
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    # An IPv6 literal must be bracketed (urlsplit strips the brackets): "[::1]".
    return ":" not in host or "[" in parts.netloc


def has_credentials(value: object) -> bool:
    """The URL carries a user name or password (``https://user:token@host/...``)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
        return parts.username is not None or parts.password is not None
    except ValueError:
        return False


# Credentials in a value that is not a well-formed URL (``https:/u:t@h``, ``u:t@host:path``,
# a port out of range): text before an ``@`` that holds a colon or follows a slash.
_LOOSE_USERINFO = re.compile(r"(?<=/)[^\s/@]+@|[^\s/@]*:[^\s/@]*@")


def redact_url(value: object) -> object:
    """The URL with any user name and password replaced by ``***``, so it can be shown in
    a message, a process list or a release marker. Non-URLs come back unchanged; a git
    remote in scp form (``user@host:path``) keeps its user, which is not a secret. A
    malformed URL (the kind a refusal message shows) is redacted too."""
    if not isinstance(value, str):
        return value
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return _LOOSE_USERINFO.sub("***@", value)
    if not parts.netloc:
        return _LOOSE_USERINFO.sub("***@", value)
    if parts.username is None and parts.password is None:
        return value
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = "***@" + host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def is_port(value: object) -> bool:
    """A TCP/UDP port: an integer from 1 to 65535 (a boolean or a string is not)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535


# A git remote in scp form, ``[user@]host:path`` (git reads it so only when no slash comes
# before the first colon).
_GIT_SCP = re.compile(
    r"(?:(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@)?(?P<host>[^@/:\[\]]+):(?P<path>.+)\Z"
)


def is_git_url(value: object, credentials: bool = False) -> bool:
    """A git remote: an ``https://``, ``ssh://``, ``git://`` or ``file://`` URL with a path, or
    the scp form ``[user@]host:path``. A user name is fine for ssh (it is the login); a user and
    password (a token) only in an https URL and only when ``credentials`` allows. The host is
    a DNS name, an address or localhost, so it never starts with ``-`` (no ssh option)."""
    if not isinstance(value, str) or re.search(r"[\s\x00-\x1f\x7f\"'\\<>`]", value):
        return False
    if "://" not in value:
        match = _GIT_SCP.match(value)
        # No "@" in the path: "user:token@host:path" reads as host "user" in scp form.
        if not match or match.group("path").startswith("-") or "@" in match.group("path"):
            return False
        host = match.group("host")
        return is_dns_name(host, fqdn=False) or host == "localhost" or _is_ipv4(host)
    if not is_url(value, schemes=["https", "ssh", "git", "file"], credentials=True):
        return False
    parts = urlsplit(value)
    if parts.scheme != "file" and parts.path in ("", "/"):
        return False
    if parts.scheme == "https":
        return credentials or not has_credentials(value)
    if parts.scheme == "ssh":
        return parts.password is None and not (parts.username or "").startswith("-")
    return not has_credentials(value)


def _is_ipv4(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
    except ValueError:
        return False


# --- Debian packages -------------------------------------------------------------------------

_DEBIAN_PACKAGE = re.compile(
    r"[a-z0-9][a-z0-9+.-]+"  # the name (Debian policy 5.6.1): two characters at least
    r"(:[a-z0-9][a-z0-9-]*)?"  # an architecture (libc6:i386)
    r"(=([0-9]+:)?[A-Za-z0-9][A-Za-z0-9.+~-]*)?\Z"  # a pinned version (curl=7.88.1-10+deb12u5)
)


def is_debian_package(value: object) -> bool:
    """A package name as apt takes it on the command line, with an optional ``:arch`` and
    ``=version``; no spaces, options (``-o ...``), globs or quotes."""
    return isinstance(value, str) and len(value) <= 200 and bool(_DEBIAN_PACKAGE.match(value))


# --- where the controller connects -----------------------------------------------------------
_ZONE = re.compile(r"[A-Za-z0-9_.-]{1,15}\Z")
_SSH_PATH_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f%$]")


def is_ssh_host(value: object) -> bool:
    """An address or host name the controller connects to with ssh: an IPv4 or IPv6 address
    (an IPv6 link-local one with its %zone) or a DNS host name (a single label too), never
    something ssh would read as an option, a user@ or a port."""
    if not isinstance(value, str) or not value:
        return False
    address, _, zone = value.partition("%")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return (
            "%" not in value
            and not re.fullmatch(r"[0-9.]+", value)
            and is_dns_name(value.lower(), fqdn=False)
        )
    if zone or "%" in value:
        return parsed.version == 6 and bool(_ZONE.match(zone))
    return True


def is_ssh_identity_path(value: object) -> bool:
    """A private key path on the controller for ssh -i: absolute or ~/..., without the '%' and
    '$' ssh expands in it, or control characters."""
    return (
        isinstance(value, str)
        and value.startswith(("/", "~/"))
        and not _SSH_PATH_FORBIDDEN.search(value)
    )


# Connection plugins over which Ansible reaches a host through its SSH port (ansible_host and
# ansible_port are then the operator's own way in).
SSH_CONNECTIONS = frozenset(
    ("ssh", "ansible.builtin.ssh", "paramiko", "paramiko_ssh", "ansible.builtin.paramiko_ssh",
     "ansible.netcommon.libssh", "smart")
)  # fmt: skip


def is_ssh_connection(value: object) -> bool:
    """An ansible_connection that talks SSH to the host's sshd."""
    return isinstance(value, str) and value in SSH_CONNECTIONS
