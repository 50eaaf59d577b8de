"""Client certificates and TLS options."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

KEYS = (
    Key(
        "auth-tls-secret",
        Status.STANDARD,
        "IM530",
        "Gateway tls.frontend validation caCertificateRefs (per port, not per host)",
        scope=Scope.SERVER,
    ),
    Key("auth-tls-verify-client", Status.STANDARD, "IM531", "Gateway tls.frontend validation mode", scope=Scope.SERVER),
    Key(
        "auth-tls-verify-depth",
        Status.NONE,
        "IM532",
        "nothing: the chain depth is implementation-specific",
        scope=Scope.SERVER,
    ),
    Key("auth-tls-error-page", Status.NONE, "IM533", "nothing", scope=Scope.SERVER),
    Key(
        "auth-tls-pass-certificate-to-upstream",
        Status.POLICY,
        "IM534",
        "nothing standard; implementation client-certificate headers",
        scope=Scope.SERVER,
    ),
    Key("auth-tls-match-cn", Status.NONE, "IM535", "nothing", scope=Scope.SERVER),
    Key(
        "ssl-ciphers",
        Status.POLICY,
        "IM536",
        "nothing standard; implementation TLS policies or listener tls.options",
        scope=Scope.SERVER,
    ),
    Key("ssl-prefer-server-ciphers", Status.NONE, "IM537", "nothing", scope=Scope.SERVER),
)

FAMILY = Family("Client certificates and TLS options", KEYS)
