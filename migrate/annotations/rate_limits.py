"""Rate limits (ingress-nginx internal/ingress/annotations/ratelimit).

Gateway API has no rate limiting, so nothing here is converted; the findings spell out the limit
ingress-nginx enforced, which is easy to misread: it counts per client address and per controller replica.

    nginx.ingress.kubernetes.io/limit-rps: "10"
    nginx.ingress.kubernetes.io/limit-burst-multiplier: "3"

allowed each client address 10 requests per second on each controller replica (with 3 replicas, up to 30
in the cluster), with bursts of 30, and answered 503 above it. Envoy Gateway carries it as a
BackendTrafficPolicy rateLimit.local rule (limit.requests 10, unit Second, a Distinct sourceCIDR selector
for per-client counting; Envoy answers 429); NGINX Gateway Fabric as a RateLimitPolicy (rate 10r/s, key
$binary_remote_addr, burst 30, rejectCode 503).

How ingress-nginx read them: 0 switches a limit off; without limit-rps, limit-rpm or limit-connections
above 0 the multiplier and the allowlist do nothing; limit-whitelist is the old name of limit-allowlist;
limit-rate (KB/s per connection) and limit-rate-after work on their own.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, Value, not_converted
from migrate.annotations.parsing import cidrs, go_int
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

_WHY = "rate limiting is left to implementation policies"
_EXEMPT = (
    "Envoy Gateway BackendTrafficPolicy.spec.rateLimit.local.rules[].clientSelectors[].sourceCIDR with invert "
    "true, one per exempt range (guess); NGINX Gateway Fabric and kgateway have no exemption (NGF: a "
    "SnippetsPolicy with geo/map, by hand)"
)


def _requests(unit: str, rate: str) -> str:
    return (
        f"Envoy Gateway BackendTrafficPolicy.spec.rateLimit.local.rules[] (limit.requests, limit.unit {unit}, a "
        "clientSelectors[].sourceCIDR of type Distinct to count per client; Envoy answers 429, not 503), "
        f"NGINX Gateway Fabric RateLimitPolicy.spec.rateLimit.local.rules[] (rate {rate}, key "
        "$binary_remote_addr; rateLimit.rejectCode 503 keeps the status), kgateway "
        "TrafficPolicy.spec.rateLimit.local.tokenBucket (approx: one bucket for all clients; per client needs "
        "global descriptors and a rate-limit service)"
    )


KEYS = (
    Key(
        "limit-rps",
        Status.POLICY,
        "IM580",
        "nothing standard; implementation rate-limit policies",
        why=_WHY,
        use=_requests("Second", '"Nr/s"'),
    ),
    Key(
        "limit-rpm",
        Status.POLICY,
        "IM581",
        "nothing standard; implementation rate-limit policies",
        why=_WHY,
        use=_requests("Minute", '"Nr/m"'),
    ),
    Key(
        "limit-connections",
        Status.POLICY,
        "IM582",
        "nothing standard; implementation connection limits",
        why="connection limits are left to implementation policies",
        use=(
            "Envoy Gateway ClientTrafficPolicy.spec.connection.connectionLimit.value (approx: per listener, not per "
            "client address); NGINX Gateway Fabric and kgateway have no field (NGF: a SnippetsFilter with limit_conn)"
        ),
    ),
    Key(
        "limit-burst-multiplier",
        Status.POLICY,
        "IM583",
        "nothing standard; implementation rate-limit policies",
        why=_WHY,
        use=(
            "NGINX Gateway Fabric RateLimitPolicy.spec.rateLimit.local.rules[].burst (rate x multiplier), kgateway "
            "TrafficPolicy.spec.rateLimit.local.tokenBucket.maxTokens (approx); Envoy Gateway local rules have no "
            "burst"
        ),
    ),
    Key(
        "limit-rate",
        Status.POLICY,
        "IM584",
        "nothing standard; implementation bandwidth limits",
        why="bandwidth limits are left to implementation policies",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.bandwidthLimit.response.limit (approx: per route, not per "
            "connection), kgateway TrafficPolicy.spec.faultInjection.responseRateLimit.kbitsPerSecond (guess: a "
            "fault-injection feature, kbit/s), NGINX Gateway Fabric only a SnippetsFilter (limit_rate)"
        ),
    ),
    Key(
        "limit-rate-after",
        Status.NONE,
        "IM585",
        "nothing",
        why="the amount sent at full speed before limit-rate applies has no field",
        use="nothing but an NGINX Gateway Fabric SnippetsFilter (limit_rate_after); elsewhere it goes with limit-rate",
    ),
    Key(
        "limit-allowlist",
        Status.POLICY,
        "IM586",
        "nothing standard; implementation rate-limit policies",
        why=_WHY,
        use=_EXEMPT,
    ),
    Key(
        "limit-whitelist",
        Status.POLICY,
        "IM587",
        "nothing standard; implementation rate-limit policies",
        why=_WHY,
        use=_EXEMPT,
        alias_of="limit-allowlist",
    ),
)
RPS, RPM, CONNECTIONS, MULTIPLIER, RATE, RATE_AFTER, ALLOWLIST, WHITELIST = KEYS

LIMIT_OFF = Code("IM588", "limit-off", Severity.INFO, "a rate limit of 0, which switches it off")
UNUSED = Code("IM589", "limit-option-unused", Severity.INFO, "a rate-limit option ingress-nginx did not use")
_DEFAULT_MULTIPLIER = 5  # ratelimit.go defBurst


def _number(value: Value | None) -> int:
    return (go_int(normal(value.text)) or 0) if value is not None else 0


def _apply(ctx: Context) -> None:
    multiplier_value = ctx.get(MULTIPLIER.name)
    multiplier = _number(multiplier_value) if multiplier_value is not None else _DEFAULT_MULTIPLIER
    active = False
    for key, unit in ((RPS, "second"), (RPM, "minute")):
        value = ctx.get(key.name)
        if value is None:
            continue
        limit = _number(value)
        if limit <= 0:
            ctx.report(key, f"{value.key} is {limit}, which switches the limit off: nothing to migrate", code=LIMIT_OFF)
            continue
        active = True
        ctx.report(
            key,
            f"{not_converted(key, value.key)}. ingress-nginx allowed each client address {limit} requests per "
            f"{unit} on each controller replica (N replicas let N x {limit} through), bursts of {limit * multiplier}"
            f" (x{multiplier}), and answered 503 above that",
        )
    connections = ctx.get(CONNECTIONS.name)
    if connections is not None:
        limit = _number(connections)
        if limit <= 0:
            ctx.report(CONNECTIONS, f"{connections.key} is {limit}, which switches the limit off", code=LIMIT_OFF)
        else:
            active = True
            ctx.report(
                CONNECTIONS,
                f"{not_converted(CONNECTIONS, connections.key)}. ingress-nginx allowed each client address "
                f"{limit} concurrent connections on each controller replica and answered 503 above that",
            )
    _options(ctx, active)


def _options(ctx: Context, active: bool) -> None:
    """The multiplier and the allowlist only shape the limits above; the old allowlist name yields."""
    allowlist = ctx.get(ALLOWLIST.name)
    whitelist = ctx.get(WHITELIST.name)
    if whitelist is not None and allowlist is not None and allowlist.text:
        ctx.report(
            WHITELIST,
            f"{whitelist.key} is ignored: ingress-nginx reads this old name only when limit-allowlist is absent or "
            "empty: remove it",
            code=UNUSED,
        )
        whitelist = None
    for key, value in ((MULTIPLIER, ctx.get(MULTIPLIER.name)), (ALLOWLIST, allowlist), (WHITELIST, whitelist)):
        if value is None:
            continue
        if not active:
            ctx.report(
                key,
                f"{value.key} did nothing: it shapes limit-rps, limit-rpm and limit-connections, and this Ingress "
                "sets none of them above 0: remove it",
                code=UNUSED,
            )
        elif key is not MULTIPLIER:
            exempt = ", ".join(cidrs(normal(value.text)) or []) or "no address"
            ctx.report(key, f"{not_converted(key, value.key)}. It exempted {exempt} from the limits")
    rate = ctx.get(RATE.name)
    after = ctx.get(RATE_AFTER.name)
    if rate is not None:
        speed = _number(rate)
        if speed <= 0:
            ctx.report(RATE, f"{rate.key} is {speed}, which leaves responses unthrottled", code=LIMIT_OFF)
        else:
            ctx.report(
                RATE,
                f"{not_converted(RATE, rate.key)}. ingress-nginx sent each response at most {speed} KB/s per "
                "connection",
            )
    if after is not None and (rate is None or _number(rate) <= 0):
        ctx.report(RATE_AFTER, f"{after.key} did nothing without a limit-rate above 0: remove it", code=UNUSED)


FAMILY = Family("Rate limits", KEYS, _apply, codes=(LIMIT_OFF, UNUSED))
