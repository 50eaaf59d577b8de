"""Canary backends as Gateway API rules, in the order balancer.lua decides.

The Lua balancer checks, for a location whose upstream has a canary: the header (canary-by-header-value:
exact value -> canary; else canary-by-header-pattern: PCRE search -> canary; else `always` -> canary, `never`
-> primary and stop; any other value falls through), then the cookie (`always` / `never`), then a weighted
draw. Gateway API picks, among rules with the same path, the one with the most header matches, and between
equals the first rule in the route. So each decision is a rule with one header match for the same path,
header rules before cookie rules, and the weighted rule (no header match) comes last and loses to both.

Weights: `math.random(total) <= weight` with total = canary-weight-total only when it is above 100 (else
100), so the canary gets min(max(weight, 0), total) parts of total and the primary the rest.
"""

from __future__ import annotations

import re

from migrate.annotations.canary import BY_COOKIE, BY_HEADER, BY_HEADER_PATTERN, KEYS
from migrate.annotations.values import HTTP_TOKEN
from migrate.findings import Findings
from migrate.gateway import regex as rx
from migrate.gateway.ir import (
    BackendRef,
    Filter,
    GrantFrom,
    GrantTo,
    HeaderMatch,
    Match,
    Metadata,
    ReferenceGrant,
    Route,
    Rule,
    TLSRoute,
)
from migrate.gateway.names import Names
from migrate.gateway.provenance import provenance
from migrate.model import Ingress, field_name
from migrate.nginx.model import Canary, Location

NOTE = "ingress-migrate:"
MAX_GRANT_TO = 16


def rules(
    location: Location,
    match: Match,
    filters: tuple[Filter, ...],
    primary: BackendRef,
    mergeable: bool,
    findings: Findings,
) -> list[Rule]:
    """The rules that serve one match of a location: the canary's decisions first, the weighted rule last."""
    canary = location.canary
    if canary is None or canary.backend.port is None:
        return [Rule([match], filters=filters, backend_refs=(primary,), mergeable=mergeable)]
    alternative = BackendRef(
        canary.backend.service,
        canary.backend.port,
        namespace=canary.ingress.namespace if canary.ingress.namespace != location.namespace else None,
    )
    found: list[Rule] = []
    where = f"canary of Ingress {canary.ingress.ref}"

    def rule(header: HeaderMatch, backend: BackendRef, why: str) -> None:
        found.append(
            Rule(
                [Match(match.path, (*match.headers, header))],
                filters=filters,
                backend_refs=(backend,),
                comments=[f"{NOTE} {where}: {why}"],
                mergeable=mergeable,
            )
        )

    settings = canary.rules
    if settings.header and _header_ok(location, canary, settings.header, BY_HEADER.name, findings):
        if settings.header_value:
            rule(HeaderMatch(settings.header, settings.header_value), alternative, "header value")
        elif settings.header_pattern:
            _flag_pattern(canary, findings)
            value = rx.search_value(settings.header_pattern)
            rule(HeaderMatch(settings.header, value, "RegularExpression"), alternative, "header pattern")
        else:
            rule(HeaderMatch(settings.header, "always"), alternative, "header always")
            rule(HeaderMatch(settings.header, "never"), primary, "header never")
    if settings.cookie:
        _flag_cookie(canary, findings)
        rule(
            HeaderMatch("Cookie", cookie_value(settings.cookie, "always"), "RegularExpression"),
            alternative,
            f"cookie {settings.cookie}=always",
        )
        rule(
            HeaderMatch("Cookie", cookie_value(settings.cookie, "never"), "RegularExpression"),
            primary,
            f"cookie {settings.cookie}=never",
        )
    total = settings.weight_total if settings.weight_total > 100 else 100
    share = min(max(settings.weight, 0), total)
    if share:
        refs = (
            BackendRef(primary.name, primary.port, total - share, primary.comments, primary.namespace),
            BackendRef(alternative.name, alternative.port, share, namespace=alternative.namespace),
        )
        found.append(
            Rule(
                [match],
                filters=filters,
                backend_refs=refs,
                mergeable=mergeable,
                comments=[f"{NOTE} {where}: weight {share} of {total}"],
            )
        )
    else:
        found.append(Rule([match], filters=filters, backend_refs=(primary,), mergeable=mergeable))
    return found


