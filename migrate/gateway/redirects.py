"""Redirects in Gateway API terms: the HTTPS redirect, a location's own redirect, app-root, the www server.

Order in nginx, which the rules keep: app-root's `if ($uri = /)` runs in the server block before any location
is chosen; a location's `return` (permanent/temporal-redirect) runs in the rewrite phase, before the Lua code
that redirects to HTTPS (lua-nginx-module runs rewrite_by_lua after the rewrite module), so both answer on
port 80 directly; the HTTPS redirect comes last.
"""

from __future__ import annotations

from migrate.annotations.https import FORCED_WITHOUT_HTTPS, TRAILING_SLASH_KEPT
from migrate.annotations.redirects import WWW_REDIRECT, redirect_target
from migrate.findings import Findings
from migrate.gateway.ir import HTTPRoute, Match, Metadata, ParentRef, PathMatch, PathModifier, RequestRedirect, Rule
from migrate.gateway.listeners import ListenerPlan
from migrate.gateway.matches import report, report_annotation
from migrate.gateway.names import Names
from migrate.gateway.provenance import provenance
from migrate.intents import LocationIntents
from migrate.nginx.model import Location, Server
from migrate.nginx.regex import first_match

NOTE = "ingress-migrate:"


def to_https(intents: LocationIntents) -> RequestRedirect:
    """lua_ingress.lua: 308 (http-redirect-code) to https; use-port-in-redirects writes the HTTPS port, which
    Gateway implementations leave out of the Location header as the well-known port."""
    return RequestRedirect(308, scheme="https", port=443 if intents.use_port_in_redirects else None)


def own(intents: LocationIntents) -> RequestRedirect | None:
    """permanent-redirect / temporal-redirect: `return <code> <url>`, path and query of the request dropped."""
    redirect = intents.redirect
    if redirect is None:
        return None
    scheme, host, port, path, _ = redirect_target(redirect.url)
    return RequestRedirect(
        redirect.code,
        scheme=scheme if scheme in ("http", "https") else None,
        hostname=host,
        port=port,
        path=PathModifier("ReplaceFullPath", path),
    )


def app_root(server: Server) -> Rule | None:
    """`if ($uri = /) { return 302 $scheme://$http_host<app-root>; }`: scheme and host of the request kept."""
    location = server.app_root
    if location is None or location.intents.location.app_root is None:
        return None
    target = location.intents.location.app_root
    return Rule(
        [Match(PathMatch("Exact", "/"))],
        filters=(RequestRedirect(302, path=PathModifier("ReplaceFullPath", target)),),
        comments=[
            f"{NOTE} app-root of Ingress {location.ingress.ref}: ingress-nginx answered / with a 302 to {target}"
        ],
    )


def www_route(server: Server, plan: ListenerPlan, names: Names, scope: str) -> HTTPRoute | None:
    """The server BuildRedirects adds: the other name answers 308 to the same URL on the host (scheme kept)."""
    www = server.www
    if www is None:
        return None
    parents: list[ParentRef] = [plan.http]
    named = plan.hosts.get(www.name)
    if named is not None and named.parent is not None:
        parents.append(named.parent)
    ingress = www.ingress
    name = names.claim("HTTPRoute", ingress.namespace, f"{www.name}-redirect", key=f"{scope}|www|{www.name}")
    rule = Rule(
        [Match(PathMatch("PathPrefix", "/"))],
        filters=(RequestRedirect(308, hostname=server.hostname),),
        comments=[f"{NOTE} from-to-www-redirect: ingress-nginx answered {www.name} with a 308 to {server.hostname}"],
    )
    return HTTPRoute(
        Metadata(name, ingress.namespace, provenance([ingress]), home=ingress.file), parents, [www.name], [rule]
    )


def report_www(server: Server, https: bool, findings: Findings) -> None:
    www = server.www
    if www is None:
        return
    owner = next(loc for loc in server.locations if loc.ingress is www.ingress)
    served = (
        f"on HTTPS too, with the certificate of {server.hostname}, which must cover {www.name}"
        if https
        else "on HTTP only, as the host has no certificate of its own"
    )
    report_annotation(
        owner,
        "from-to-www-redirect",
        f"from-to-www-redirect: {www.name} gets its own route that redirects to {server.hostname} with a 308, served "
        f"{served}; ingress-nginx also dropped a trailing slash from the redirected path, which Gateway API keeps",
        WWW_REDIRECT,
        findings,
    )


def report_unserved(location: Location, hostname: str, findings: Findings) -> None:
    report_annotation(
        location,
        "force-ssl-redirect",
        f"force-ssl-redirect sends HTTP requests for {hostname or '(any host)'} to HTTPS, which this Gateway does not "
        "serve for that host (no certificate): terminate TLS in front of the Gateway on the same hostname (then "
        "make sure the front end does not send those requests back to port 80, or they loop), or pass "
        "--default-certificate",
        FORCED_WITHOUT_HTTPS,
        findings,
    )


def report_trailing_slash(server: Server, location: Location, findings: Findings) -> None:
    """lua_ingress.lua strips a trailing slash from the HTTPS redirect unless preserve-trailing-slash; that
    changes the outcome only where the path without its slash is answered by another location. Outside regex
    mode nginx's own 301 (auto_redirect) brings it back unless another location answers it exactly."""
    path = location.path
    if location.intents.location.preserve_trailing_slash or path == "/" or not path.endswith("/"):
        return
    bare = path[:-1]
    if server.regex:
        chosen = first_match(server, bare)
    else:
        chosen = next((loc for loc in server.locations if loc.path == bare and loc is not location), None)
        if chosen is None:
            return
    ended = (
        "ingress-nginx's 404"
        if chosen is None or chosen.backend is None
        else (f"path {chosen.path!r} of Ingress {chosen.ingress.ref}")
    )
    report(
        location,
        f"ingress-nginx's HTTPS redirect dropped the trailing slash (http://{server.hostname}{path} went to "
        f"https://{server.hostname}{bare}; preserve-trailing-slash keeps it), so those requests ended at {ended}; "
        "the Gateway keeps the slash and sends them to this path: check which one is wanted",
        TRAILING_SLASH_KEPT,
        findings,
    )
