"""Removed annotations: names ingress-nginx dropped before its last release, still found in old repositories.

The last releases ignore them silently, so an Ingress carrying one was already not getting what the key asked
for; each gets its own finding that says what replaced it, so the user can decide whether the behaviour is
still wanted.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, removed
from migrate.annotations.parsing import go_bool
from migrate.annotations.validation_table import normal

_OPENTRACING = "removed; enable-opentelemetry replaced it"
_WAF = "removed with the Lua WAF; nothing replaces it"
_INFLUXDB = "removed with the InfluxDB module; nothing replaces it"
_METRICS = "the implementation's metrics (Envoy Gateway EnvoyProxy.spec.telemetry.metrics.sinks)"
_BASE = "a <base> element written by the application itself"
_GLOBAL_RATE_LIMIT = "removed; only the local limit-* annotations remain"
_PASSIVE = "an implementation's passive health checks (Envoy Gateway BackendTrafficPolicy.spec.healthCheck.passive)"
_WAF_USE = "an implementation's WAF (see enable-modsecurity)"
_GLOBAL_USE = (
    "an implementation's global rate limit (Envoy Gateway BackendTrafficPolicy.spec.rateLimit.global, kgateway "
    "TrafficPolicy.spec.rateLimit.global, both with a rate-limit service)"
)

KEYS = (
    Key(
        "secure-backends",
        Status.LEGACY,
        "IM700",
        "removed; backend-protocol: HTTPS replaced it",
        use="backend-protocol: HTTPS (converted to a BackendTLSPolicy)",
    ),
    Key(
        "grpc-backend",
        Status.LEGACY,
        "IM701",
        "removed; backend-protocol: GRPC replaced it",
        use="backend-protocol: GRPC (converted to a GRPCRoute)",
    ),
    Key("add-base-url", Status.LEGACY, "IM702", "removed; nothing replaces it", use=_BASE),
    Key("base-url-scheme", Status.LEGACY, "IM703", "removed; nothing replaces it", use=_BASE),
    Key("session-cookie-hash", Status.LEGACY, "IM704", "removed; session cookies are no longer hashed"),
    Key(
        "upstream-max-fails",
        Status.LEGACY,
        "IM705",
        "removed; passive health checks went with it",
        use=_PASSIVE,
    ),
    Key(
        "upstream-fail-timeout",
        Status.LEGACY,
        "IM706",
        "removed; passive health checks went with it",
        use=_PASSIVE,
    ),
    Key("lua-resty-waf", Status.LEGACY, "IM707", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-debug", Status.LEGACY, "IM708", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-ignore-rulesets", Status.LEGACY, "IM709", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-extra-rules", Status.LEGACY, "IM710", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-allow-unknown-content-types", Status.LEGACY, "IM711", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-score-threshold", Status.LEGACY, "IM712", _WAF, use=_WAF_USE),
    Key("lua-resty-waf-process-multipart-body", Status.LEGACY, "IM713", _WAF, use=_WAF_USE),
    Key("enable-influxdb", Status.LEGACY, "IM714", _INFLUXDB, use=_METRICS),
    Key("influxdb-measurement", Status.LEGACY, "IM715", _INFLUXDB, use=_METRICS),
    Key("influxdb-port", Status.LEGACY, "IM716", _INFLUXDB, use=_METRICS),
    Key("influxdb-host", Status.LEGACY, "IM717", _INFLUXDB, use=_METRICS),
    Key("influxdb-server-name", Status.LEGACY, "IM718", _INFLUXDB, use=_METRICS),
    Key("enable-opentracing", Status.LEGACY, "IM719", _OPENTRACING, use="enable-opentelemetry"),
    Key(
        "opentracing-trust-incoming-span",
        Status.LEGACY,
        "IM720",
        _OPENTRACING,
        use="opentelemetry-trust-incoming-span",
    ),
    Key("global-rate-limit", Status.LEGACY, "IM721", _GLOBAL_RATE_LIMIT, use=_GLOBAL_USE),
    Key("global-rate-limit-window", Status.LEGACY, "IM722", _GLOBAL_RATE_LIMIT, use=_GLOBAL_USE),
    Key("global-rate-limit-key", Status.LEGACY, "IM723", _GLOBAL_RATE_LIMIT, use=_GLOBAL_USE),
    Key("global-rate-limit-ignored-cidrs", Status.LEGACY, "IM724", _GLOBAL_RATE_LIMIT, use=_GLOBAL_USE),
)

SECURE_BACKENDS, GRPC_BACKEND = KEYS[0], KEYS[1]
OPENTRACING = next(key for key in KEYS if key.name == "enable-opentracing")


def _apply(ctx: Context) -> None:
    """What the last releases did instead, where the replacement is missing from the Ingress."""
    protocol = ctx.get("backend-protocol")
    for key, wanted in ((SECURE_BACKENDS, "HTTPS"), (GRPC_BACKEND, "GRPC")):
        value = ctx.get(key.name)
        if value is None or go_bool(normal(value.text)) is not True:
            continue
        if protocol is not None:
            ctx.report(
                key,
                f"{value.key} was {key.becomes}; this Ingress sets backend-protocol, which is what the last releases "
                "read (and what is converted): remove this one",
            )
            continue
        ctx.report(
            key,
            f"{value.key} was {key.becomes}; the last ingress-nginx releases ignored it and, as this Ingress has no "
            f"backend-protocol, spoke plain HTTP to its backends, so it is not converted: if {wanted} is still "
            f"wanted, add backend-protocol: {wanted}",
        )
    tracing = ctx.get(OPENTRACING.name)
    if tracing is not None and go_bool(normal(tracing.text)) is True and ctx.get("enable-opentelemetry") is None:
        ctx.report(
            OPENTRACING,
            f"{removed(OPENTRACING, tracing.key)}. Without enable-opentelemetry the last releases traced these paths "
            "only if the controller ConfigMap enabled OpenTelemetry",
        )


FAMILY = Family("Removed annotations", KEYS, _apply)
