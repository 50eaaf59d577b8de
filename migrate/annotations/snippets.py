"""Snippets."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

KEYS = (
    Key("configuration-snippet", Status.POLICY, "IM590", "nothing: raw nginx configuration"),
    Key("server-snippet", Status.POLICY, "IM591", "nothing: raw nginx configuration", scope=Scope.SERVER),
    Key("stream-snippet", Status.NONE, "IM592", "nothing: raw nginx configuration"),
    Key("auth-snippet", Status.NONE, "IM593", "nothing: raw nginx configuration"),
    Key("modsecurity-snippet", Status.NONE, "IM594", "nothing: raw ModSecurity configuration"),
)

FAMILY = Family("Snippets", KEYS)
