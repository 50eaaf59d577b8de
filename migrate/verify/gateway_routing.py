"""The Gateway API model, part 3: what one request gets from a Gateway.

* Listener: those on the request's port and protocol (HTTP for http; HTTPS, or TLS for passthrough, for
  https), the most specific hostname first (exact, then wildcards with more labels, then none). Nothing on
  the port: no answer. No listener for the hostname: 404 over HTTP, no TLS handshake over HTTPS.
* Rules: every attached route whose hostnames match the request (wildcards match one or more labels)
  contributes its rules. Following the HTTPRoute spec, precedence goes to routes with the most specific
  matching hostname (most characters in a matching non-wildcard hostname, then in any matching hostname),
  then to the match with an Exact path, the longest PathPrefix, a method, most header matches, most query
  matches, then the oldest route, then `namespace/name` alphabetically, then rule and match order. A
  request that matches nothing in the most specific route falls through to less specific ones, as the
  spec's ordering reads (Envoy-based implementations keep one virtual host per hostname instead).
* RegularExpression paths are ordered after Exact and before PathPrefix, longer patterns first (as Envoy
  Gateway orders them; the spec leaves it to implementations). How matches and filters behave is in
  `gateway_match`.
* Filters: RequestRedirect answers; URLRewrite changes the path and Host the backend sees; header
  modifiers and mirrors are recorded, not compared. backendRefs: a weighted split over the refs with a
  weight above zero; a ref that is not a Service with a port, or crosses namespaces without a
  ReferenceGrant, answers 500 for its share; no usable backend at all is a 500. Nothing matches: 404.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from migrate.verify.gateway_attach import Attached, Bound, Entry, hostname_matches
from migrate.verify.gateway_match import matches, note, redirect, rewrite
from migrate.verify.gateway_objects import GROUP, BackendRef, Filter, Match, Objects, RouteSpec, Rule
from migrate.verify.http import (
    Answer,
    Backend,
    NoAnswer,
    Outcome,
    Request,
    Status,
    Subject,
    Trace,
)
from migrate.verify.provenance import route_subjects

_NOT_ON_LISTENER = frozenset({"host-not-on-listener"})
_FELL_THROUGH = frozenset({"fell-through"})


@dataclass(frozen=True)
class _Candidate:
    key: tuple[object, ...]
    route: RouteSpec
    rule: Rule
    rule_index: int
    match: Match


class _Group:
    """The candidates of one route hostname on one listener, indexed by path."""

    def __init__(self) -> None:
        self.exact: dict[str, list[_Candidate]] = {}
        self.prefix: dict[str, list[_Candidate]] = {}
        self.other: list[_Candidate] = []
        self.grpc: list[_Candidate] = []

    def add(self, candidate: _Candidate) -> None:
        match = candidate.match
        if candidate.route.kind == "GRPCRoute":
            self.grpc.append(candidate)
        elif match.path_type == "Exact":
            self.exact.setdefault(match.path, []).append(candidate)
        elif match.path_type == "PathPrefix":
            self.prefix.setdefault(match.path.rstrip("/"), []).append(candidate)
        else:
            self.other.append(candidate)

    def for_path(self, path: str) -> list[_Candidate]:
        found = list(self.exact.get(path, ())) + list(self.other)
        found += self.prefix.get("", [])
        end = path.find("/", 1)
        while end != -1:
            found += self.prefix.get(path[:end], [])
            end = path.find("/", end + 1)
        found += self.prefix.get(path, []) if path != "/" else []
        return sorted(found, key=_key)


def _key(candidate: _Candidate) -> tuple[object, ...]:
    return candidate.key


def candidate_names(host: str) -> list[str]:
    """The hostnames that match `host`, most specific first: itself, then `*.` + each shorter suffix."""
    names = [host]
    rest = host
    while "." in rest:
        rest = rest.partition(".")[2]
        names.append(f"*.{rest}")
    return names


@dataclass(frozen=True)
class _Plan:
    trace: Trace
    redirect: Filter | None
    backends: list[tuple[BackendRef, Fraction, str | None, tuple[str, ...]]]  # ref, share, problem, notes


@dataclass
class _Listeners:
    """The listeners for one port and scheme, by hostname."""

    by_name: dict[str | None, Bound]


class GatewayModel:
    def __init__(self, entry: Entry, objects: Objects) -> None:
        self.entry = entry
        self.objects = objects
        self._groups: dict[int, dict[str | None, _Group]] = {}
        self._all_names: set[str | None] | None = None
        self._listeners: dict[tuple[int, str], _Listeners] = {}
        self._route_subjects: dict[int, tuple[Subject, ...]] = {}
        self._plans: dict[tuple[int, int, str | None], _Plan] = {}

    def _listeners_for(self, port: int, scheme: str) -> _Listeners:
        key = (port, scheme)
        found = self._listeners.get(key)
        if found is None:
            protocols = ("HTTP",) if scheme == "http" else ("HTTPS", "TLS")
            by_name: dict[str | None, Bound] = {}
            for bound in self.entry.listeners:
                if bound.listener.port == port and bound.listener.protocol in protocols:
                    by_name.setdefault(bound.listener.hostname, bound)
            found = self._listeners[key] = _Listeners(by_name)
        return found

    def answer(self, request: Request) -> Answer:
        listeners = self._listeners_for(request.port, request.scheme)
        if not listeners.by_name:
            return Answer.of(NoAnswer(f"no {request.scheme.upper()} listener on port {request.port}"))
        host = request.host.lower().rstrip(".")
        names: list[str | None] = [*candidate_names(host), None]  # the most specific first
        bound = next((listeners.by_name[n] for n in names if n in listeners.by_name), None)
        if bound is None:
            if request.scheme == "https":
                return Answer.of(NoAnswer(f"no HTTPS listener for {host}"))
            return Answer.of(Status(404, f"no listener for {host}"))
        if not bound.ready:
            return Answer.of(NoAnswer(f"listener {bound.listener.name}: {bound.problem}"))
        if bound.listener.protocol == "TLS":
            return self._passthrough(bound, host)
        return self._route(bound, request, names)

    def _route(self, bound: Bound, request: Request, hostnames: list[str | None]) -> Answer:
        groups = self._groups_of(bound)
        names = [n for n in hostnames if n in groups]
        answer = self._match(bound, request, names, groups)
        if request.scheme == "https" and self._elsewhere(hostnames, names):
            # The handshake found a listener (a wildcard matches any depth) without the routes of the most
            # specific hostname the Gateway has for this host: that host is not served over HTTPS.
            facts = answer.trace.facts | _NOT_ON_LISTENER
            return replace(answer, trace=replace(answer.trace, facts=facts))
        return answer

    def _match(
        self, bound: Bound, request: Request, names: list[str | None], groups: dict[str | None, _Group]
    ) -> Answer:
        path = request.uri_path
        grpc = (request.header("content-type") or "").startswith("application/grpc")
        for name in names:
            # A gRPC call is an HTTP/2 request too: GRPCRoutes first, then HTTPRoutes (a Gateway accepts only
            # one of the two kinds for a hostname, GEP-1016). GRPCRoutes match gRPC calls only.
            candidates = sorted(groups[name].grpc, key=_key) if grpc else []
            candidates += [c for c in groups[name].for_path(path) if c.route.kind == "HTTPRoute"]
            for candidate in candidates:
                if matches(candidate.match, request):
                    answer = self._act(bound, candidate, request, name)
                    if name == names[0]:
                        return answer
                    # No rule of a more specific hostname matched: the request fell through to this one.
                    return replace(answer, trace=replace(answer.trace, facts=answer.trace.facts | _FELL_THROUGH))
        return Answer.of(Status(404, "no route matches"), Trace(f"listener {bound.listener.name}, no rule matches"))

    def _elsewhere(self, hostnames: list[str | None], names: list[str | None]) -> bool:
        """Whether a route on another listener has a more specific hostname for the request than `names`."""
        if self._all_names is None:
            self._all_names = {name for bound in self.entry.listeners for name in self._groups_of(bound)}
        best = next((n for n in hostnames if n is not None and n in self._all_names), None)
        return best is not None and (not names or names[0] != best)

    def _groups_of(self, bound: Bound) -> dict[str | None, _Group]:
        cached = self._groups.get(id(bound))
        if cached is not None:
            return cached
        groups: dict[str | None, _Group] = {}
        for attached in bound.routes:
            names: list[str | None] = list(attached.hostnames) or [None]
            for hostname in names:
                group = groups.setdefault(hostname, _Group())
                for rule_index, rule in enumerate(attached.route.rules):
                    for match_index, match in enumerate(rule.matches):
                        key = (*_match_rank(match), *_route_rank(attached), rule_index, match_index)
                        group.add(_Candidate(key, attached.route, rule, rule_index, match))
        self._groups[id(bound)] = groups
        return groups

    def _act(self, bound: Bound, candidate: _Candidate, request: Request, hostname: str | None) -> Answer:
        plan = self._plans.get((id(bound), id(candidate), hostname))
        if plan is None:
            plan = self._plans[(id(bound), id(candidate), hostname)] = self._plan(bound, candidate, hostname)
        trace = plan.trace
        if plan.redirect is not None:
            return Answer.of(redirect(plan.redirect, candidate.match, request, bound.listener.port), trace)
        if not plan.backends:
            return Answer.of(Status(500, "the rule has no usable backendRef"), trace)
        rule = candidate.rule
        path, host = rewrite(rule.filters, candidate.match, request, request.path, request.host)
        parts: list[tuple[Outcome, Fraction]] = []
        for ref, share, problem, notes in plan.backends:
            if problem is not None:
                parts.append((Status(500, problem), share))
                continue
            assert ref.port is not None
            ref_path, ref_host = rewrite(ref.filters, candidate.match, request, path, host)
            parts.append((Backend(ref.namespace, ref.name, ref.port, ref_path, ref_host, notes=notes), share))
        return Answer.split(parts, trace)

    def _plan(self, bound: Bound, candidate: _Candidate, hostname: str | None) -> _Plan:
        """What a rule does whatever the request: its trace, its redirect, its backends with their shares."""
        route, rule = candidate.route, candidate.rule
        # A route without hostnames on a listener without one answers any host: the Gateway's catch-all.
        facts = {"catch-all-route"} if not route.hostnames and bound.listener.hostname is None else set()
        if hostname and hostname.startswith("*."):
            facts.add("wildcard-route")
        text = f"listener {bound.listener.name}, {route.kind} {route.ref} rule {candidate.rule_index + 1}"
        trace = Trace(text, self._subjects(route), frozenset(facts))
        found = next((f for f in rule.filters if f.type == "RequestRedirect"), None)
        if found is not None:
            return _Plan(trace, found, [])
        notes = [note(f) for f in rule.filters if f.type not in ("RequestRedirect", "URLRewrite")]
        total = sum(ref.weight for ref in rule.backends if ref.weight > 0)
        backends = [
            (
                ref,
                Fraction(ref.weight, total),
                self._backend_problem(route, ref.group, ref.kind, ref.namespace, ref.name, ref.port),
                tuple(notes + [note(f) for f in ref.filters if f.type != "URLRewrite"]),
            )
            for ref in rule.backends
            if ref.weight > 0
        ]
        return _Plan(trace, None, backends)

    def _subjects(self, route: RouteSpec) -> tuple[Subject, ...]:
        found = self._route_subjects.get(id(route))
        if found is None:
            found = self._route_subjects[id(route)] = route_subjects(route)
        return found

    def _backend_problem(
        self, route: RouteSpec, group: str, kind: str, namespace: str | None, name: str, port: int | None
    ) -> str | None:
        if group not in ("", "core") or kind != "Service":
            return f"backendRef {kind} {name} is not a Service"
        if port is None:
            return f"backendRef {name} has no port"
        if not self.objects.granted((GROUP, route.kind, route.namespace), ("", "Service", namespace, name)):
            return f"backendRef {namespace}/{name} is in another namespace and no ReferenceGrant allows it"
        return None

    def _passthrough(self, bound: Bound, host: str) -> Answer:
        ranked = sorted(
            (a for a in bound.routes if a.route.kind == "TLSRoute"),
            key=lambda a: (
                min((_route_host_rank(h) for h in a.hostnames if hostname_matches(h, host)), default=(9,)),
                *_route_rank(a),
            ),
        )
        for attached in ranked:
            if attached.hostnames and not any(hostname_matches(h, host) for h in attached.hostnames):
                continue
            for rule in attached.route.rules:
                refs = [r for r in rule.backends if r.weight > 0 and r.port is not None]
                total = sum(r.weight for r in refs)
                parts: list[tuple[Outcome, Fraction]] = [
                    (Backend(r.namespace, r.name, r.port or 0, "", host, passthrough=True), Fraction(r.weight, total))
                    for r in refs
                ]
                trace = Trace(
                    f"listener {bound.listener.name}, TLSRoute {attached.route.ref}", route_subjects(attached.route)
                )
                return Answer.split(parts, trace) if parts else Answer.of(NoAnswer("TLSRoute without backend"), trace)
        return Answer.of(NoAnswer(f"no TLSRoute for {host}"))


def _route_host_rank(hostname: str | None) -> tuple[int, ...]:
    if hostname is None:
        return (0, 0)
    non_wildcard = 0 if hostname.startswith("*.") else len(hostname)
    return (-non_wildcard, -len(hostname))


def _match_rank(match: Match) -> tuple[object, ...]:
    if match.path_type == "Exact":
        path = (0, -len(match.path))
    elif match.path_type == "RegularExpression":
        path = (1, -len(match.path))
    else:
        path = (2, -len(match.path))
    return (*path, match.method is None, -len(match.headers), -len(match.query))


def _route_rank(attached: Attached) -> tuple[object, ...]:
    route = attached.route
    return (route.created == "", route.created, route.ref)
