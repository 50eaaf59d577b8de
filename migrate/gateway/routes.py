"""HTTPRoutes from ingress-nginx servers: one per (namespace, host) unless Gateway API limits force more.

Each location of a server becomes the rules that serve it (`translate`), in the namespace of the Ingress that
declared it: its matches come from `matches`, its filters from `filters`, its canary split from `canary`, its
own redirect from `redirects`. Port 80 then answers as the controller did: a location is redirected to HTTPS
with a 308 when it has force-ssl-redirect, or ssl-redirect (on by default) and the host has a certificate
(lua_ingress.lua redirect_to_https), except ACME HTTP-01 challenges; a location with its own redirect and the
host's app-root answer on port 80 directly. A route carries the host and its aliases (16 hostnames at most)
and attaches to the HTTPS listeners of all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from migrate import codes
from migrate.annotations.rewrite import REGEX_SHADOWED, REWRITE_APPROXIMATE
from migrate.comments import texts
from migrate.findings import Findings
from migrate.gateway import canary, filters, matches, precedence, redirects
from migrate.gateway.emit import Emitter
from migrate.gateway.ir import (
    BackendRef,
    HTTPRoute,
    Match,
    PathMatch,
    PathModifier,
    RequestRedirect,
    Rule,
)
from migrate.gateway.listeners import ListenerPlan
from migrate.gateway.matches import PathPlan
from migrate.gateway.names import Names
from migrate.gateway.rule_options import RuleContext, decorate
from migrate.model import Ingress
from migrate.nginx.model import EXACT, PREFIX, Location, Server, Shadow
from migrate.nginx.regex import Order, compiled_order, first_match

MAX_HOSTNAMES = 16
NOTE = "ingress-migrate:"


@dataclass
class Translated:
    """One location in Gateway API terms."""

    location: Location
    matches: list[Match]  # what the location matched; empty when it cannot be expressed
    serve: list[Rule] = field(default_factory=list)  # the rules that serve it (empty: 404)
    plan: PathPlan | None = None
    own_redirect: bool = False  # it answers with its own redirect, on every port
    to_https: bool = False  # requests on port 80 are redirected to HTTPS
    slash: list[Rule] = field(default_factory=list)  # the 301 that adds a trailing slash, also in `serve`


def build(
    servers: dict[str, Server], plan: ListenerPlan, names: Names, scope: str, findings: Findings, rules: RuleContext
) -> list[HTTPRoute]:
    routes: list[HTTPRoute] = []
    # Exact hosts first, so that they keep their natural names if a wildcard's name would be the same.
    for host in sorted(servers, key=lambda h: (h.startswith("*."), h)):
        server = servers[host]
        answered = {loc.path for loc in server.locations if loc.path_type in (EXACT, PREFIX)}
        translated = [translate(location, server, findings, rules, answered) for location in _ordered(server)]
        _bare_prefixes(server, translated, findings)
        if not server.regex:
            _slash_siblings(translated)
        if server.regex:
            precedence.report(server, [(t.location, t.plan) for t in translated if t.plan is not None], findings)
        routes.extend(_host_routes(server, plan, translated, names, scope, findings))
        www = redirects.www_route(server, plan, names, scope)
        if www is not None:
            routes.append(www)
            redirects.report_www(server, len(www.parent_refs) > 1, findings)
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
    ingress.report(
        findings,
        codes.CATCH_ALL_FALLTHROUGH,
        f"this catch-all route (no hostname) also matches requests for {hosts} host(s) without a `/` path when "
        "none of their paths match; ingress-nginx answered those with its default backend (404), and some Gateway "
        "implementations let them fall through to this route: give those hosts a `/` path if that matters",
        where,
    )


def _ordered(server: Server) -> list[Location]:
    """Explicit locations in the order they were written, the implicit root (the fallback) last."""
    explicit = sorted((loc for loc in server.locations if not loc.implicit), key=lambda loc: loc.written)
    return explicit + [loc for loc in server.locations if loc.implicit]


def translate(
    location: Location, server: Server, findings: Findings, rules: RuleContext, answered: set[str] | None = None
) -> Translated:
    """`answered`: the paths of the server's Exact and Prefix locations, computed once per server."""
    if location.shadowed is not None:
        _report_shadowed(location, location.shadowed, server, findings)
        return Translated(location, [])
    path_plan = matches.plan(location, server, findings)
    if path_plan is None:
        return Translated(location, [])
    intents = location.intents.location
    source = location.source
    main = Match(path_plan.main, comments=texts(source.comments) if source else [])
    pairs = [(main, path_plan.rewrite, path_plan.mergeable), *((Match(m), r, True) for m, r in path_plan.extra)]
    result = Translated(location, [match for match, _, _ in pairs], plan=path_plan)
    redirect = redirects.own(intents)
    backend = location.backend
    if redirect is not None:
        result.own_redirect = True
        result.serve.append(Rule(list(result.matches), filters=filters.redirecting(intents, redirect)))
    elif backend is None:
        return result  # the controller's default backend: Gateway answers 404 as well
    elif not backend.port:
        note = f"{NOTE} no backend: the port of Service {backend.service} could not be resolved (HTTP 500)"
        result.serve.append(Rule([Match(main.path, main.headers, [*main.comments, note])]))
        decorate(result.serve, location, server, rules)
        return result
    else:
        primary = BackendRef(backend.service, backend.port, comments=tuple(texts(backend.comments)))
        for match, rewrite, mergeable in pairs:
            rule_filters = filters.serving(intents, rewrite, path_plan.rewriting)
            result.serve.extend(canary.rules(location, match, rule_filters, primary, mergeable, findings))
    path = location.path
    slash = (
        not server.regex and path != "/" and path.endswith("/") and not _answers_exactly(server, path[:-1], answered)
    )
    if slash and not rules.grpc(location, server):  # gRPC clients never ask for the bare path
        # nginx answers a request for a `proxy_pass` location minus its trailing slash with a 301 to the
        # slash-terminated URI (ngx_http_core_module auto_redirect); Gateway API would serve or 404 it. Regex
        # locations have no such redirect.
        bare = path[:-1]
        note = f"{NOTE} ingress-nginx answered {bare} with a 301 to {path}"
        matches.report(
            location,
            f"ingress-nginx answered {bare} (without the slash) with a 301 to {path}, which Gateway API "
            f"would not do, so the output adds an Exact {bare} rule that redirects the same way",
            codes.TRAILING_SLASH,
            findings,
        )
        added = Rule(
            [Match(PathMatch("Exact", bare), comments=[note])],
            filters=(RequestRedirect(301, path=PathModifier("ReplaceFullPath", path)),),
        )
        result.serve.append(added)
        result.slash.append(added)
    decorate(result.serve, location, server, rules)
    return result


