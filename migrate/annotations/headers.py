"""Request and response headers: upstream-vhost, connection-proxy-header, custom-headers.

ingress-nginx sends `Host: <upstream-vhost>` and `Connection: <connection-proxy-header>` to the backend of
every location of the Ingress, and adds the response headers listed in the ConfigMap that custom-headers names
(`namespace/name`) with more_set_headers, but only if every one of them is listed in the controller's
global-allowed-response-headers; otherwise, or when the ConfigMap is missing, the location is denied (503).

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/upstream-vhost: internal.example.com
        nginx.ingress.kubernetes.io/custom-headers: shop/security-headers

becomes, with ConfigMap shop/security-headers holding `X-Frame-Options: DENY`:

    filters:
    - type: URLRewrite
      urlRewrite: {hostname: internal.example.com}
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        set: [{name: X-Frame-Options, value: DENY}]

Values the validators reject are reported by the dispatcher: upstream-vhost and connection-proxy-header
refuse the Ingress, custom-headers sets no header. After its validator, the custom-headers parser denies the
paths (503) when the ConfigMap is missing or holds a header name it does not accept.
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Family, Key, Status, Value
from migrate.annotations.values import remember, text
from migrate.findings import Code, Severity
from migrate.model import ConfigMap
from migrate.validation import DNS_SUBDOMAIN

KEYS = (
    Key("upstream-vhost", Status.STANDARD, "IM460", "URLRewrite hostname (the Host header sent to the backend)"),
    Key("connection-proxy-header", Status.STANDARD, "IM461", "RequestHeaderModifier set Connection"),
    Key("custom-headers", Status.STANDARD, "IM462", "ResponseHeaderModifier set, from the ConfigMap it names"),
)
UPSTREAM_VHOST, CONNECTION, CUSTOM_HEADERS = KEYS

CUSTOM_HEADERS_SOURCE = Code(
    "IM463", "custom-headers-configmap", Severity.WARNING, "the ConfigMap of custom-headers is missing or unusable"
)
HOP_BY_HOP = Code("IM464", "connection-hop-by-hop", Severity.INFO, "Connection is a hop-by-hop header proxies may drop")
NOT_EXPRESSIBLE = Code("IM465", "header-not-expressible", Severity.WARNING, "a header value Gateway API cannot express")
CODES = (CUSTOM_HEADERS_SOURCE, HOP_BY_HOP, NOT_EXPRESSIBLE)

MAX_HEADERS = 16  # set entries of one header modifier
# annotations/customheaders ValidHeader.
_HEADER = re.compile(r"^[a-zA-Z\d\-_]+$")


def apply(ctx: Context) -> None:
    _upstream_vhost(ctx)
    _connection(ctx)
    _custom_headers(ctx)


def _upstream_vhost(ctx: Context) -> None:
    value = ctx.get(UPSTREAM_VHOST.name)
    if value is None:
        return
    host = text(value)
    if not host:
        return
    if not DNS_SUBDOMAIN.match(host.lower()) or len(host) > 253:
        ctx.flag(
            UPSTREAM_VHOST,
            f"{value.key}: {host!r} is not a plain hostname (a port, a variable or other characters), which a "
            "Gateway API URLRewrite cannot send as the Host header; it is not converted: set the Host header with "
            "your implementation's own filter",
            code=NOT_EXPRESSIBLE,
        )
        return
    ctx.intents.location.upstream_vhost = host.lower()
    remember(ctx, value)


def _connection(ctx: Context) -> None:
    value = ctx.get(CONNECTION.name)
    if value is None:
        return
    header = text(value)
    if not header:
        return
    ctx.intents.location.connection_header = header
    remember(ctx, value)
    ctx.flag(
        CONNECTION,
        f"{value.key}: Connection is a hop-by-hop header; Envoy-based gateways manage upstream connections "
        "themselves and may drop or refuse a Connection set by a RequestHeaderModifier: check that your "
        "implementation sends it, or configure upstream keep-alive in its own policy",
        code=HOP_BY_HOP,
    )


def _custom_headers(ctx: Context) -> None:
    value = ctx.get(CUSTOM_HEADERS.name)
    if value is None:
        return
    name = text(value)
    if not name:
        return
    namespace, slash, config_name = name.partition("/")
    if not slash:
        _source(
            ctx,
            value,
            f"{name!r} has no namespace, so ingress-nginx could not find the ConfigMap and answered "
            "503 for these paths (the value must be namespace/name); the output serves them without the headers",
        )
        return
    config_map = _config_map(ctx, namespace, config_name)
    if config_map is None:
        _source(
            ctx,
            value,
            f"ConfigMap {name} is not in the input, so its headers are unknown and not converted: add "
            "its manifest to the input",
        )
        return
    remember(ctx, value)
    ctx.intents.location.response_headers = _headers(ctx, value, config_map)


def _headers(ctx: Context, value: Value, config_map: ConfigMap) -> tuple[tuple[str, str], ...]:
    headers: list[tuple[str, str]] = []
    for header in sorted(config_map.data):
        content = config_map.data[header]
        if not _HEADER.match(header):
            _source(
                ctx,
                value,
                f"header name {header!r} in ConfigMap {config_map.name} is invalid, so ingress-nginx "
                "answered 503 for these paths; the output leaves the header out",
            )
            continue
        if "$" in content or not content:
            ctx.flag(
                CUSTOM_HEADERS,
                f"{value.key}: header {header} has {'an nginx variable' if content else 'an empty value'}, which "
                "ingress-nginx filled in per request and Gateway API cannot; it is left out",
                code=NOT_EXPRESSIBLE,
            )
            continue
        headers.append((header, content))
    if len(headers) > MAX_HEADERS:
        ctx.flag(
            CUSTOM_HEADERS,
            f"{value.key}: {len(headers)} headers are more than the {MAX_HEADERS} a Gateway API header filter can set; "
            f"the output sets the first {MAX_HEADERS} by name and leaves out {', '.join(h for h, _ in headers[16:])}",
            code=NOT_EXPRESSIBLE,
        )
    if headers:
        ctx.flag(
            CUSTOM_HEADERS,
            f"{value.key}: ingress-nginx set these headers only if the controller's global-allowed-response-headers "
            f"listed every one of them ({', '.join(h for h, _ in headers[:MAX_HEADERS])}), else it answered 503 "
            "for these paths; the output sets them: check that this is what the cluster did",
        )
    return tuple(headers[:MAX_HEADERS])


def _config_map(ctx: Context, namespace: str, name: str) -> ConfigMap | None:
    for config_map in ctx.inputs.config_maps:
        if config_map.name == name and (config_map.namespace or ctx.options.namespace or ctx.ingress.namespace) == (
            namespace
        ):
            return config_map
    return None


def _source(ctx: Context, value: Value, message: str) -> None:
    ctx.flag(CUSTOM_HEADERS, f"{value.key}: {message}", code=CUSTOM_HEADERS_SOURCE)


FAMILY = Family("Request and response headers", KEYS, apply, frozenset(key.name for key in KEYS), CODES)
