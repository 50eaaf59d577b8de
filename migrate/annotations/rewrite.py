"""Rewrite."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key(
        "rewrite-target",
        Status.STANDARD,
        "IM400",
        "URLRewrite path (ReplaceFullPath, or ReplacePrefixMatch for a prefix capture); regex mode for the host",
    ),
    Key(
        "use-regex",
        Status.STANDARD,
        "IM401",
        "RegularExpression path matches for every path of the host (case-insensitive, start-anchored)",
    ),
    Key(
        "x-forwarded-prefix",
        Status.STANDARD,
        "IM402",
        "RequestHeaderModifier set X-Forwarded-Prefix (only with an active rewrite-target)",
    ),
)

FAMILY = Family("Rewrite", KEYS)