def _report_shadowed(location: Location, shadow: Shadow, server: Server, findings: Findings) -> None:
    """A regex-mode path nginx never chose: the output leaves it out, so its requests go where they went."""
    host = server.hostname or "(any)"
    if location.implicit and (not location.from_default_backend or location.backend is None):
        return  # the root a host is created with, on the controller's 404: nothing written is lost
    by = shadow.by
    if by is None:
        earlier, outcome = "the catch-all server's root location", "got the controller's default backend (404)"
    elif by.implicit:
        earlier = f"the root location `/` that Ingress {by.ingress.ref} created the host with (and its annotations)"
        outcome = (
            f"got its defaultBackend, Service {by.backend.service}"
            if by.from_default_backend and by.backend is not None
            else "got the controller's default backend (404)"
        )
    else:
        earlier, outcome = f"path {by.path!r} ({by.path_type}) of Ingress {by.ingress.ref}", "went to that path"
    what = "this path"
    if location.implicit and location.backend is not None:
        what = f"the root location `/` this host gets from the defaultBackend (Service {location.backend.service})"
    message = (
        f"host {host} is in regex mode, where nginx takes the first location whose regex matches: {earlier} comes "
        f"first with `^{shadow.regex}`, which matches every request {what} matches, so ingress-nginx never "
        f"served it. Its requests {outcome}, and the output leaves it out so that they still do: remove it, or, "
        "if its backend should answer them after the migration, add that rule by hand"
    )
    if location.implicit:
        ingress = location.ingress
        where = ("spec", "defaultBackend")
        ingress.report(
            findings,
            REGEX_SHADOWED,
            message,
            where,
        )
        return
    matches.report(location, message, REGEX_SHADOWED, findings)


