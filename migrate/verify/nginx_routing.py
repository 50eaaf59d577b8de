"""The ingress-nginx model, part 2: what one request gets, phase by phase as nginx runs them.

1. Server: by server_name (`nginx_names`): the exact name (hosts, aliases, www redirect servers), else
   the wildcard aliases, else the one-label wildcard hosts and regex aliases, else the catch-all `_`; there
   is no fall-through. A www redirect server answers everything with its 308. Over HTTPS, a server with
   ssl-passthrough hands the TLS stream to its `/` backend and nothing else runs.
2. Server rewrite phase: `app-root` answers exactly `/` with a 302.
3. Location. Outside regex mode, nginx's own rules: an exact `=` location, else the longest prefix; a
   request equal to a `/`-terminated location minus its slash gets a 301 to it (auto_redirect). Prefix
   paths are expanded first (updateServerLocations): `/foo` becomes `location /foo/` plus `location =
   /foo`, which gives the segment boundary. In regex mode (any location of the host with use-regex, or a
   rewrite-target that differs from its path) every location is `~* "^<path>"`: case-insensitive, anchored
   only at the start, Exact lost, tried in controller order (longest path first, then reverse
   lexicographic, sorted before the expansion above) and the first match wins.
4. Location rewrite phase: permanent/temporal-redirect `return` first (only 301, 302, 303, 307 and 308
   redirect; another code is answered with the URL as the body), then rewrite-target's
   `rewrite "(?i)<path>" <target> break` (the whole URI is replaced; a target starting with http(s)://
   is a 302), then lua's HTTPS redirect (308 when the host, or its one-label wildcard, has a certificate
   and ssl-redirect is on, or force-ssl-redirect; locations under /.well-known/acme-challenge are exempt;
   the trailing slash of the URI is dropped unless preserve-trailing-slash).
5. Balancer: the location's upstream, or its first canary by header, then cookie, then weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from urllib.parse import quote

from migrate.verify.http import (
    Answer,
    Backend,
    NoAnswer,
    Outcome,
    Redirect,
    Request,
    Status,
    Subject,
    Trace,
    redirect_location,
)
from migrate.verify.nginx_names import REDIRECT_CODE, ServerNames, WwwRedirect, certificate_names, certified
from migrate.verify.nginx_servers import CATCH_ALL, EXACT, PREFIX, Location, Server, ServerSet, Upstream

ACME = "/.well-known/acme-challenge"
HTTP_REDIRECT_CODE = 308  # ConfigMap http-redirect-code
_RETURN_REDIRECTS = (301, 302, 303, 307, 308)  # the codes nginx's `return <code> <url>` redirects with
_CAPTURE = re.compile(r"\$(\d)|\$\{(\d+)\}")


@dataclass
class _Index:
    """A server's locations as nginx sees them after updateServerLocations."""

    regex: bool
    exact: dict[str, Location] = field(default_factory=dict)
    prefix: dict[str, Location] = field(default_factory=dict)
    ordered: list[tuple[re.Pattern[str] | None, Location]] = field(default_factory=list)
    app_root: str | None = None


def needs_rewrite(location: Location) -> bool:
    target = location.config.rewrite_target
    return bool(target) and target != location.path


def regex_mode(server: Server) -> bool:
    """enforceRegexModifier: one location of the host with use-regex or an effective rewrite-target."""
    return any(loc.config.use_regex or needs_rewrite(loc) for loc in server.locations)


def expand(server: Server) -> list[tuple[str, str, Location]]:
    """(nginx path, Exact|Prefix, location) after the controller's sort (getBackendServers) and
    updateServerLocations: a Prefix path gets a `/`-terminated prefix plus an exact copy of itself,
    unless an Exact location has that path; `/` and locations with their own regex are kept."""
    locations = sorted(server.locations, key=lambda loc: loc.path, reverse=True)
    locations.sort(key=lambda loc: len(loc.path), reverse=True)
    exact_paths = {loc.path for loc in locations if loc.path_type == EXACT}
    expanded: list[tuple[str, str, Location]] = []
    for loc in locations:
        if loc.path == "/" or loc.path_type != PREFIX or needs_rewrite(loc) or loc.config.use_regex:
            expanded.append((loc.path, loc.path_type, loc))
            continue
        normal = loc.path if loc.path.endswith("/") else f"{loc.path}/"
        expanded.append((normal, PREFIX, loc))
        if loc.path not in exact_paths:
            expanded.append((loc.path, EXACT, loc))
    return expanded


