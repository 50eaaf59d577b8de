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
        why="Gateway API leaves the client certificate chain depth to the implementation",
        use="nothing: the accepted chain depth is implementation-specific",
    ),
    Key(
        "auth-tls-error-page",
        Status.NONE,
        "IM533",
        "nothing",
        scope=Scope.SERVER,
        why="a page for failed client-certificate checks has no equivalent",
        use="nothing: the client gets the implementation's TLS or 4xx error",
    ),
    Key(
        "auth-tls-pass-certificate-to-upstream",
        Status.POLICY,
        "IM534",
        "nothing standard; implementation client-certificate headers",
        scope=Scope.SERVER,
        why="forwarding the client certificate to the backend is implementation policy",
        use=(
            "Envoy Gateway ClientTrafficPolicy.spec.headers.xForwardedClientCert (approx: an XFCC header instead of "
            "ssl-client-cert, per listener); NGINX Gateway Fabric only a SnippetsFilter (proxy_set_header "
            "ssl-client-cert $ssl_client_escaped_cert); kgateway: nothing; backends reading the ssl-client-* headers "
            "must change"
        ),
    ),
    Key(
        "auth-tls-match-cn",
        Status.NONE,
        "IM535",
        "nothing",
        scope=Scope.SERVER,
        why="matching the client certificate's subject CN has no field",
        use=(
            "nothing exact: Envoy Gateway ClientTrafficPolicy.spec.tls.clientValidation.subjectAltNames matches "
            "subject alternative names, not the CN"
        ),
    ),
    Key(
        "ssl-ciphers",
        Status.POLICY,
        "IM536",
        "nothing standard; implementation TLS policies or listener tls.options",
        scope=Scope.SERVER,
        why="TLS cipher suites are listener options left to implementations",
        use=(
            "Envoy Gateway ClientTrafficPolicy.spec.tls.ciphers (per Gateway or listener, not per host), kgateway the"
            " listener tls.options key kgateway.dev/cipher-suites, NGINX Gateway Fabric only a SnippetsFilter "
            "(ssl_ciphers, context http.server)"
        ),
    ),
    Key(
        "ssl-prefer-server-ciphers",
        Status.NONE,
        "IM537",
        "nothing",
        scope=Scope.SERVER,
        why="the server's cipher preference has no field",
        use="nothing carries it",
    ),
)

FAMILY = Family("Client certificates and TLS options", KEYS)
