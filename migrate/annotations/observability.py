"""Logs and tracing (ingress-nginx internal/ingress/annotations/log, opentelemetry).

Gateway API configures neither access logs nor tracing, so nothing here is converted; implementations do it
per Gateway, some per route.

    nginx.ingress.kubernetes.io/enable-opentelemetry: "true"
    nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span: "false"

traced every path of the Ingress, starting new traces instead of joining the caller's. On NGINX Gateway
Fabric an ObservabilityPolicy on the HTTPRoute (tracing.strategy, tracing.context inject) with the
exporter in NginxProxy; on Envoy Gateway the provider in EnvoyProxy.spec.telemetry.tracing and the
sampling per route in a BackendTrafficPolicy.

ingress-nginx reads the two opentelemetry-* options only when enable-opentelemetry is true on the Ingress.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.parsing import go_bool
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "enable-access-log",
        Status.POLICY,
        "IM610",
        "nothing standard; implementation access-log settings",
        why="access logging is configured per gateway, outside Gateway API",
        use=(
            "Envoy Gateway EnvoyProxy.spec.telemetry.accessLog.disable (approx: the whole Gateway), NGINX Gateway "
            "Fabric NginxProxy.spec.logging.accessLog.disable (approx: the whole Gateway; per route only a "
            "SnippetsFilter with access_log off;), kgateway ListenerPolicy.spec.default.httpSettings.accessLog[] "
            "(approx: per listener, with filters)"
        ),
    ),
    Key(
        "enable-rewrite-log",
        Status.NONE,
        "IM611",
        "nothing",
        why="nginx's rewrite debugging log has no equivalent",
        use="nothing: remove it (it only added notice-level lines to the error log)",
    ),
    Key(
        "enable-opentelemetry",
        Status.POLICY,
        "IM612",
        "nothing standard; implementation tracing policies",
        why="tracing is configured by implementation policies",
        use=(
            "Envoy Gateway EnvoyProxy.spec.telemetry.tracing (the provider, for the whole Gateway) with "
            "BackendTrafficPolicy.spec.telemetry.tracing per route, NGINX Gateway Fabric "
            "ObservabilityPolicy.spec.tracing on the HTTPRoute with NginxProxy.spec.telemetry.exporter, kgateway "
            "TrafficPolicy.spec.tracing on the route with ListenerPolicy.spec.default.httpSettings.tracing.provider"
        ),
    ),
    Key(
        "opentelemetry-operation-name",
        Status.NONE,
        "IM613",
        "nothing",
        why="the span name of a location has no equivalent",
        use="nothing: spans get the implementation's names",
    ),
    Key(
        "opentelemetry-trust-incoming-span",
        Status.POLICY,
        "IM614",
        "nothing standard; implementation tracing settings",
        why="whether to join the caller's trace is an implementation tracing setting",
        use=(
            "NGINX Gateway Fabric ObservabilityPolicy.spec.tracing.context (approx: extract or propagate trust "
            "the incoming span, inject or ignore do not); Envoy Gateway and kgateway: no field found"
        ),
    ),
)
ACCESS_LOG, REWRITE_LOG, OTEL, OPERATION, TRUST = KEYS

NO_EFFECT = Code("IM615", "telemetry-option-unused", Severity.INFO, "a logging or tracing option without effect")


def _apply(ctx: Context) -> None:
    access = ctx.get(ACCESS_LOG.name)
    if access is not None and go_bool(normal(access.text)) is True:
        ctx.report(ACCESS_LOG, f"{access.key} is true, ingress-nginx's default: nothing to migrate", code=NO_EFFECT)
    elif access is not None:
        ctx.report(ACCESS_LOG, f"{not_converted(ACCESS_LOG, access.key)}. It switched access logs off here")
    rewrite = ctx.get(REWRITE_LOG.name)
    if rewrite is not None and go_bool(normal(rewrite.text)) is False:
        ctx.report(REWRITE_LOG, f"{rewrite.key} is false, the default: nothing to migrate", code=NO_EFFECT)
    otel = ctx.get(OTEL.name)
    on = go_bool(normal(otel.text)) if otel is not None else None
    if otel is not None:
        said = (
            "traced every path of this Ingress" if on else "switched tracing off here (the ConfigMap may switch it on)"
        )
        ctx.report(OTEL, f"{not_converted(OTEL, otel.key)}. It {said}")
    for key in (OPERATION, TRUST):
        value = ctx.get(key.name)
        if value is not None and on is not True:
            ctx.report(
                key,
                f"{value.key} is ignored: ingress-nginx reads it only when enable-opentelemetry is true on the "
                "Ingress: remove it, or see enable-opentelemetry",
                code=NO_EFFECT,
            )


FAMILY = Family("Logs and tracing", KEYS, _apply, codes=(NO_EFFECT,))
