"""Canary: canary, canary-by-header(-value, -pattern), canary-by-cookie, canary-weight(-total).

A canary Ingress creates no location of its own: each of its paths becomes the alternative backend of the
primary location with the same host, path and pathType (controller.go mergeAlternativeBackends), and the Lua
balancer sends a request of any location proxying to that primary Service to the canary when, in order:
the header matches (canary-by-header-value exactly, else canary-by-header-pattern, else the value `always`;
`never` sends it to the primary and stops), the cookie is `always` (`never`: primary, stop), or a random draw
falls under the weight (balancer.lua route_to_alternative_balancer). `migrate.nginx.canary` attaches canaries,
`migrate.gateway.canary` rebuilds that order from Gateway API match precedence.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/canary: "true"
        nginx.ingress.kubernetes.io/canary-by-header: X-Canary
        nginx.ingress.kubernetes.io/canary-weight: "10"

adds to the primary's rules, for the same path:

    - matches: [{path: ..., headers: [{name: X-Canary, value: always}]}]
      backendRefs: [{name: app-canary, port: 80}]
    - matches: [{path: ..., headers: [{name: X-Canary, value: never}]}]
      backendRefs: [{name: app, port: 80}]
    - matches: [{path: ...}]
      backendRefs: [{name: app, port: 80, weight: 90}, {name: app-canary, port: 80, weight: 10}]

Values the validators reject fall back to the parser's defaults (no header, weight 0, total 100), as the
dispatcher reports; canary-* keys on an Ingress without `canary: "true"` make the parser return an error,
so the controller ignored them.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.values import integer, remember, text
from migrate.findings import Code, Severity
from migrate.intents import CanaryRules

KEYS = (
    Key(
        "canary", Status.STANDARD, "IM440", "canary backends merged into the primary rules (weights and header matches)"
    ),
    Key("canary-by-header", Status.STANDARD, "IM441", "rules matching the header: always -> canary, never -> primary"),
    Key("canary-by-header-value", Status.STANDARD, "IM442", "rule with an Exact header match -> canary"),
    Key(
        "canary-by-header-pattern",
        Status.STANDARD,
        "IM443",
        "rule with a RegularExpression header match -> canary (implementation-specific regex)",
    ),
    Key(
        "canary-by-cookie",
        Status.STANDARD,
        "IM444",
        "rule with a RegularExpression match on the Cookie header -> canary (implementation-specific regex)",
    ),
    Key("canary-weight", Status.STANDARD, "IM445", "backendRef weights: canary = weight, primary = total - weight"),
    Key("canary-weight-total", Status.STANDARD, "IM446", "the total the backendRef weights add up to"),
)
CANARY, BY_HEADER, BY_HEADER_VALUE, BY_HEADER_PATTERN, BY_COOKIE, WEIGHT, WEIGHT_TOTAL = KEYS

NOT_ATTACHED = Code("IM447", "canary-not-attached", Severity.WARNING, "a canary path has no primary, so it was deleted")
SHARED_UPSTREAM = Code(
    "IM448", "canary-shared-upstream", Severity.INFO, "a canary also applies to other locations of its primary Service"
)
SHADOWED = Code("IM449", "canary-shadowed", Severity.WARNING, "a second canary for the same primary was never used")
CODES = (NOT_ATTACHED, SHARED_UPSTREAM, SHADOWED)


def apply(ctx: Context) -> None:
    if not ctx.intents.canary:
        _configured_but_not_enabled(ctx)
        return
    enabled = ctx.get(CANARY.name)
    if enabled is not None:
        remember(ctx, enabled)
    ctx.intents.canary_rules = CanaryRules(
        header=_text(ctx, BY_HEADER),
        header_value=_text(ctx, BY_HEADER_VALUE),
        header_pattern=_text(ctx, BY_HEADER_PATTERN),
        cookie=_text(ctx, BY_COOKIE),
        weight=_number(ctx, WEIGHT, 0),
        weight_total=_number(ctx, WEIGHT_TOTAL, 100),
    )


def _configured_but_not_enabled(ctx: Context) -> None:
    """The canary parser returns an error for canary settings without `canary: "true"`: the Ingress is then an
    ordinary one and its canary-* keys do nothing."""
    for key in KEYS[1:]:
        value = ctx.get(key.name)
        if value is not None:
            ctx.flag(
                key,
                f'{value.key} has no effect without {ctx.options.annotation_prefix}/canary: "true": ingress-nginx '
                "served this Ingress as an ordinary one, and so does the output: remove it, or mark the Ingress as "
                "a canary",
                value=value,
            )


def _text(ctx: Context, key: Key) -> str:
    value = ctx.get(key.name)
    if value is None:
        return ""
    remember(ctx, value)
    return text(value)


def _number(ctx: Context, key: Key, default: int) -> int:
    value = ctx.get(key.name)
    number = integer(value) if value is not None else None
    if value is None or number is None:
        return default
    remember(ctx, value)
    return number


FAMILY = Family("Canary", KEYS, apply, frozenset(key.name for key in KEYS), CODES)
