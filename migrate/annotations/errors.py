"""Error pages and default backend."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("custom-http-errors", Status.POLICY, "IM640", "nothing standard; implementation response overrides"),
    Key("default-backend", Status.POLICY, "IM641", "nothing standard; implementation fallback backends"),
    Key("disable-proxy-intercept-errors", Status.NONE, "IM642", "nothing"),
)

FAMILY = Family("Error pages and default backend", KEYS)
