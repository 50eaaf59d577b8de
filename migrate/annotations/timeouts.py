"""Timeouts and retries towards the backend.

nginx's proxy_read_timeout and proxy_send_timeout bound the time between two successive reads from, or
writes to, the backend; a response that keeps flowing never times out. Gateway API's rule timeouts bound
a total time. `timeouts.backendRequest` is the closer of the two: like nginx's timeouts it applies to
each attempt at a backend, where `timeouts.request` covers the whole exchange, retries included. It gets
the larger of the two values written, and the difference is flagged. Without the annotations nothing is
written: ingress-nginx's defaults (60s between reads and writes, 5s to connect) have no standard
counterpart, and a Gateway without a timeout applies its implementation's default.

With --channel experimental, proxy-next-upstream* become the rule's `retry` (attempts = tries - 1, codes
from the http_NNN conditions) and proxy-next-upstream-timeout its `timeouts.request`.

    nginx.ingress.kubernetes.io/proxy-read-timeout: "300"
    ->
    rules:
    - timeouts: {backendRequest: 5m}
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, Value
from migrate.annotations.parsing import go_int
from migrate.annotations.references import written
from migrate.intents import BackendTimeout, Retry, Written

_RETRY_USE = (
    "Envoy Gateway BackendTrafficPolicy.spec.retry (retryOn.triggers, retryOn.httpStatusCodes, numRetries, "
    "perRetry.timeout), kgateway TrafficPolicy.spec.retry"
)

KEYS = (
    Key(
        "proxy-connect-timeout",
        Status.POLICY,
        "IM470",
        "nothing standard; implementation connect-timeout policies",
        why="the connect timeout to backends is an implementation setting",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.timeout.tcp.connectTimeout (includes the TLS handshake), NGINX "
            'Gateway Fabric ProxySettingsPolicy.spec.timeout.connect (seconds as "5s"), kgateway '
            "BackendConfigPolicy.spec.connectTimeout (on the Service)"
        ),
    ),
    Key(
        "proxy-read-timeout",
        Status.STANDARD,
        "IM471",
        "rule timeouts.backendRequest (total time, not time between reads)",
    ),
    Key(
        "proxy-send-timeout",
        Status.STANDARD,
        "IM472",
        "rule timeouts.backendRequest (total time, not time between writes)",
    ),
    Key(
        "proxy-next-upstream",
        Status.EXPERIMENTAL,
        "IM473",
        "the rule's retry.codes (from its http_NNN conditions)",
        use=_RETRY_USE,
    ),
    Key(
        "proxy-next-upstream-timeout",
        Status.EXPERIMENTAL,
        "IM474",
        "the rule's timeouts.request, bounding the request with its retries (approximate)",
        use=_RETRY_USE,
    ),
    Key(
        "proxy-next-upstream-tries",
        Status.EXPERIMENTAL,
        "IM475",
        "the rule's retry.attempts (tries - 1)",
        use=_RETRY_USE,
    ),
)
CONNECT, READ, SEND, NEXT, NEXT_TIMEOUT, NEXT_TRIES = KEYS

DEFAULT_CONDITIONS: tuple[str, ...] = ("error", "timeout")
DEFAULT_TRIES = 3


def apply(ctx: Context) -> None:
    # Values the validators refused never get here: ingress-nginx used its defaults for them.
    timeouts: list[tuple[int, Written]] = []
    for key in (READ, SEND):
        value = ctx.get(key.name)
        seconds = _seconds(ctx, key, value)
        if value is not None and seconds is not None:
            timeouts.append((seconds, written(value)))
    if timeouts:
        longest = max(seconds for seconds, _ in timeouts)
        ctx.intents.location.timeout = BackendTimeout(longest, tuple(at for _, at in timeouts))
    if ctx.experimental:
        _retry(ctx)


def _seconds(ctx: Context, key: Key, value: Value | None) -> int | None:
    if value is None or not value.text:
        return None
    seconds = go_int(value.text)
    if seconds is None:
        return None
    if seconds <= 0:
        ctx.flag(
            key,
            f"{value.key} {value.text!r} is not a usable timeout (nginx rejects a negative one, and 0 fails at "
            "once); it is not converted: write a number of seconds",
        )
        return None
    return seconds


def _retry(ctx: Context) -> None:
    present = [ctx.get(key.name) for key in (NEXT, NEXT_TIMEOUT, NEXT_TRIES)]
    if not any(present):
        return
    value = ctx.get(NEXT.name)
    conditions = tuple(value.text.split()) if value is not None and value.text.strip() else DEFAULT_CONDITIONS
    tries = _count(ctx, NEXT_TRIES, DEFAULT_TRIES)
    budget = _count(ctx, NEXT_TIMEOUT, 0)
    at = tuple(written(v) for v in present if v is not None)
    ctx.intents.location.retry = Retry(conditions, tries, budget, at)


def _count(ctx: Context, key: Key, default: int) -> int:
    value = ctx.get(key.name)
    number = go_int(value.text) if value is not None else None
    return number if number is not None and number >= 0 else default


FAMILY = Family(
    "Timeouts and retries",
    KEYS,
    apply,
    handles=frozenset(key.name for key in (READ, SEND, NEXT, NEXT_TIMEOUT, NEXT_TRIES)),
)
