"""gRPC backends (backend-protocol GRPC/GRPCS) as GRPCRoutes.

A gRPC call is a POST to `/<package.Service>/<Method>`, so an Ingress path maps onto GRPCRoute method
matches: `/` matches every call (no match at all), a Prefix `/pkg.Service` or `/pkg.Service/` (ingress-nginx
prefixes end at a path segment) is a service match, `/pkg.Service/Method` a service and method match.
Anything else (`/api/`, a deeper path, a regular expression) matches no gRPC call the way it was written
and is flagged.

Gateway API lets a listener hostname carry HTTPRoutes or GRPCRoutes, not both: when routes of both kinds
share a hostname, implementations accept only one of them (GRPCRoute spec). So a host becomes GRPCRoutes
only when every location it serves is gRPC; a host that mixes gRPC and HTTP locations stays HTTPRoutes,
with the gRPC backends flagged (the Service port must declare HTTP/2, appProtocol kubernetes.io/h2c).
"""

from __future__ import annotations

import re

from migrate.gateway.ir import (
    GRPCMatch,
    GRPCRoute,
    GRPCRule,
    HTTPRoute,
    MethodMatch,
    PathMatch,
    RequestRedirect,
    Route,
    Rule,
)
from migrate.nginx.model import Server

GRPC_PROTOCOLS = ("GRPC", "GRPCS")
# Filters a GRPCRoute rule has (grpcroute_types.go GRPCRouteFilterType, without ExtensionRef).
FILTERS = ("RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror")
# The GRPCRoute CRD's CEL patterns for Exact service and method names.
_SERVICE = re.compile(r"^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$", re.IGNORECASE)
_METHOD = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")


def hosts(servers: dict[str, Server]) -> frozenset[str]:
    """Hostnames whose every served location is gRPC: only those can become GRPCRoutes."""
    found = set()
    for hostname, server in servers.items():
        served = [loc for loc in server.locations if loc.backend is not None]
        if served and all(loc.intents.location.backend.protocol in GRPC_PROTOCOLS for loc in served):
            found.add(hostname)
    return frozenset(found)


def method_match(path: PathMatch) -> MethodMatch | str | None:
    """The GRPCRoute method match for an HTTPRoute path match: None matches every call; a string says why
    the path matches no gRPC call as written."""
    if path.type not in ("PathPrefix", "Exact"):
        return "is a regular expression, which a gRPC service or method match cannot express"
    parts = path.value.strip("/").split("/") if path.value.strip("/") else []
    if not parts:
        return None if path.type == "PathPrefix" else "matches only `/`, which no gRPC call requests"
    if len(parts) > 2:
        return "is deeper than /<service>/<method>, which no gRPC call requests"
    service = parts[0]
    if not _SERVICE.match(service):
        return f"starts with {service!r}, which is not a gRPC service name (package.Service)"
    if len(parts) == 1:
        if path.type == "Exact":
            return "names a service without a method, which no gRPC call requests"
        return MethodMatch(service)
    if not _METHOD.match(parts[1]):
        return f"ends with {parts[1]!r}, which is not a gRPC method name"
    return MethodMatch(service, parts[1])


def convert(routes: list[HTTPRoute]) -> list[Route]:
    """HTTPRoutes whose every rule is gRPC become GRPCRoutes; the rest stay as they are."""
    result: list[Route] = []
    for route in routes:
        if not route.rules or not all(rule.grpc for rule in route.rules):
            result.append(route)
            continue
        rules = [converted for rule in route.rules if (converted := _rule(rule)) is not None]
        if rules:
            result.append(GRPCRoute(route.metadata, route.parent_refs, route.hostnames, rules))
    return result


def _rule(rule: Rule) -> GRPCRule | None:
    # The trailing-slash 301 of a gRPC path answers HTTP clients only; gRPC clients never send the bare path.
    if any(isinstance(f, RequestRedirect) for f in rule.filters):
        return None
    matches: list[GRPCMatch] = []
    every = False
    for match in rule.matches:
        method = method_match(match.path)
        if isinstance(method, str):
            continue  # flagged when the rule was made (rule_options)
        if method is None and not match.headers:
            every = True
        matches.append(GRPCMatch(method, match.headers, list(match.comments)))
    if not matches:
        return None
    if every:  # one match of everything makes the rule match every call: no matches at all
        comments = [c for m in matches for c in m.comments]
        matches = []
    else:
        comments = []
    return GRPCRule(
        matches,
        tuple(f for f in rule.filters if f.type in FILTERS),
        rule.backend_refs,
        [*rule.comments, *comments],
        rule.session_persistence,
        rule.backend_tls,
    )
