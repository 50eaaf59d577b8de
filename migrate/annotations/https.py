"""HTTPS redirects."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key(
        "ssl-redirect",
        Status.STANDARD,
        "IM410",
        "HTTP listener route with RequestRedirect scheme https, 308 (on by default for hosts with a certificate)",
    ),
    Key(
        "force-ssl-redirect",
        Status.STANDARD,
        "IM411",
        "RequestRedirect scheme https, 308, also for hosts without a certificate",
    ),
    Key(
        "preserve-trailing-slash",
        Status.STANDARD,
        "IM412",
        "HTTPS redirects keep the path as sent (Gateway API never strips the trailing slash)",
    ),
)

FAMILY = Family("HTTPS redirects", KEYS)
