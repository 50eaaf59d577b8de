"""Removed annotations: names ingress-nginx dropped before its last release, still found in old repositories.

The last releases ignore them silently, so an Ingress carrying one was already not getting what the key asked
for; each gets its own finding that says what replaced it, so the user can decide whether the behaviour is
still wanted.
"""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

_OPENTRACING = "removed; enable-opentelemetry replaced it"
_WAF = "removed with the Lua WAF; nothing replaces it"
_INFLUXDB = "removed with the InfluxDB module; nothing replaces it"
_GLOBAL_RATE_LIMIT = "removed; only the local limit-* annotations remain"

KEYS = (
    Key("secure-backends", Status.LEGACY, "IM700", "removed; backend-protocol: HTTPS replaced it"),
    Key("grpc-backend", Status.LEGACY, "IM701", "removed; backend-protocol: GRPC replaced it"),
    Key("add-base-url", Status.LEGACY, "IM702", "removed; nothing replaces it"),
    Key("base-url-scheme", Status.LEGACY, "IM703", "removed; nothing replaces it"),
    Key("session-cookie-hash", Status.LEGACY, "IM704", "removed; session cookies are no longer hashed"),
    Key("upstream-max-fails", Status.LEGACY, "IM705", "removed; passive health checks went with it"),
    Key("upstream-fail-timeout", Status.LEGACY, "IM706", "removed; passive health checks went with it"),
    Key("lua-resty-waf", Status.LEGACY, "IM707", _WAF),
    Key("lua-resty-waf-debug", Status.LEGACY, "IM708", _WAF),
    Key("lua-resty-waf-ignore-rulesets", Status.LEGACY, "IM709", _WAF),
    Key("lua-resty-waf-extra-rules", Status.LEGACY, "IM710", _WAF),
    Key("lua-resty-waf-allow-unknown-content-types", Status.LEGACY, "IM711", _WAF),
    Key("lua-resty-waf-score-threshold", Status.LEGACY, "IM712", _WAF),
    Key("lua-resty-waf-process-multipart-body", Status.LEGACY, "IM713", _WAF),
    Key("enable-influxdb", Status.LEGACY, "IM714", _INFLUXDB),
    Key("influxdb-measurement", Status.LEGACY, "IM715", _INFLUXDB),
    Key("influxdb-port", Status.LEGACY, "IM716", _INFLUXDB),
    Key("influxdb-host", Status.LEGACY, "IM717", _INFLUXDB),
    Key("influxdb-server-name", Status.LEGACY, "IM718", _INFLUXDB),
    Key("enable-opentracing", Status.LEGACY, "IM719", _OPENTRACING),
    Key("opentracing-trust-incoming-span", Status.LEGACY, "IM720", _OPENTRACING),
    Key("global-rate-limit", Status.LEGACY, "IM721", _GLOBAL_RATE_LIMIT),
    Key("global-rate-limit-window", Status.LEGACY, "IM722", _GLOBAL_RATE_LIMIT),
    Key("global-rate-limit-key", Status.LEGACY, "IM723", _GLOBAL_RATE_LIMIT),
    Key("global-rate-limit-ignored-cidrs", Status.LEGACY, "IM724", _GLOBAL_RATE_LIMIT),
)

FAMILY = Family("Removed annotations", KEYS)