def cookie_value(name: str, value: str) -> str:
    """A regex on the Cookie header that holds when cookie `name` has `value` (RE2 and PCRE alike, whole header
    or searched): `name=value` at the start or after `; `, then the end or `;`."""
    return f"^(.*;\\s*)?{re.escape(name)}={value}(\\s*;.*)?$"


def _header_ok(location: Location, canary: Canary, header: str, name: str, findings: Findings) -> bool:
    if HTTP_TOKEN.match(header):
        return True
    _report(
        canary,
        name,
        f"canary-by-header {header!r} is not a header name Gateway API can match; the header "
        f"rules for {location.path} are left out",
        findings,
    )
    return False


def _flag_pattern(canary: Canary, findings: Findings) -> None:
    _report(
        canary,
        BY_HEADER_PATTERN.name,
        f"canary-by-header-pattern {canary.rules.header_pattern!r} is a PCRE that ingress-nginx searched for "
        "anywhere in the header value; the output matches it as a RegularExpression header match wrapped in "
        "`.*(?:...).*` so that full-match (RE2, Envoy) and search (PCRE) implementations agree, but regex "
        "header matching is implementation-specific: check that yours supports it and the pattern's syntax",
        findings,
    )


def _flag_cookie(canary: Canary, findings: Findings) -> None:
    _report(
        canary,
        BY_COOKIE.name,
        f"Gateway API has no cookie match: canary-by-cookie {canary.rules.cookie} is a RegularExpression match on "
        "the Cookie header, which is implementation-specific (and clients may split cookies over several "
        "headers); Envoy Gateway can match the cookie exactly with an HTTPRouteFilter (spec.matches[].cookies)",
        findings,
    )


def _report(canary: Canary, name: str, message: str, findings: Findings) -> None:
    key = next(key for key in KEYS if key.name == name)
    written = canary.intents.written.get(name)
    ingress = canary.ingress
    findings.add(
        key.code,
        message,
        file=ingress.file,
        pos=written.pos if written else ingress.pos(canary.where),
        ingress=ingress.ref,
        field=written.key if written else field_name(canary.where),
    )


def grants(routes: list[Route], canaries: list[Ingress], names: Names, scope: str) -> list[ReferenceGrant]:
    """ReferenceGrants for routes that send to a canary Service in another namespace (16 Services each)."""
    wanted: dict[str, dict[tuple[str, str], set[str]]] = {}  # to namespace -> (route kind, namespace) -> names
    for route in routes:
        if isinstance(route, TLSRoute):
            continue
        for rule in route.rules:
            for ref in rule.backend_refs:
                if ref.namespace and route.metadata.namespace:
                    source = (route.kind, route.metadata.namespace)
                    wanted.setdefault(ref.namespace, {}).setdefault(source, set()).add(ref.name)
    found = []
    for namespace in sorted(wanted):
        by_source = wanted[namespace]
        services = sorted({service for listed in by_source.values() for service in listed})
        owners = [canary for canary in canaries if canary.namespace == namespace]
        for start in range(0, len(services), MAX_GRANT_TO):
            base = "httproutes-to-canaries" + (f"-{start // MAX_GRANT_TO + 1}" if start else "")
            name = names.claim("ReferenceGrant", namespace, base, key=f"{scope}|{namespace}|{start}")
            found.append(
                ReferenceGrant(
                    Metadata(name, namespace, provenance(owners), home=owners[0].file if owners else None),
                    [GrantFrom(kind, source) for kind, source in sorted(by_source)],
                    [GrantTo("Service", service) for service in services[start : start + MAX_GRANT_TO]],
                )
            )
    return found
