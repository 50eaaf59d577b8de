"""Secrets and URLs that annotations refer to, as some parsers read them after ingress-nginx's validator.

Validation itself (the character sets, booleans, numbers) is the dispatcher's (`validators`); these
helpers cover what the backend, TLS and auth parsers check next: a Secret named `namespace/name`
(k8s.ParseNameNS), a URL with a scheme and a host (parser.StringToURL), and the locations ingress-nginx
denied when those failed.
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Key, Value
from migrate.findings import Code
from migrate.intents import ServiceURL, Written

# scheme://host[:port]rest, where the host may be an nginx variable (`$host`) and rest may hold variables.
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>\$[A-Za-z_][A-Za-z0-9_]*|[^/:?$#]*)(?::(?P<port>[0-9]+))?"
    r"(?P<rest>[^#]*)",
    re.ASCII,
)


def written(value: Value) -> Written:
    return Written(value.key, value.text, value.pos)


def name_ns(text: str) -> tuple[str, str] | None:
    """k8s.ParseNameNS: exactly `namespace/name` (either part may be empty); None otherwise."""
    parts = text.split("/")
    return (parts[0], parts[1]) if len(parts) == 2 else None


def service_url(text: str) -> ServiceURL | str:
    """A URL as parser.StringToURL accepts it (scheme and host required, no `..` in the host), split the
    way nginx reads it, or why it cannot be one."""
    found = _URL.fullmatch(text.strip())
    if found is None:
        return "is not a URL with a scheme and a host"
    host = found["host"]
    if not host:
        return "has no host"
    if ".." in host:
        return "has an invalid host"
    port = int(found["port"]) if found["port"] else None
    if port is not None and not 0 < port < 65536:
        return f"has an invalid port {port}"
    path, _, query = found["rest"].partition("?")
    scheme = found["scheme"].lower()
    return ServiceURL(text.strip(), scheme, host if host.startswith("$") else host.lower(), port, path, query)


def denied(ctx: Context, key: Key, code: Code, problem: str, answer: str = "503") -> None:
    """A value ingress-nginx accepted but could not use: it answered the Ingress's locations with an error."""
    value = ctx.get(key.name)
    assert value is not None
    ctx.flag(
        key,
        f"{value.key} {value.text!r} {problem}, so ingress-nginx answered every request to this Ingress's paths "
        f"with {answer}; the output routes them without this setting: fix the value before cutting over",
        code=code,
    )
