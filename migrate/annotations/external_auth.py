"""External authentication."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("auth-url", Status.EXPERIMENTAL, "IM540", "experimental ExternalAuth filter (HTTP)"),
    Key("auth-response-headers", Status.EXPERIMENTAL, "IM541", "experimental ExternalAuth allowedResponseHeaders"),
    Key("auth-method", Status.NONE, "IM542", "nothing"),
    Key("auth-signin", Status.NONE, "IM543", "nothing: implementation OIDC policies replace the sign-in redirect"),
    Key("auth-signin-redirect-param", Status.NONE, "IM544", "nothing"),
    Key("auth-request-redirect", Status.NONE, "IM545", "nothing"),
    Key("auth-proxy-set-headers", Status.NONE, "IM546", "nothing"),
    Key("auth-cache-key", Status.NONE, "IM547", "nothing"),
    Key("auth-cache-duration", Status.NONE, "IM548", "nothing"),
    Key("auth-always-set-cookie", Status.NONE, "IM549", "nothing"),
    Key("auth-keepalive", Status.NONE, "IM550", "nothing"),
    Key("auth-keepalive-requests", Status.NONE, "IM551", "nothing"),
    Key("auth-keepalive-share-vars", Status.NONE, "IM552", "nothing"),
    Key("auth-keepalive-timeout", Status.NONE, "IM553", "nothing"),
    Key("enable-global-auth", Status.POLICY, "IM554", "nothing standard; implementation Gateway-level auth policies"),
)

FAMILY = Family("External authentication", KEYS)