def _bare_prefixes(server: Server, translated: list[Translated], findings: Findings) -> None:
    """A rewrite like `/api/(.*)` -> `/$1` is a PathPrefix `/api`, which also matches the bare `/api` that
    nginx's regex did not: that request went to whichever location matched it next. An Exact rule keeps it
    there when that location's action does not depend on the path; otherwise the difference is reported."""
    by_location = {id(item.location): item for item in translated}
    order: Order | None = None
    for item in translated:
        bare = item.plan.bare if item.plan is not None else None
        if bare is None or not item.serve:
            continue
        order = compiled_order(server) if order is None else order
        chosen = first_match(server, bare, skip=item.location, order=order)
        target = by_location.get(id(chosen)) if chosen is not None else None
        copied = _exact_copies(bare, target) if target is not None else []
        if target is not None and copied:
            _add_copies(target, copied)
            outcome = (
                f"went to path {target.location.path!r} of Ingress {target.location.ingress.ref}, and an Exact "
                "rule keeps it there"
            )
        elif chosen is None or chosen.backend is None:
            outcome = "got ingress-nginx's 404; it now matches the PathPrefix and reaches this backend"
        else:
            outcome = (
                f"went to path {chosen.path!r} of Ingress {chosen.ingress.ref}, whose rewrite cannot be copied to "
                "an Exact rule; it now matches the PathPrefix and reaches this backend"
            )
        matches.report(
            item.location,
            f"a request for exactly {bare} (without the slash) did not match {item.location.path!r} in nginx and "
            f"{outcome}",
            REWRITE_APPROXIMATE,
            findings,
        )


def _slash_siblings(translated: list[Translated]) -> None:
    """A Prefix `/a` is nginx's `= /a` and `/a/`, so it answers `/a` even next to a Prefix `/a/` of another
    rule. Gateway API ignores the trailing slash of a PathPrefix, and `/a/`, the longer value, would take `/a`
    from `/a`: an Exact rule keeps the request where nginx sent it."""
    slashed = {item.location.path for item in translated if item.location.path_type == PREFIX and item.serve}
    exact = {item.location.path for item in translated if item.location.path_type == EXACT and item.serve}
    for item in translated:
        location = item.location
        if location.path_type != PREFIX or location.path == "/" or location.path.endswith("/"):
            continue
        if location.path in exact:
            continue  # an Exact location of the same path answers it (the Prefix is then `/a/` only)
        if location.path + "/" in slashed:
            why = f"a PathPrefix {location.path}/ of the host would take it"
            _add_copies(item, _exact_copies(location.path, item, why))


def _add_copies(target: Translated, copies: list[Rule]) -> None:
    """Serve the Exact copies with the target's rules, and redirect them with it where it goes to HTTPS."""
    target.serve.extend(copies)
    target.matches.extend(Match(m.path, m.headers) for rule in copies for m in rule.matches)


def _exact_copies(
    bare: str, target: Translated, why: str = "the regex of the longer path did not match it"
) -> list[Rule]:
    """The target's rules for its own path, for exactly `bare`; none when its rewrite depends on the path."""
    if target.plan is None or not target.plan.mergeable or not target.matches:
        return []
    main = target.matches[0].path
    note = f"{NOTE} ingress-nginx sent exactly {bare} here ({why})"
    return [
        replace(rule, matches=[Match(PathMatch("Exact", bare), match.headers, [note])], comments=list(rule.comments))
        for rule in target.serve
        for match in rule.matches[:1]
        if match.path == main
    ]


def _answers_exactly(server: Server, path: str, answered: set[str] | None = None) -> bool:
    """Whether another location already answers exactly `path` (a Prefix `/a` also serves `= /a`)."""
    if answered is not None:
        return path in answered
    return any(loc.path == path and loc.path_type in (EXACT, PREFIX) for loc in server.locations)


