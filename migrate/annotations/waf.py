"""Web application firewall."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("enable-modsecurity", Status.POLICY, "IM600", "nothing standard; implementation WAF policies"),
    Key("enable-owasp-core-rules", Status.POLICY, "IM601", "nothing standard; implementation WAF policies"),
    Key("modsecurity-transaction-id", Status.NONE, "IM602", "nothing"),
)

FAMILY = Family("Web application firewall", KEYS)
