"""Backend protocol and TLS: how the proxy talks to the Service behind each path.

ingress-nginx (backendprotocol/main.go, proxyssl/main.go) picks `proxy_pass http://`, `https://` or
`grpc_pass grpc://`, `grpcs://` per location, and checks the backend's certificate only when
proxy-ssl-secret names a CA and proxy-ssl-verify is on: by default an HTTPS backend is not verified at
all. Gateway API names the protocol by route kind (GRPCRoute for gRPC) and TLS by a BackendTLSPolicy per
Service, which always verifies. That change is flagged wherever it applies.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/backend-protocol: HTTPS
        nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/backend-ca
        nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
        nginx.ingress.kubernetes.io/proxy-ssl-name: api.shop.internal
    ->
    kind: BackendTLSPolicy          # beside the routes, in the Service's namespace
    spec:
      targetRefs: [{group: "", kind: Service, name: api}]
      validation:
        hostname: api.shop.internal
        caCertificateRefs: [{group: "", kind: ConfigMap, name: backend-ca}]   # ca.crt, created by you
"""

from __future__ import annotations

from migrate.annotations import protocols
from migrate.annotations.base import Context, Family, Key, Scope, Status, Value
from migrate.annotations.references import denied, name_ns, written
from migrate.findings import Code, Severity
from migrate.intents import BackendIntents, ProxySSL
from migrate.validation import hostname_problem

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
PROTOCOL, SECRET, VERIFY, NAME, SERVER_NAME = KEYS[:5]

# Codes the Gateway side raises about backend protocol and TLS (this family's IM50x-IM51x block).
VERIFICATION = Code(
    "IM508", "backend-tls-verified", Severity.WARNING, "the Gateway verifies a backend certificate nginx did not"
)
CA_CONFIGMAP = Code("IM509", "backend-ca-configmap", Severity.WARNING, "a CA must be copied into a ConfigMap")
POLICY_CONFLICT = Code(
    "IM510", "backend-tls-conflict", Severity.WARNING, "Ingresses disagree on how to reach one Service port"
)
CLIENT_CERTIFICATE = Code(
    "IM511", "backend-client-certificate", Severity.WARNING, "a client certificate for backends is per Gateway"
)
GRPC_MATCH = Code("IM512", "grpc-path", Severity.WARNING, "a path is not a gRPC service or method")
GRPC_H2C = Code("IM513", "grpc-in-httproute", Severity.WARNING, "gRPC backends served by an HTTPRoute")
GRPC_DROPPED = Code("IM514", "grpc-unsupported", Severity.WARNING, "a setting a GRPCRoute cannot carry")
DENIED = Code("IM518", "backend-tls-denied", Severity.ERROR, "ingress-nginx answered 503: proxy-ssl-secret unusable")
CODES = (VERIFICATION, CA_CONFIGMAP, POLICY_CONFLICT, CLIENT_CERTIFICATE, GRPC_MATCH, GRPC_H2C, GRPC_DROPPED, DENIED)

TLS_PROTOCOLS = ("HTTPS", "GRPCS")


def apply(ctx: Context) -> None:
    # Values the validators refused never get here (`validators.report` took them out of play).
    backend = ctx.intents.location.backend
    value = ctx.get(PROTOCOL.name)
    if value is not None and value.text.strip():
        backend.protocol = value.text.strip().upper()
        backend.protocol_at = written(value)
        protocols.backend_protocol(ctx, PROTOCOL, value, backend.protocol)
    _proxy_ssl(ctx, backend)


def _proxy_ssl(ctx: Context, backend: BackendIntents) -> None:
    secret = ctx.get(SECRET.name)
    if secret is None or not secret.text.strip():
        if SECRET.name in ctx.rejected:
            return  # the refusal is reported; the other proxy-ssl-* were never read
        # proxyssl Parse returns before reading anything else when proxy-ssl-secret is missing.
        for key in (VERIFY, NAME, SERVER_NAME):
            if key.name in ctx.values:
                _ignored_without_secret(ctx, ctx.values[key.name])
        hint = ctx.get(NAME.name)
        if hint is not None:
            backend.name_hint = _hostname(hint.text)
        return
    parsed = name_ns(secret.text.strip())
    if parsed is None:
        denied(ctx, SECRET, DENIED, "is not namespace/name")
        return
    namespace, name = parsed
    if ctx.ingress.namespace is not None and namespace != ctx.ingress.namespace:
        # proxyssl: a Secret of another namespace is denied unless allow-cross-namespace-resources (off).
        denied(
            ctx,
            SECRET,
            DENIED,
            f"names a Secret in namespace {namespace or '(none)'}, not the Ingress's, which ingress-nginx accepts only "
            "with allow-cross-namespace-resources enabled (off by default)",
        )
        return
    proxy_ssl = ProxySSL(
        secret=(namespace or ctx.ingress.namespace or "", name),
        verify=_on(ctx, VERIFY),
        name=_checked_name(ctx),
        server_name=_on(ctx, SERVER_NAME),
        at=written(secret),
    )
    backend.proxy_ssl = proxy_ssl
    ctx.intents.server.proxy_ssl = proxy_ssl
    if backend.protocol not in TLS_PROTOCOLS:
        ctx.flag(
            SECRET,
            f"{secret.key} has no effect on this Ingress's own backends, which ingress-nginx reached over plain "
            f"{'HTTP' if backend.protocol != 'GRPC' else 'gRPC'} (backend-protocol is not HTTPS or GRPCS); it "
            "applied it to the HTTPS backends of other Ingresses of the host that set none, and so does the output",
        )


def _ignored_without_secret(ctx: Context, value: Value) -> None:
    key = next(k for k in (VERIFY, NAME, SERVER_NAME) if k.name == value.name)
    hint = (
        "; its name is still used as the BackendTLSPolicy hostname of this Ingress's HTTPS backends"
        if key is NAME and _hostname(value.text)
        else ""
    )
    ctx.flag(
        key,
        f"{value.key} is ignored by ingress-nginx without proxy-ssl-secret (it reads no proxy-ssl-* then), so "
        f"the backend certificate was not checked{hint}",
    )


def _on(ctx: Context, key: Key) -> bool:
    """proxy-ssl-verify / proxy-ssl-server-name: on or off (an invalid one was refused, meaning off)."""
    value = ctx.get(key.name)
    return value is not None and value.text.strip() == "on"


def _checked_name(ctx: Context) -> str | None:
    value = ctx.get(NAME.name)
    if value is None or not value.text.strip():
        return None
    name = _hostname(value.text)
    if name is None:
        ctx.flag(
            NAME,
            f"{value.key} {value.text!r} is not a plain hostname (nginx variables and patterns cannot be a "
            "BackendTLSPolicy hostname); the policy verifies the Service's DNS name instead: set the name the "
            "backend's certificate holds",
        )
    return name


def _hostname(text: str) -> str | None:
    name = text.strip().lower().rstrip(".")
    if not name or "*" in name or hostname_problem(name) is not None:
        return None
    return name


FAMILY = Family(
    "Backend protocol and TLS",
    KEYS,
    apply,
    handles=frozenset(key.name for key in (PROTOCOL, SECRET, VERIFY, NAME, SERVER_NAME)),
    codes=CODES,
)
