"""Backend protocol and TLS."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

KEYS = (
    Key(
        "backend-protocol",
        Status.STANDARD,
        "IM500",
        "GRPC/GRPCS -> GRPCRoute; HTTPS/GRPCS -> BackendTLSPolicy (which always verifies)",
    ),
    Key(
        "proxy-ssl-secret",
        Status.STANDARD,
        "IM501",
        "BackendTLSPolicy validation.caCertificateRefs",
        scope=Scope.SERVER,
    ),
    Key(
        "proxy-ssl-verify", Status.STANDARD, "IM502", "BackendTLSPolicy (verification is always on)", scope=Scope.SERVER
    ),
    Key("proxy-ssl-name", Status.STANDARD, "IM503", "BackendTLSPolicy validation.hostname", scope=Scope.SERVER),
    Key(
        "proxy-ssl-server-name",
        Status.STANDARD,
        "IM504",
        "BackendTLSPolicy validation.hostname (always sent as SNI)",
        scope=Scope.SERVER,
    ),
    Key(
        "proxy-ssl-verify-depth",
        Status.NONE,
        "IM505",
        "nothing: the chain depth is implementation-specific",
        scope=Scope.SERVER,
        why="BackendTLSPolicy leaves the verification depth to the implementation",
        use="nothing: the accepted chain depth is implementation-specific",
    ),
    Key(
        "proxy-ssl-ciphers",
        Status.POLICY,
        "IM506",
        "nothing standard; BackendTLSPolicy options are implementation-specific",
        scope=Scope.SERVER,
        why="BackendTLSPolicy options are implementation-specific",
        use=(
            "Envoy Gateway EnvoyProxy.spec.backendTLS.ciphers (approx: the whole Gateway) or "
            "Backend.spec.tls.ciphers, kgateway BackendConfigPolicy.spec.tls.parameters.cipherSuites (per Service); "
            "NGINX Gateway Fabric: nothing"
        ),
    ),
    Key(
        "proxy-ssl-protocols",
        Status.POLICY,
        "IM507",
        "nothing standard; BackendTLSPolicy options are implementation-specific",
        scope=Scope.SERVER,
        why="BackendTLSPolicy options are implementation-specific",
        use=(
            "Envoy Gateway EnvoyProxy.spec.backendTLS.minVersion and maxVersion (approx: the whole Gateway), kgateway"
            " BackendConfigPolicy.spec.tls.parameters.minVersion and maxVersion (per Service); NGINX Gateway Fabric: "
            "nothing"
        ),
    ),
)

FAMILY = Family("Backend protocol and TLS", KEYS)
