"""Object and listener names: valid DNS-1123 names, length-limited, stable and collision-free.

A name is derived from what the object stands for (a hostname, a Gateway, a namespace). When two different
things would get the same name, or a name is too long, a short hash of what the thing stands for is
appended, so the same input always gives the same names.
"""

from __future__ import annotations

import hashlib
import re

MAX_NAME = 63
_INVALID = re.compile(r"[^a-z0-9.-]+")
_DASHES = re.compile(r"-{2,}")


def stable_hash(key: str, size: int = 8) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:size]


def dns_name(text: str, limit: int = MAX_NAME, key: str | None = None) -> str:
    """A DNS-1123 subdomain made from `text`, cut to `limit` with a hash of `key` (or `text`) if too long."""
    name = _INVALID.sub("-", text.lower().replace("*", "wildcard"))
    name = re.sub(r"\.{2,}", ".", _DASHES.sub("-", name))
    name = re.sub(r"-?\.-?", ".", name).strip(".-") or "unnamed"
    if len(name) <= limit:
        return name
    return _with_hash(name, key or text, limit)


def _with_hash(name: str, key: str, limit: int) -> str:
    digest = stable_hash(key)
    return f"{name[: limit - len(digest) - 1].rstrip('.-')}-{digest}"


class Names:
    """Hands out unique names per (kind, namespace); the first claimant of a name keeps it."""

    def __init__(self) -> None:
        self._owners: dict[tuple[str, str | None, str], str] = {}

    def claim(self, kind: str, namespace: str | None, base: str, key: str, limit: int = MAX_NAME) -> str:
        natural = dns_name(base, limit, key)
        name = natural
        attempt = 0
        # A hashed name can itself be taken (a host may literally be called `a.example.com-1a2b3c4d`):
        # rehash with a counter until the name is free, so two keys never share a name.
        while self._owners.setdefault((kind, namespace, name), key) != key:
            name = _with_hash(natural, key if attempt == 0 else f"{key}#{attempt}", limit)
            attempt += 1
        return name
