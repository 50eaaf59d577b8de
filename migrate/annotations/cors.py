"""CORS: enable-cors and cors-*.

ingress-nginx answers CORS for every location of the Ingress with its own defaults (annotations/cors: origin
`*`, methods `GET, PUT, POST, DELETE, PATCH, OPTIONS`, a nine-header allow list, credentials true, max-age
1728000). Gateway API's CORS filter has different defaults (no credentials, max-age 5), so every value is
written out.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/enable-cors: "true"
        nginx.ingress.kubernetes.io/cors-allow-origin: https://app.example.com

becomes, on each rule of the Ingress's paths:

    filters:
    - type: CORS
      cors:
        allowOrigins: [https://app.example.com]
        allowMethods: [GET, PUT, POST, DELETE, PATCH, OPTIONS]
        allowHeaders: [DNT, Keep-Alive, User-Agent, X-Requested-With, If-Modified-Since, Cache-Control,
                       Content-Type, Range, Authorization]
        allowCredentials: true
        maxAge: 1728000

The CORS parser never refuses an Ingress: a value its validator rejects falls back to the default (an
origin list that fails the validator becomes `*`), as the dispatcher reports; after the validator the parser
skips each origin that is not http(s)://host[:port].
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Family, Key, Status, Value
from migrate.annotations.values import HTTP_TOKEN, boolean, integer, remember, text
from migrate.findings import Code, Severity
from migrate.intents import Cors

KEYS = (
    Key("enable-cors", Status.STANDARD, "IM450", "CORS filter with ingress-nginx defaults written out"),
    Key("cors-allow-origin", Status.STANDARD, "IM451", "CORS allowOrigins"),
    Key("cors-allow-methods", Status.STANDARD, "IM452", "CORS allowMethods"),
    Key("cors-allow-headers", Status.STANDARD, "IM453", "CORS allowHeaders"),
    Key("cors-expose-headers", Status.STANDARD, "IM454", "CORS exposeHeaders"),
    Key("cors-allow-credentials", Status.STANDARD, "IM455", "CORS allowCredentials (ingress-nginx default true)"),
    Key("cors-max-age", Status.STANDARD, "IM456", "CORS maxAge (ingress-nginx default 1728000)"),
)
ENABLE, ORIGIN, METHODS, HEADERS, EXPOSE, CREDENTIALS, MAX_AGE = KEYS

NOT_EXPRESSIBLE = Code("IM457", "cors-not-expressible", Severity.WARNING, "a CORS value Gateway API cannot express")
CREDENTIALS_ANY_ORIGIN = Code(
    "IM458", "cors-credentials-any-origin", Severity.WARNING, "credentials with origin * behave differently"
)
WILDCARD_ORIGIN = Code("IM459", "cors-wildcard-origin", Severity.WARNING, "a wildcard origin matches more labels")
CODES = (NOT_EXPRESSIBLE, CREDENTIALS_ANY_ORIGIN, WILDCARD_ORIGIN)

DEFAULT_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS")
DEFAULT_HEADERS = (
    "DNT",
    "Keep-Alive",
    "User-Agent",
    "X-Requested-With",
    "If-Modified-Since",
    "Cache-Control",
    "Content-Type",
    "Range",
    "Authorization",
)
DEFAULT_MAX_AGE = 1728000
MAX_ITEMS = 64  # allowOrigins, allowHeaders, exposeHeaders
GATEWAY_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})

# annotations/cors Parse: the check of each origin, after the validator passed the list.
_ORIGIN = re.compile(r"^(https?://(\*\.)?[A-Za-z0-9\-.]*(:\d+)?|\*)?$")
# HTTPCORSFilter allowOrigins item pattern (v1.6.1 CRD).
_GATEWAY_ORIGIN = re.compile(r"^(http(s)?)://(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$")


def apply(ctx: Context) -> None:
    enabled = boolean(ctx, ENABLE, default=False)
    if not enabled:
        for key in KEYS[1:]:
            value = ctx.get(key.name)
            if value is not None:
                ctx.flag(
                    key,
                    f'{value.key} has no effect without {ctx.options.annotation_prefix}/enable-cors: "true", as '
                    "in ingress-nginx; it is not converted: remove it, or enable CORS",
                    value=value,
                )
        return
    origins = _origins(ctx)
    credentials = boolean(ctx, CREDENTIALS, default=True)
    if origins == ("*",) and credentials:
        _credentials_any_origin(ctx)
        credentials = False
    ctx.intents.location.cors = Cors(
        origins=origins,
        methods=_methods(ctx),
        allow_headers=_list(ctx, HEADERS, DEFAULT_HEADERS),
        expose_headers=_list(ctx, EXPOSE, ()),
        credentials=credentials,
        max_age=_max_age(ctx),
    )


def _credentials_any_origin(ctx: Context) -> None:
    value = ctx.get(CREDENTIALS.name) or ctx.get(ENABLE.name)
    ctx.flag(
        CREDENTIALS,
        "with origin * ingress-nginx answered `Access-Control-Allow-Origin: *` next to `Allow-Credentials: true`, "
        "which browsers refuse for credentialed requests; Gateway API would echo the caller's origin instead and "
        "let credentialed requests from any site through, so the output writes allowCredentials: false to keep "
        "what browsers allowed: list the trusted origins in cors-allow-origin if credentials are needed",
        code=CREDENTIALS_ANY_ORIGIN,
        value=value,
    )


def _origins(ctx: Context) -> tuple[str, ...]:
    value = ctx.get(ORIGIN.name)
    if value is None or not text(value):
        return ("*",)
    remember(ctx, value)
    kept: list[str] = []
    for origin in (part.strip() for part in value.text.split(",")):
        if origin == "*":
            return ("*",)
        if not origin:
            continue
        if not _ORIGIN.match(origin):
            _not_expressible(
                ctx,
                ORIGIN,
                value,
                f"origin {origin!r} is not http(s)://host[:port], so ingress-nginx skipped it and "
                "never allowed it; Gateway API cannot express it either",
            )
            continue
        if not _GATEWAY_ORIGIN.match(origin):
            _not_expressible(ctx, ORIGIN, value, f"origin {origin!r} is not a host Gateway API accepts; it is left out")
            continue
        if "://*." in origin:
            ctx.flag(
                ORIGIN,
                f"origin {origin!r}: ingress-nginx's `*.` matched exactly one label, Gateway API's matches any number "
                "(`https://a.b.example.com` too): list the allowed subdomains if that matters",
                code=WILDCARD_ORIGIN,
                value=value,
            )
        if origin not in kept:
            kept.append(origin)
    if not kept:
        _not_expressible(
            ctx,
            ORIGIN,
            value,
            "no origin is left, so ingress-nginx sent no CORS headers at all; the output has no CORS filter either",
        )
    return tuple(_capped(ctx, ORIGIN, value, kept))


def _methods(ctx: Context) -> tuple[str, ...]:
    value = ctx.get(METHODS.name)
    if value is None or not text(value):
        return DEFAULT_METHODS
    remember(ctx, value)
    methods: list[str] = []
    for method in (part.strip().upper() for part in value.text.split(",")):
        if not method or method in methods:
            continue
        if method not in GATEWAY_METHODS:
            _not_expressible(
                ctx, METHODS, value, f"method {method!r} is not one Gateway API's CORS filter accepts; it is left out"
            )
            continue
        methods.append(method)
    return tuple(methods)


def _list(ctx: Context, key: Key, default: tuple[str, ...]) -> tuple[str, ...]:
    value = ctx.get(key.name)
    if value is None or not text(value):
        return default
    remember(ctx, value)
    items: list[str] = []
    for item in (part.strip() for part in value.text.split(",")):
        if not item or item.lower() in (known.lower() for known in items):
            continue
        if not HTTP_TOKEN.match(item):
            _not_expressible(ctx, key, value, f"{item!r} is not a header name Gateway API accepts; it is left out")
            continue
        items.append(item)
    return tuple(_capped(ctx, key, value, items))


def _max_age(ctx: Context) -> int:
    value = ctx.get(MAX_AGE.name)
    number = integer(value) if value is not None else None
    if value is None or number is None:
        return DEFAULT_MAX_AGE
    remember(ctx, value)
    if number < 1:
        _not_expressible(
            ctx,
            MAX_AGE,
            value,
            f"max-age {number} asks browsers not to cache preflights; Gateway API's "
            "smallest maxAge is 1 second, which the output uses",
        )
        return 1
    return number


def _capped(ctx: Context, key: Key, value: Value, items: list[str]) -> list[str]:
    if len(items) > MAX_ITEMS:
        _not_expressible(
            ctx,
            key,
            value,
            f"{len(items)} entries are more than the {MAX_ITEMS} Gateway API allows; "
            f"the output keeps the first {MAX_ITEMS}",
        )
    return items[:MAX_ITEMS]


def _not_expressible(ctx: Context, key: Key, value: Value, message: str) -> None:
    ctx.flag(key, f"{value.key}: {message}", code=NOT_EXPRESSIBLE, value=value)


FAMILY = Family("CORS", KEYS, apply, frozenset(key.name for key in KEYS), CODES)
