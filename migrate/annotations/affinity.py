"""Session affinity: a cookie that pins a client to one backend endpoint.

ingress-nginx's sticky balancer (sessionaffinity/main.go, balancer/sticky.lua) sets a cookie named
INGRESSCOOKIE by default, a session cookie unless session-cookie-max-age or -expires give it a lifetime.
With --channel experimental that becomes the rule's sessionPersistence (Gateway API v1.6.1 fields:
sessionName, type Cookie, absoluteTimeout, cookieConfig.lifetimeType). The cookie's attributes (path,
domain, SameSite, Secure) have no standard field.

    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/session-cookie-max-age: "172800"
    ->
    rules:
    - sessionPersistence:
        sessionName: INGRESSCOOKIE
        type: Cookie
        absoluteTimeout: 48h
        cookieConfig: {lifetimeType: Permanent}
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.parsing import go_int
from migrate.annotations.references import written
from migrate.findings import Code, Severity
from migrate.intents import Affinity

_EG_COOKIE = "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie"
_PERSISTENCE_USE = (
    f"{_EG_COOKIE} (name, ttl), kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie"
)

KEYS = (
    Key(
        "affinity",
        Status.EXPERIMENTAL,
        "IM660",
        "the rule's sessionPersistence (type Cookie)",
        use=_PERSISTENCE_USE,
    ),
    Key(
        "affinity-mode",
        Status.NONE,
        "IM661",
        "nothing: balanced or persistent stickiness cannot be chosen",
        why="whether stickiness survives scaling cannot be chosen",
        use="nothing carries it: the implementation's session persistence decides what happens when endpoints change",
    ),
    Key(
        "affinity-canary-behavior",
        Status.NONE,
        "IM662",
        "nothing: stickiness to the canary cannot be chosen",
        why="stickiness between the primary and the canary cannot be chosen",
        use=(
            "nothing: with Gateway API weights a client may move between primary and canary unless sessionPersistence"
            " (experimental) pins it"
        ),
    ),
    Key(
        "session-cookie-name",
        Status.EXPERIMENTAL,
        "IM663",
        "the rule's sessionPersistence.sessionName",
        use=_PERSISTENCE_USE,
    ),
    Key(
        "session-cookie-path",
        Status.POLICY,
        "IM664",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no cookie path",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Path (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.path; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-domain",
        Status.POLICY,
        "IM665",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no cookie domain",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Domain (guess); "
            "NGINX Gateway Fabric and kgateway: nothing"
        ),
    ),
    Key(
        "session-cookie-expires",
        Status.EXPERIMENTAL,
        "IM666",
        "the rule's sessionPersistence.absoluteTimeout (Permanent cookie)",
        use=_PERSISTENCE_USE,
    ),
    Key(
        "session-cookie-max-age",
        Status.EXPERIMENTAL,
        "IM667",
        "the rule's sessionPersistence.absoluteTimeout (Permanent cookie)",
        use=_PERSISTENCE_USE,
    ),
    Key(
        "session-cookie-samesite",
        Status.POLICY,
        "IM668",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no SameSite attribute",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes SameSite (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.sameSite; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-secure",
        Status.POLICY,
        "IM669",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no Secure attribute",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Secure (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.secure; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-conditional-samesite-none",
        Status.NONE,
        "IM670",
        "nothing",
        why="sending SameSite=None only to browsers that accept it has no equivalent",
        use="nothing: set SameSite explicitly (see session-cookie-samesite)",
    ),
    Key(
        "session-cookie-change-on-failure",
        Status.NONE,
        "IM671",
        "nothing",
        why="re-pinning the cookie after a failed backend has no equivalent",
        use="nothing: the implementation's session persistence decides",
    ),
)
AFFINITY, MODE, CANARY, NAME, PATH, DOMAIN, EXPIRES, MAX_AGE = KEYS[:8]

ON_CANARY = Code("IM672", "affinity-on-canary", Severity.INFO, "a canary's affinity follows its primary")
CODES = (ON_CANARY,)

DEFAULT_COOKIE = "INGRESSCOOKIE"
MAX_SESSION_NAME = 128


def apply(ctx: Context) -> None:
    if not ctx.experimental:
        return  # the standard channel has no sessionPersistence: the dispatcher flags these keys
    value = ctx.get(AFFINITY.name)
    cookie_keys = [key for key in (NAME, EXPIRES, MAX_AGE) if key.name in ctx.values]
    # Values the validators refused never get here: ingress-nginx used no affinity, or the key's default.
    if value is None or value.text.strip() != "cookie":
        for key in cookie_keys:
            ctx.flag(key, f"{ctx.values[key.name].key} is ignored by ingress-nginx without affinity: cookie")
        return
    if ctx.intents.canary:
        ctx.flag(
            AFFINITY,
            f"{value.key} on a canary Ingress: ingress-nginx gave the canary its primary's affinity "
            "(affinity-canary-behavior sticky), and the canary's backends share the primary's rule and its "
            "sessionPersistence, so this Ingress's own settings are not used",
            code=ON_CANARY,
        )
        return
    ctx.intents.location.affinity = Affinity(_cookie_name(ctx), _lifetime(ctx), written(value))


def _cookie_name(ctx: Context) -> str:
    value = ctx.get(NAME.name)
    if value is None or not value.text:
        return DEFAULT_COOKIE
    if len(value.text) > MAX_SESSION_NAME:
        ctx.flag(
            NAME,
            f"{value.key} is longer than the {MAX_SESSION_NAME} characters sessionName allows; the session uses "
            f"{DEFAULT_COOKIE}: shorten the name",
        )
        return DEFAULT_COOKIE
    return value.text


def _lifetime(ctx: Context) -> int | None:
    """Max-Age wins over Expires in browsers, so session-cookie-max-age is read first."""
    for key in (MAX_AGE, EXPIRES):
        value = ctx.get(key.name)
        if value is None or not value.text:
            continue
        seconds = go_int(value.text.strip())
        if seconds is None or seconds <= 0:
            ctx.flag(
                key,
                f"{value.key} {value.text!r} gives the cookie no lifetime a Gateway can carry (it must be a "
                "positive number of seconds); the session cookie has none",
            )
            continue
        return seconds
    return None


FAMILY = Family(
    "Session affinity",
    KEYS,
    apply,
    handles=frozenset(key.name for key in (AFFINITY, NAME, EXPIRES, MAX_AGE)),
    codes=CODES,
)
