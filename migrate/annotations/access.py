"""Client address access."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("allowlist-source-range", Status.POLICY, "IM570", "nothing standard; implementation authorization policies"),
    Key(
        "whitelist-source-range",
        Status.POLICY,
        "IM571",
        "nothing standard; implementation authorization policies",
        alias_of="allowlist-source-range",
    ),
    Key("denylist-source-range", Status.POLICY, "IM572", "nothing standard; implementation authorization policies"),
    Key("satisfy", Status.NONE, "IM573", "nothing"),
)

FAMILY = Family("Client address access", KEYS)
