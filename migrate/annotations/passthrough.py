"""TLS passthrough."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

KEYS = (
    Key(
        "ssl-passthrough",
        Status.STANDARD,
        "IM520",
        "TLS listener in Passthrough mode and a TLSRoute",
        scope=Scope.SERVER,
    ),
)

FAMILY = Family("TLS passthrough", KEYS)
