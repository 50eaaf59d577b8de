"""CORS."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("enable-cors", Status.STANDARD, "IM450", "CORS filter with ingress-nginx defaults written out"),
    Key("cors-allow-origin", Status.STANDARD, "IM451", "CORS allowOrigins"),
    Key("cors-allow-methods", Status.STANDARD, "IM452", "CORS allowMethods"),
    Key("cors-allow-headers", Status.STANDARD, "IM453", "CORS allowHeaders"),
    Key("cors-expose-headers", Status.STANDARD, "IM454", "CORS exposeHeaders"),
    Key("cors-allow-credentials", Status.STANDARD, "IM455", "CORS allowCredentials (ingress-nginx default true)"),
    Key("cors-max-age", Status.STANDARD, "IM456", "CORS maxAge (ingress-nginx default 1728000)"),
)

FAMILY = Family("CORS", KEYS)
