"""Basic authentication."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("auth-type", Status.POLICY, "IM560", "nothing standard; implementation basic-auth policies"),
    Key("auth-secret", Status.POLICY, "IM561", "nothing standard; implementation basic-auth policies"),
    Key("auth-secret-type", Status.POLICY, "IM562", "nothing standard; implementation basic-auth policies"),
    Key("auth-realm", Status.POLICY, "IM563", "nothing standard; implementation basic-auth policies"),
)

FAMILY = Family("Basic authentication", KEYS)
