"""Request and response headers."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("upstream-vhost", Status.STANDARD, "IM460", "URLRewrite hostname (the Host header sent to the backend)"),
    Key("connection-proxy-header", Status.STANDARD, "IM461", "RequestHeaderModifier set Connection"),
    Key("custom-headers", Status.STANDARD, "IM462", "ResponseHeaderModifier set, from the ConfigMap it names"),
)

FAMILY = Family("Request and response headers", KEYS)
