"""The filters a location's serving rules carry, from its Ingress's intents.

A rule may hold at most one filter of each type (HTTPRoute CEL rules), so everything that sets request
headers shares one RequestHeaderModifier, and the host and path rewrites share one URLRewrite. Order: CORS
(answers preflights first), request headers, the URL rewrite, response headers.
"""

from __future__ import annotations

from migrate.gateway.ir import CORS, Filter, HeaderModifier, PathModifier, RequestRedirect, URLRewrite
from migrate.intents import LocationIntents


def serving(intents: LocationIntents, path: PathModifier | None, rewriting: bool) -> tuple[Filter, ...]:
    """Filters of a rule that proxies to the location's backend; `rewriting`: nginx rewrote the path here,
    so x-forwarded-prefix was sent (template.go buildProxyPass)."""
    filters: list[Filter] = []
    cors = cors_filter(intents)
    if cors is not None:
        filters.append(cors)
    request: list[tuple[str, str]] = []
    if rewriting and intents.x_forwarded_prefix:
        request.append(("X-Forwarded-Prefix", intents.x_forwarded_prefix))
    if intents.connection_header:
        request.append(("Connection", intents.connection_header))
    if request:
        filters.append(HeaderModifier("RequestHeaderModifier", set=tuple(request)))
    if path is not None or intents.upstream_vhost:
        filters.append(URLRewrite(hostname=intents.upstream_vhost, path=path))
    if intents.response_headers:
        filters.append(HeaderModifier("ResponseHeaderModifier", set=intents.response_headers))
    return tuple(filters)


def redirecting(intents: LocationIntents, redirect: RequestRedirect) -> tuple[Filter, ...]:
    """Filters of a rule that answers with a redirect: ingress-nginx still added the CORS headers (and
    answered preflights) before its `return`."""
    cors = cors_filter(intents)
    return (cors, redirect) if cors is not None else (redirect,)


def cors_filter(intents: LocationIntents) -> CORS | None:
    cors = intents.cors
    if cors is None or not cors.origins:
        return None
    return CORS(
        allow_origins=cors.origins,
        allow_methods=cors.methods,
        allow_headers=cors.allow_headers,
        expose_headers=cors.expose_headers,
        allow_credentials=cors.credentials,
        max_age=cors.max_age,
    )
