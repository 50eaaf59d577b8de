"""Rate limits."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("limit-rps", Status.POLICY, "IM580", "nothing standard; implementation rate-limit policies"),
    Key("limit-rpm", Status.POLICY, "IM581", "nothing standard; implementation rate-limit policies"),
    Key("limit-connections", Status.POLICY, "IM582", "nothing standard; implementation connection limits"),
    Key("limit-burst-multiplier", Status.POLICY, "IM583", "nothing standard; implementation rate-limit policies"),
    Key("limit-rate", Status.POLICY, "IM584", "nothing standard; implementation bandwidth limits"),
    Key("limit-rate-after", Status.NONE, "IM585", "nothing"),
    Key("limit-allowlist", Status.POLICY, "IM586", "nothing standard; implementation rate-limit policies"),
    Key(
        "limit-whitelist",
        Status.POLICY,
        "IM587",
        "nothing standard; implementation rate-limit policies",
        alias_of="limit-allowlist",
    ),
)

FAMILY = Family("Rate limits", KEYS)
