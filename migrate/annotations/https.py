"""HTTPS redirects: ssl-redirect, force-ssl-redirect, preserve-trailing-slash.

ingress-nginx redirects a request on port 80 to HTTPS (308, ConfigMap http-redirect-code) when its location
has force-ssl-redirect, or has ssl-redirect (on by default) and the request's host has a certificate; paths
under /.well-known/acme-challenge are exempt (lua_ingress.lua redirect_to_https, config.go
NoTLSRedirectLocations). The Location header drops a trailing slash unless preserve-trailing-slash is true;
Gateway API always keeps the path, which `migrate.gateway.redirects` flags where it changes the outcome.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/ssl-redirect: "false"

keeps that Ingress's paths served on the HTTP listener of a host that has a certificate, while the host's
other paths get:

    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, statusCode: 308}

A value that is not a boolean: the rewrite parser falls back to the controller default, as the output does
(the dispatcher reports it).
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.values import boolean
from migrate.findings import Code, Severity

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
SSL_REDIRECT, FORCE_SSL_REDIRECT, PRESERVE_TRAILING_SLASH = KEYS

FORCED_WITHOUT_HTTPS = Code(
    "IM413", "https-redirect-unserved", Severity.WARNING, "HTTP is redirected to HTTPS that the Gateway does not serve"
)
TRAILING_SLASH_KEPT = Code(
    "IM414", "https-redirect-trailing-slash", Severity.INFO, "the HTTPS redirect no longer drops a trailing slash"
)
# IM415-IM419 are the redirects family's (its own IM42x group is taken by its keys): see redirects.py.
CODES = (FORCED_WITHOUT_HTTPS, TRAILING_SLASH_KEPT)


def apply(ctx: Context) -> None:
    location = ctx.intents.location
    location.ssl_redirect = boolean(ctx, SSL_REDIRECT, default=True)
    location.force_ssl_redirect = boolean(ctx, FORCE_SSL_REDIRECT, default=False)
    location.preserve_trailing_slash = boolean(ctx, PRESERVE_TRAILING_SLASH, default=False)


FAMILY = Family("HTTPS redirects", KEYS, apply, frozenset(key.name for key in KEYS), CODES)