def _host_routes(
    server: Server, plan: ListenerPlan, translated: list[Translated], names: Names, scope: str, findings: Findings
) -> list[HTTPRoute]:
    emit = Emitter(server, plan, names, scope, findings)
    _decide_https(server, plan, translated, findings)
    app_root = redirects.app_root(server)
    app_namespace = server.app_root.namespace if server.app_root is not None else None

    def rules_for(namespace: str | None, rules: list[Rule]) -> list[Rule]:
        return [app_root, *rules] if app_root is not None and namespace == app_namespace else rules

    routes: list[HTTPRoute] = []
    groups = _by_namespace(translated)
    if not any(item.to_https for item in translated):
        for namespace, items in groups.items():
            rules = rules_for(namespace, [rule for item in items for rule in item.serve])
            routes += emit(namespace, "", rules, _ingresses(items), https=True, http=True)
        return routes
    redirect_all = _redirect_all(translated)
    for namespace, items in groups.items():
        rules = rules_for(namespace, [rule for item in items for rule in item.serve])
        routes += emit(namespace, "", rules, _ingresses(items), https=True)
        if redirect_all is None:
            http_rules = [rule for item in items for rule in (_redirected(item) if item.to_https else item.serve)]
            routes += emit(namespace, "-http", rules_for(namespace, http_rules), _ingresses(items), http=True)
    if redirect_all is not None:
        owner = server.creator or translated[0].location.ingress
        everything = Rule(
            [Match(PathMatch("PathPrefix", "/"))],
            filters=(redirect_all,),
            comments=[
                f"{NOTE} ingress-nginx redirected HTTP to HTTPS (ssl-redirect, 308) because the host has a certificate"
            ]
            if plan.hosts[server.hostname].redirect  # its own certificate, or its wildcard's
            else [f"{NOTE} ingress-nginx redirected HTTP to HTTPS (force-ssl-redirect, 308)"],
        )
        # nginx adds the slash (find-config phase) before lua redirects to HTTPS (rewrite phase).
        slashes = [rule for item in translated for rule in item.slash]
        routes += emit(owner.namespace, "-http", rules_for(owner.namespace, [everything, *slashes]), [owner], http=True)
        if app_root is not None and server.app_root is not None and app_namespace != owner.namespace:
            routes += emit(app_namespace, "-http", [app_root], [server.app_root.ingress], http=True)
    return routes


def _decide_https(server: Server, plan: ListenerPlan, translated: list[Translated], findings: Findings) -> None:
    tls = plan.hosts[server.hostname]
    for item in translated:
        location = item.location
        intents = location.intents.location
        wanted = intents.force_ssl_redirect or (tls.redirect and intents.ssl_redirect)
        item.to_https = bool(item.matches) and wanted and not item.own_redirect and not location.acme
        if not item.to_https:
            continue
        redirects.report_trailing_slash(server, location, findings)
        if tls.parent is None and tls.passthrough is None:  # a passthrough host serves 443 by its TLSRoute
            redirects.report_unserved(location, server.hostname, findings)


def _redirect_all(translated: list[Translated]) -> RequestRedirect | None:
    """The one HTTPS redirect of the whole host when every location of it is redirected the same way."""
    wanted = {redirects.to_https(item.location.intents.location) for item in translated if item.matches}
    if len(wanted) != 1 or not all(item.to_https for item in translated if item.matches):
        return None
    return wanted.pop()


def _redirected(item: Translated) -> list[Rule]:
    """On port 80 of a host with a certificate: the redirect to HTTPS, after nginx's own slash 301."""
    if not item.matches:
        return []
    redirect = redirects.to_https(item.location.intents.location)
    return [Rule([Match(m.path, m.headers) for m in item.matches], filters=(redirect,)), *item.slash]


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
    for item in items:
        if item.serve and item.location.canary is not None:
            seen.setdefault(id(item.location.canary.ingress), item.location.canary.ingress)
    return list(seen.values())
