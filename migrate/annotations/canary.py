"""Canary."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key(
        "canary", Status.STANDARD, "IM440", "canary backends merged into the primary rules (weights and header matches)"
    ),
    Key("canary-by-header", Status.STANDARD, "IM441", "rules matching the header: always -> canary, never -> primary"),
    Key("canary-by-header-value", Status.STANDARD, "IM442", "rule with an Exact header match -> canary"),
    Key(
        "canary-by-header-pattern",
        Status.STANDARD,
        "IM443",
        "rule with a RegularExpression header match -> canary (implementation-specific regex)",
    ),
    Key(
        "canary-by-cookie",
        Status.STANDARD,
        "IM444",
        "rule with a RegularExpression match on the Cookie header -> canary (implementation-specific regex)",
    ),
    Key("canary-weight", Status.STANDARD, "IM445", "backendRef weights: canary = weight, primary = total - weight"),
    Key("canary-weight-total", Status.STANDARD, "IM446", "the total the backendRef weights add up to"),
)

FAMILY = Family("Canary", KEYS)