class NginxModel:
    def __init__(self, server_set: ServerSet) -> None:
        self.servers = server_set.servers
        self.upstreams = server_set.upstreams
        self._names = ServerNames(self.servers)
        self._certificates = certificate_names(self.servers)
        self._indexes: dict[str, _Index] = {}

    def wildcard_creator(self, host: str) -> Subject | None:
        """The Ingress rule that created the wildcard host a deeper name is under (the place a finding about
        the host is written), or None."""
        labels = host.lower().rstrip(".").split(".")
        for start in range(1, len(labels)):
            server = self.servers.get("*." + ".".join(labels[start:]))
            if server is not None:
                return server.creator
        return None

    def is_regex_host(self, hostname: str) -> bool:
        server = self.servers.get(hostname)
        return server is not None and self._index(server).regex

    def answer(self, request: Request) -> Answer:
        server, wildcard = self._names.resolve(request.host)
        if isinstance(server, WwwRedirect):
            return _www(request, server)
        index = self._index(server)
        facts = {"catch-all-server"} if server.hostname == CATCH_ALL else set()
        if wildcard:
            facts.add("wildcard-server")
        if index.regex:
            facts.add("regex-mode")
        base = [s for s in (server.creator, server.certificate) if s is not None]
        if request.scheme == "https" and server.passthrough:
            return self._passthrough(request, server, _trace(server, "ssl-passthrough", base, facts))
        uri = request.decoded_path
        if uri == "/" and index.app_root is not None:
            location = redirect_location(request.scheme, request.host, None, index.app_root)
            return Answer.of(Redirect(302, location), _trace(server, "app-root", base, facts))
        found = self._find(index, uri)
        if isinstance(found, str):
            target = f"{found}?{request.query}" if request.query else found
            location = redirect_location(request.scheme, request.host, None, target)
            return Answer.of(Redirect(301, location), _trace(server, "nginx adds the slash", base, facts))
        if found is None:
            return Answer.of(Status(404, "no location"), _trace(server, "no location", base, facts))
        subjects = [s for s in (found.subject,) if s is not None] + base
        trace = _trace(server, f"location {found.path} ({found.path_type})", subjects, facts)
        return self._location(request, server, found, trace)

    def _location(self, request: Request, server: Server, loc: Location, trace: Trace) -> Answer:
        config = loc.config
        if config.redirect is not None:
            code, url = config.redirect.code, config.redirect.url
            if code not in _RETURN_REDIRECTS:  # `return 304 <url>` answers 304 with the URL as its body
                return Answer.of(Status(code, f"nginx `return {code}` sends no Location"), trace)
            return Answer.of(Redirect(code, url), trace)
        upstream_path = request.path
        if needs_rewrite(loc):
            rewritten = _rewrite(loc, request)
            if isinstance(rewritten, Redirect):
                return Answer.of(rewritten, trace)
            upstream_path = rewritten
        redirect = self._https_redirect(request, loc)
        if redirect is not None:
            return Answer.of(redirect, _with(trace, "https-redirect"))
        host = config.upstream_vhost or request.host
        return self._balance(request, loc.upstream, upstream_path, host, trace)

    def _passthrough(self, request: Request, server: Server, trace: Trace) -> Answer:
        """The TLS stream goes, undecrypted, to the backend of the server's `/` location (getConfiguration
        passUpstreams); every other path and annotation is ignored."""
        root = next((loc for loc in server.locations if loc.path == "/"), None)
        target = root.upstream.target if root is not None else None
        if target is None or target.port is None:
            return Answer.of(NoAnswer("TLS passed through to the default backend, which does not speak TLS"), trace)
        return Answer.of(Backend(target.namespace, target.service, target.port, "", request.host, True), trace)

    def _https_redirect(self, request: Request, loc: Location) -> Redirect | None:
        """lua_ingress.lua redirect_to_https; locations under the ACME challenge path are exempt."""
        config = loc.config
        if request.scheme != "http" or loc.path.startswith(ACME):
            return None
        if not (config.force_ssl_redirect or (config.ssl_redirect and self.certified(request.host))):
            return None
        uri = request.path
        if not config.preserve_trailing_slash and uri.endswith("/"):
            # `/` becomes `https://host`, which is `https://host/` (RFC 3986 6.2.3).
            uri = uri[:-1] or "/"
        # use-port-in-redirects writes the HTTPS port even though it is 443
        port = ":443" if config.use_port_in_redirects else ""
        return Redirect(HTTP_REDIRECT_CODE, f"https://{request.host}{port}{uri}")

    def _balance(self, request: Request, upstream: Upstream, path: str, host: str, trace: Trace) -> Answer:
        primary = _outcome(upstream, path, host)
        if not upstream.alternatives:
            return Answer.of(primary, trace)
        canary = upstream.alternatives[0]
        policy = canary.canary
        assert policy is not None
        subjects = trace.subjects + ((canary.canary_subject,) if canary.canary_subject else ())
        trace = Trace(trace.text, subjects, trace.facts | {"canary"})
        alternative = _outcome(canary, path, host)
        value = request.header(policy.header) if policy.header else None
        if value is not None:
            if policy.header_value:
                if value == policy.header_value:
                    return Answer.of(alternative, trace)
            elif policy.header_pattern:
                try:
                    if re.search(policy.header_pattern, value):
                        return Answer.of(alternative, trace)
                except re.error:
                    return Answer.of(primary, trace)
            elif value == "always":
                return Answer.of(alternative, trace)
            elif value == "never":
                return Answer.of(primary, trace)
        cookie = request.cookie(policy.cookie) if policy.cookie else None
        if cookie == "always":
            return Answer.of(alternative, trace)
        if cookie == "never":
            return Answer.of(primary, trace)
        # balancer.lua: math.random(total) <= weight, the total honoured only above 100.
        total = policy.weight_total if policy.weight_total > 100 else 100
        share = Fraction(min(max(policy.weight, 0), total), total)
        return Answer.split([(alternative, share), (primary, 1 - share)], trace)

    def certified(self, host: str) -> bool:
        """certificate.lua get_pem_cert_uid: the host, then `*.` plus the host without its first label."""
        return certified(self._certificates, host)

    def _index(self, server: Server) -> _Index:
        index = self._indexes.get(server.hostname)
        if index is not None:
            return index
        regex = regex_mode(server)
        index = _Index(regex)
        for path, kind, loc in expand(server):
            if index.app_root is None and loc.config.app_root:
                index.app_root = loc.config.app_root
            if regex:
                try:
                    pattern: re.Pattern[str] | None = re.compile(f"^{path}", re.IGNORECASE)
                except re.error:
                    pattern = None  # nginx would refuse the configuration; the location matches nothing
                index.ordered.append((pattern, loc))
            else:
                # A duplicate location would make nginx refuse the configuration; the first is kept.
                (index.exact if kind == EXACT else index.prefix).setdefault(path, loc)
        self._indexes[server.hostname] = index
        return index

    def _find(self, index: _Index, uri: str) -> Location | str | None:
        """The location for `uri`, or the `/`-terminated URI nginx redirects to, or None."""
        if index.regex:
            return next((loc for pattern, loc in index.ordered if pattern and pattern.match(uri)), None)
        if uri in index.exact:
            return index.exact[uri]
        slashed = f"{uri}/"
        if slashed in index.prefix or slashed in index.exact:
            return slashed
        for end in range(len(uri), 0, -1):
            found = index.prefix.get(uri[:end])
            if found is not None:
                return found
        return None


