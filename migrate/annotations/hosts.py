"""Server aliases."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

KEYS = (
    Key(
        "server-alias",
        Status.STANDARD,
        "IM430",
        "extra HTTPRoute hostnames (and HTTPS listeners for them)",
        scope=Scope.SERVER,
    ),
)

FAMILY = Family("Server aliases", KEYS)
