"""Client certificates and TLS options of a host.

auth-tls-secret makes nginx ask every client of the host for a certificate signed by the Secret's ca.crt
(ssl_verify_client); the oldest Ingress of the host that sets it decides for the whole host
(controller.go). Gateway API validates client certificates per Gateway port (spec.tls.frontend, standard
since v1.5), against a ConfigMap with ca.crt, so the validation covers every HTTPS host of the port:
that scope difference, and hosts that disagree, are flagged.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/auth-tls-secret: partners/partner-ca
        nginx.ingress.kubernetes.io/auth-tls-verify-client: "on"
    ->
    kind: Gateway
    spec:
      tls:
        frontend:
          default:
            validation:
              mode: AllowValidOnly
              caCertificateRefs: [{group: "", kind: ConfigMap, name: partner-ca, namespace: partners}]
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Scope, Status
from migrate.annotations.references import denied, name_ns, written
from migrate.findings import Code, Severity
from migrate.intents import ClientTLS

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
SECRET, VERIFY_CLIENT, DEPTH, ERROR_PAGE, PASS_CERT, MATCH_CN, CIPHERS, PREFER = KEYS

DENIED = Code("IM538", "client-tls-denied", Severity.ERROR, "ingress-nginx answered 403: auth-tls-secret unusable")
CODES = (DENIED,)
# authtls: a denied auth-tls-secret sets AuthTLSError, and nginx.tmpl answers the whole server with 403.
_DENIED_ANSWER = "403 (the whole host, nginx.tmpl AuthTLSError)"


def apply(ctx: Context) -> None:
    # Values the validators refused never get here (`validators.report` took them out of play).
    secret = ctx.get(SECRET.name)
    if secret is None or not secret.text:
        ignored = ctx.get(VERIFY_CLIENT.name)
        if ignored is not None and SECRET.name not in ctx.rejected:
            ctx.flag(
                VERIFY_CLIENT,
                f"{ignored.key} is ignored by ingress-nginx without auth-tls-secret, so clients were not asked for "
                "certificates, and the output asks for none",
            )
        return
    parsed = name_ns(secret.text.strip())
    if parsed is None:
        denied(ctx, SECRET, DENIED, "is not namespace/name", answer=_DENIED_ANSWER)
        return
    namespace = parsed[0] or ctx.ingress.namespace or ""
    if ctx.ingress.namespace is not None and namespace != ctx.ingress.namespace:
        denied(
            ctx,
            SECRET,
            DENIED,
            f"names a Secret in namespace {namespace}, not the Ingress's, which ingress-nginx accepts only with "
            "allow-cross-namespace-resources enabled (off by default)",
            answer=_DENIED_ANSWER,
        )
        return
    verify = ctx.get(VERIFY_CLIENT.name)
    mode = verify.text.strip() if verify is not None and verify.text.strip() else "on"
    if mode == "off":
        ctx.flag(
            VERIFY_CLIENT,
            f"{ctx.values[VERIFY_CLIENT.name].key} off: ingress-nginx did not ask this host's clients for "
            "certificates despite auth-tls-secret, and the output asks for none",
        )
        return
    at = written(verify) if verify is not None else None
    ctx.intents.server.client_tls = ClientTLS((namespace, parsed[1]), mode, written(secret), at)


FAMILY = Family(
    "Client certificates and TLS options",
    KEYS,
    apply,
    handles=frozenset({SECRET.name, VERIFY_CLIENT.name}),
    codes=CODES,
)
