"""External authentication."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("auth-url", Status.EXPERIMENTAL, "IM540", "experimental ExternalAuth filter (HTTP)"),
    Key("auth-response-headers", Status.EXPERIMENTAL, "IM541", "experimental ExternalAuth allowedResponseHeaders"),
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

FAMILY = Family("External authentication", KEYS)