def _www(request: Request, redirect: WwwRedirect) -> Answer:
    """ngx_srv_redirect.lua: the request URI (query included) loses one trailing `/`; `https://host` is
    `https://host/` (RFC 3986 6.2.3)."""
    uri = request.path[:-1] if request.path.endswith("/") else request.path
    location = f"{request.scheme}://{redirect.to}{uri or '/'}"
    trace = Trace(f"server {redirect.name}, from-to-www-redirect to {redirect.to}", (redirect.subject,))
    return Answer.of(Redirect(REDIRECT_CODE, location), trace)


def _outcome(upstream: Upstream, path: str, host: str) -> Outcome:
    target = upstream.target
    if target is None:
        return Status(404, "ingress-nginx default backend")
    if target.port is None:
        return Status(503, f"Service {target.service} has no such port: no endpoints")
    return Backend(target.namespace, target.service, target.port, path, host)


def _rewrite(loc: Location, request: Request) -> str | Redirect:
    """`rewrite "(?i)<path>" <target> break`: the whole URI becomes the target, $n from the path regex;
    the query is kept (appended after a query the target brings)."""
    target = loc.config.rewrite_target or ""
    try:
        match = re.search(loc.path, request.decoded_path, re.IGNORECASE)
    except re.error:
        match = None
    if match is None:
        return request.path
    groups = match.groups()

    def capture(found: re.Match[str]) -> str:
        number = int(found.group(1) or found.group(2))
        return (groups[number - 1] or "") if 0 < number <= len(groups) else ""

    replaced = _CAPTURE.sub(capture, target)
    query = request.query
    if replaced.startswith(("http://", "https://")):
        joined = replaced if not query else f"{replaced}{'&' if '?' in replaced else '?'}{query}"
        return Redirect(302, joined)
    uri, _, own_query = replaced.partition("?")
    queries = [q for q in (own_query, query) if q]
    encoded = quote(uri, safe="/-._~!$&'()*+,;=:@%")
    return encoded + (f"?{'&'.join(queries)}" if queries else "")


def _trace(server: Server, text: str, subjects: list[Subject], facts: set[str]) -> Trace:
    name = server.hostname or "_"
    return Trace(f"server {name}, {text}", tuple(subjects), frozenset(facts))


def _with(trace: Trace, fact: str) -> Trace:
    return Trace(trace.text, trace.subjects, trace.facts | {fact})
