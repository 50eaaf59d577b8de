"""External authentication: every request is first checked by an HTTP service.

ingress-nginx sends an auth_request subrequest (authreq/main.go, nginx.tmpl) to the fixed auth-url, with
the client's headers and without its body, lets the request through on any 2xx, and answers 401/403 as
the service did. With --channel experimental this becomes an ExternalAuth filter (protocol HTTP,
backendRef a Service). The Gateway differs in ways that break common setups, and says so: it appends the
client's path to `http.path`, takes only 200 as success, forwards only a few request headers unless
`allowedHeaders` lists more, and copies every response header when `allowedResponseHeaders` is empty.

    nginx.ingress.kubernetes.io/auth-url: http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth
    nginx.ingress.kubernetes.io/auth-response-headers: X-Auth-Request-User
    ->
    filters:
    - type: ExternalAuth
      externalAuth:
        protocol: HTTP
        backendRef: {name: oauth2-proxy, namespace: auth, port: 4180}
        http: {path: /oauth2/auth, allowedResponseHeaders: [X-Auth-Request-User]}
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.references import service_url, written
from migrate.findings import Code, Severity
from migrate.intents import ExternalAuth

_AUTH_USE = (
    "Envoy Gateway SecurityPolicy.spec.extAuth.http (its pathOverride keeps nginx's fixed URL; "
    "headersToBackend), kgateway GatewayExtension extAuth with TrafficPolicy.spec.extAuth"
)

KEYS = (
    Key(
        "auth-url",
        Status.EXPERIMENTAL,
        "IM540",
        "an ExternalAuth filter (protocol HTTP) to the Service the URL names",
        use=_AUTH_USE,
    ),
    Key(
        "auth-response-headers",
        Status.EXPERIMENTAL,
        "IM541",
        "the ExternalAuth filter's http.allowedResponseHeaders",
        use=_AUTH_USE,
    ),
    Key(
        "auth-method",
        Status.NONE,
        "IM542",
        "nothing",
        why="the HTTP method of the auth request cannot be chosen",
        use="nothing carries it",
    ),
    Key(
        "auth-signin",
        Status.NONE,
        "IM543",
        "nothing: implementation OIDC policies replace the sign-in redirect",
        why="redirecting unauthenticated clients to a sign-in page is not part of external auth",
        use=(
            "an OIDC policy instead of the sign-in redirect: Envoy Gateway SecurityPolicy.spec.oidc, NGINX Gateway "
            "Fabric AuthenticationFilter (type OIDC)"
        ),
    ),
    Key(
        "auth-signin-redirect-param",
        Status.NONE,
        "IM544",
        "nothing",
        why="it only names the return-URL parameter of auth-signin",
        use="nothing: it goes with auth-signin (an OIDC policy handles the return URL itself)",
    ),
    Key(
        "auth-request-redirect",
        Status.NONE,
        "IM545",
        "nothing",
        why="the X-Auth-Request-Redirect header sent to the auth service cannot be set",
        use="nothing: the auth service must take the original URL from the forwarded request",
    ),
    Key(
        "auth-proxy-set-headers",
        Status.NONE,
        "IM546",
        "nothing",
        why="extra headers for the auth service cannot be set",
        use="nothing: add them in the auth service itself",
    ),
    Key(
        "auth-cache-key",
        Status.NONE,
        "IM547",
        "nothing",
        why="caching auth responses has no equivalent",
        use="nothing: let the auth service cache its answers",
    ),
    Key(
        "auth-cache-duration",
        Status.NONE,
        "IM548",
        "nothing",
        why="caching auth responses has no equivalent",
        use="nothing: let the auth service cache its answers",
    ),
    Key(
        "auth-always-set-cookie",
        Status.NONE,
        "IM549",
        "nothing",
        why="copying Set-Cookie from failed auth responses has no equivalent",
        use="nothing carries it",
    ),
    Key(
        "auth-keepalive",
        Status.NONE,
        "IM550",
        "nothing",
        why="connection reuse to the auth service is implementation tuning",
        use="nothing: implementations keep their own connection pools",
    ),
    Key(
        "auth-keepalive-requests",
        Status.NONE,
        "IM551",
        "nothing",
        why="connection reuse to the auth service is implementation tuning",
        use="nothing: implementations keep their own connection pools",
    ),
    Key(
        "auth-keepalive-share-vars",
        Status.NONE,
        "IM552",
        "nothing",
        why="sharing nginx variables with the auth subrequest has no equivalent",
        use="nothing carries it",
    ),
    Key(
        "auth-keepalive-timeout",
        Status.NONE,
        "IM553",
        "nothing",
        why="connection reuse to the auth service is implementation tuning",
        use="nothing: implementations keep their own connection pools",
    ),
    Key(
        "enable-global-auth",
        Status.POLICY,
        "IM554",
        "nothing standard; implementation Gateway-level auth policies",
        why="a Gateway-wide auth service with a per-route opt-out is implementation policy",
        use=(
            "kgateway TrafficPolicy.spec.extAuth.disable on the route; Envoy Gateway a SecurityPolicy on the Gateway "
            "overridden by one on the route (guess); NGINX Gateway Fabric: nothing"
        ),
    ),
)
URL, RESPONSE_HEADERS, METHOD = KEYS[:3]

UNRESOLVED = Code(
    "IM555", "auth-url-not-a-service", Severity.ERROR, "an auth URL naming no Service: routes unprotected"
)
SEMANTICS = Code("IM556", "external-auth-semantics", Severity.WARNING, "the ExternalAuth filter checks differently")
DROPPED = Code("IM559", "external-auth-dropped", Severity.ERROR, "auth a route cannot carry: the route is unprotected")
CODES = (UNRESOLVED, SEMANTICS, DROPPED)


def apply(ctx: Context) -> None:
    # Values the validators refused never get here: a refused or denied auth-url was reported by them.
    value = ctx.get(URL.name)
    if value is None or not value.text.strip():
        header_value = ctx.get(RESPONSE_HEADERS.name)
        if ctx.experimental and header_value is not None and URL.name not in ctx.rejected:
            ctx.flag(RESPONSE_HEADERS, f"{header_value.key} is ignored by ingress-nginx without auth-url")
        return
    if not ctx.experimental:
        ctx.report(
            URL,
            f"{value.key} is not converted on the standard channel, so these routes are NOT authenticated: "
            f"Gateway API's experimental channel carries it as {URL.becomes}: rerun with --channel experimental if "
            f"your implementation supports it, or use {URL.use}",
            code=DROPPED,
        )
        return
    url = service_url(value.text)
    if isinstance(url, str):
        ctx.flag(
            URL,
            f"{value.key} {value.text!r} {url}, so no ExternalAuth filter can name its Service and these routes "
            "are NOT authenticated: write the URL of the auth Service",
            code=UNRESOLVED,
        )
        return
    header_value = ctx.get(RESPONSE_HEADERS.name)
    headers = tuple(h.strip() for h in header_value.text.split(",") if h.strip()) if header_value else ()
    ctx.intents.location.external_auth = ExternalAuth(url, headers, written(value))


FAMILY = Family(
    "External authentication",
    KEYS,
    apply,
    handles=frozenset({URL.name, RESPONSE_HEADERS.name}),
    codes=CODES,
)
