"""HTTPRoutes from ingress-nginx servers: one per (namespace, host) unless Gateway API limits force more.

Each location of a server becomes the rule that serves it, in the namespace of the Ingress that declared
it. Port 80 then answers as the controller did: a host without a certificate is served on HTTP too; a host
with one is redirected to HTTPS with a 308 (the default `ssl-redirect`, lua_ingress.lua redirect_to_https),
except the locations exempt from it (ACME HTTP-01 challenges), which stay served on HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from migrate import codes
from migrate.comments import texts
from migrate.findings import Code, Findings
from migrate.gateway.ir import (
    BackendRef,
    HTTPRoute,
    Match,
    Metadata,
    ParentRef,
    PathMatch,
    PathModifier,
    RequestRedirect,
    Rule,
)
from migrate.gateway.listeners import HostTLS, ListenerPlan
from migrate.gateway.names import Names
from migrate.gateway.provenance import provenance
from migrate.model import Ingress, field_name
from migrate.nginx.model import EXACT, PREFIX, Location, Server
from migrate.validation import looks_like_regex, path_problem

MAX_RULES = 16
MAX_MATCHES_PER_RULE = 64
MAX_MATCHES = 128
SSL_REDIRECT = RequestRedirect(status_code=308, scheme="https")
NOTE = "ingress-migrate:"


@dataclass
class Translated:
    """One location in Gateway API terms."""

    location: Location
    matches: list[Match]  # what the location matched; empty when it cannot be expressed
    serve: list[Rule] = field(default_factory=list)  # the rules that serve it (empty: 404)
    exempt: bool = False  # not redirected to HTTPS even when the host is


def build(
    servers: dict[str, Server], plan: ListenerPlan, names: Names, scope: str, findings: Findings
) -> list[HTTPRoute]:
    routes: list[HTTPRoute] = []
    # Exact hosts first, so that they keep their natural names if a wildcard's name would be the same.
    for host in sorted(servers, key=lambda h: (h.startswith("*."), h)):
        server = servers[host]
        translated = [translate(location, server, findings) for location in _ordered(server)]
        routes.extend(_host_routes(server, plan.hosts[host], plan, translated, names, scope, findings))
        if not host:
            exposed = [s for h, s in servers.items() if h and not any(_serves_root(loc) for loc in s.locations)]
            if exposed:
                _report_fallthrough(translated, len(exposed), findings)
    return routes


def _serves_root(location: Location) -> bool:
    return location.path == "/" and location.path_type == PREFIX and location.backend is not None


def _report_fallthrough(catch_all: list[Translated], hosts: int, findings: Findings) -> None:
    """ingress-nginx picks one server per Host header: a request for a known host that matches none of its
    paths gets that host's root location (the default backend, 404), never the catch-all server's."""
    serving = next((t for t in catch_all if t.serve), None)
    if serving is None:
        return
    location = serving.location
    ingress = location.ingress
    where = (*location.source.where, "path") if location.source else (ingress.default_backend_where or ("spec",))
    findings.add(
        codes.CATCH_ALL_FALLTHROUGH,
        f"this catch-all route (no hostname) also matches requests for {hosts} host(s) without a `/` path when "
        "none of their paths match; ingress-nginx answered those with its default backend (404), and some Gateway "
        "implementations let them fall through to this route: give those hosts a `/` path if that matters",
        file=ingress.file,
        pos=ingress.pos(where),
        ingress=ingress.ref,
        field=field_name(where),
    )


def _ordered(server: Server) -> list[Location]:
    """Explicit locations in the order they were written, the implicit root (the fallback) last."""
    return [loc for loc in server.locations if not loc.implicit] + [loc for loc in server.locations if loc.implicit]


def translate(location: Location, server: Server, findings: Findings) -> Translated:
    exempt = location.acme or not location.intents.location.ssl_redirect
    problem = path_problem(location.path)
    if problem is not None:
        _report_path(
            location,
            f"path {location.path!r} {problem}; Gateway API rejects it, so it is left out",
            codes.PATH_INVALID,
            findings,
        )
        return Translated(location, [], exempt=exempt)
    source = location.source
    if source is not None and source.path_type in (None, "ImplementationSpecific") and looks_like_regex(location.path):
        _report_path(
            location,
            f"path {location.path!r} looks like a regular expression, but ingress-nginx matched it "
            "literally as a prefix because no Ingress of this host enables use-regex or rewrite-target; "
            "the output does the same",
            codes.PATH_LITERAL_REGEX,
            findings,
        )
    kind = "Exact" if location.path_type == EXACT else "PathPrefix"
    match = Match(PathMatch(kind, location.path), comments=texts(source.comments) if source else [])
    result = Translated(location, [match], exempt=exempt)
    backend = location.backend
    if backend is None:
        return result  # the controller's default backend: Gateway answers 404 as well
    if backend.port:
        result.serve.append(
            Rule(
                [match],
                backend_refs=(BackendRef(backend.service, backend.port, comments=tuple(texts(backend.comments))),),
            )
        )
    else:
        note = f"{NOTE} no backend: the port of Service {backend.service} could not be resolved (HTTP 500)"
        result.serve.append(Rule([Match(match.path, match.headers, [*match.comments, note])]))
    if location.path != "/" and location.path.endswith("/") and not _answers_exactly(server, location.path[:-1]):
        # nginx answers a request for a `proxy_pass` location minus its trailing slash with a 301 to the
        # slash-terminated URI (ngx_http_core_module auto_redirect); Gateway API would serve or 404 it.
        bare = location.path[:-1]
        note = f"{NOTE} ingress-nginx answered {bare} with a 301 to {location.path}"
        _report_path(
            location,
            f"ingress-nginx answered {bare} (without the slash) with a 301 to {location.path}, which Gateway API "
            f"would not do, so the output adds an Exact {bare} rule that redirects the same way",
            codes.TRAILING_SLASH,
            findings,
        )
        result.serve.append(
            Rule(
                [Match(PathMatch("Exact", bare), comments=[note])],
                filters=(RequestRedirect(301, path=PathModifier("ReplaceFullPath", location.path)),),
            )
        )
    return result


def _answers_exactly(server: Server, path: str) -> bool:
    """Whether another location already answers exactly `path` (a Prefix `/a` also serves `= /a`)."""
    return any(loc.path == path and loc.path_type in (EXACT, PREFIX) for loc in server.locations)


def _report_path(location: Location, message: str, code: Code, findings: Findings) -> None:
    ingress, source = location.ingress, location.source
    where = (*source.where, "path") if source else ("spec",)
    findings.add(code, message, file=ingress.file, pos=ingress.pos(where), ingress=ingress.ref, field=field_name(where))


def _host_routes(
    server: Server,
    tls: HostTLS,
    plan: ListenerPlan,
    translated: list[Translated],
    names: Names,
    scope: str,
    findings: Findings,
) -> list[HTTPRoute]:
    routes: list[HTTPRoute] = []
    groups = _by_namespace(translated)
    redirect_all = tls.redirect and not any(t.exempt and t.matches for t in translated)
    for namespace, items in groups.items():
        serve = [rule for item in items for rule in item.serve]
        ingresses = _ingresses(items)
        if not tls.redirect:
            parents = [plan.http] + ([tls.parent] if tls.parent else [])
            routes += _emit(server, namespace, "", parents, serve, ingresses, names, scope, findings, True)
            continue
        assert tls.parent is not None
        routes += _emit(server, namespace, "", [tls.parent], serve, ingresses, names, scope, findings, True)
        if redirect_all:
            continue
        http_rules = [rule for item in items for rule in (item.serve if item.exempt else _redirected(item))]
        routes += _emit(server, namespace, "-http", [plan.http], http_rules, ingresses, names, scope, findings, False)
    if redirect_all and server.creator is not None:
        everything = Rule(
            [Match(PathMatch("PathPrefix", "/"))],
            filters=(SSL_REDIRECT,),
            comments=[
                f"{NOTE} ingress-nginx redirected HTTP to HTTPS (ssl-redirect, 308) because the host has a certificate"
            ],
        )
        routes += _emit(
            server,
            server.creator.namespace,
            "-http",
            [plan.http],
            [everything],
            [server.creator],
            names,
            scope,
            findings,
            False,
        )
    return routes


def _redirected(item: Translated) -> list[Rule]:
    if not item.matches:
        return []
    return [Rule([Match(m.path, m.headers) for m in item.matches], filters=(SSL_REDIRECT,))]


def _by_namespace(translated: list[Translated]) -> dict[str | None, list[Translated]]:
    groups: dict[str | None, list[Translated]] = {}
    for item in translated:
        groups.setdefault(item.location.namespace, []).append(item)
    return groups


def _ingresses(items: Iterable[Translated]) -> list[Ingress]:
    seen: dict[int, Ingress] = {}
    for item in items:
        if item.serve or item.matches:
            seen.setdefault(id(item.location.ingress), item.location.ingress)
    return list(seen.values())


def _emit(
    server: Server,
    namespace: str | None,
    suffix: str,
    parents: list[ParentRef],
    rules: list[Rule],
    ingresses: list[Ingress],
    names: Names,
    scope: str,
    findings: Findings,
    main: bool,
) -> list[HTTPRoute]:
    if not rules:
        return []
    chunks = split(merge(rules))
    base = (server.hostname or "catch-all") + suffix
    if len(chunks) > 1 and server.creator is not None:
        creator = server.creator
        rule = next((r for r in creator.rules if r.host == server.hostname), None)
        where = (*rule.where, "host") if rule else ("spec",)
        findings.add(
            codes.ROUTE_SPLIT,
            f"host {server.hostname or '(any)'} needs {len(chunks)} HTTPRoutes in namespace {namespace} "
            "(Gateway API allows 16 rules and 128 matches per route); they are merged by the Gateway",
            file=creator.file,
            pos=creator.pos(where),
            ingress=creator.ref,
            field=field_name(where),
        )
    comments = _route_comments(ingresses, server.hostname) if main else []
    routes = []
    for index, chunk in enumerate(chunks):
        name_base = base if index == 0 else f"{base}-{index + 1}"
        name = names.claim("HTTPRoute", namespace, name_base, key=f"{scope}|{server.hostname}|{suffix}|{index}")
        routes.append(
            HTTPRoute(
                Metadata(
                    name,
                    namespace,
                    provenance(ingresses),
                    comments if index == 0 else [],
                    home=ingresses[0].file,
                ),
                list(parents),
                [server.hostname] if server.hostname else [],
                chunk,
            )
        )
    return routes


def _route_comments(ingresses: list[Ingress], host: str) -> list[str]:
    """What the Ingresses say about the whole route: their headers and top-level fields, their
    annotations and the rules for this host, in file order."""
    comments: list[tuple[int, int, str]] = []
    for order, ingress in enumerate(ingresses):
        found = list(ingress.comments)
        for key in ingress.annotation_comments:
            found.extend(ingress.annotation_comments[key])
        for rule in ingress.rules:
            if rule.host == host:
                found.extend(rule.comments)
        comments.extend((order, line, text) for line, text in found)
    return list(dict.fromkeys(text for _, _, text in sorted(comments)))


def merge(rules: list[Rule]) -> list[Rule]:
    """Rules with the same action share one rule, their matches in the order they were written."""
    merged: list[Rule] = []
    by_action: dict[tuple[object, ...], Rule] = {}
    for rule in rules:
        key = rule.action_key()
        target = by_action.get(key) if rule.mergeable else None
        if target is None:
            copy = Rule(list(rule.matches), rule.filters, rule.backend_refs, list(rule.comments), rule.mergeable)
            merged.append(copy)
            if rule.mergeable:
                by_action[key] = copy
            continue
        target.matches.extend(rule.matches)
        target.comments.extend(c for c in rule.comments if c not in target.comments)
    return merged


def split(rules: list[Rule]) -> list[list[Rule]]:
    """Pack rules into routes: at most 16 rules, 64 matches per rule and 128 matches per route."""
    pieces: list[Rule] = []
    for rule in rules:
        for start in range(0, len(rule.matches), MAX_MATCHES_PER_RULE):
            part = rule.matches[start : start + MAX_MATCHES_PER_RULE]
            pieces.append(
                Rule(part, rule.filters, rule.backend_refs, rule.comments if start == 0 else [], rule.mergeable)
            )
    chunks: list[list[Rule]] = [[]]
    count = 0
    for piece in pieces:
        if chunks[-1] and (len(chunks[-1]) == MAX_RULES or count + len(piece.matches) > MAX_MATCHES):
            chunks.append([])
            count = 0
        chunks[-1].append(piece)
        count += len(piece.matches)
    return chunks
