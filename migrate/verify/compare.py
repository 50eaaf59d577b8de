"""Same requests, same answers? Both models answer every probe; each difference is classified and matched
with the findings that explain it. Pure: no printing, no files.

Each ingress class is one ingress-nginx controller and one Gateway: the Gateway annotated with the class
(`ingress-migrate.io/ingress-class`), else the one `Options` names, else the only Gateway there is (or the
only one routes refer to); `--gateway` names it outright.

Two answers count as the same when they are equal, and in one more case: over HTTPS, ingress-nginx's
default backend 404 for a host no Ingress names (served under its self-signed default certificate) and a
Gateway that has no HTTPS listener for it both turn the request away.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from migrate import classes, codes
from migrate.findings import Finding, Findings
from migrate.gateway.provenance import INGRESS_CLASS
from migrate.model import Ingress, IngressClass, Service
from migrate.options import Options
from migrate.verify import gateway_attach, gateway_objects, gateway_read, nginx_servers
from migrate.verify.explain import GATEWAY_API_LIMITS, Explainer
from migrate.verify.gateway_routing import GatewayModel
from migrate.verify.http import Answer, Backend, NoAnswer, Outcome, Redirect, Status, Subject
from migrate.verify.nginx_routing import NginxModel
from migrate.verify.probes import Probe, generate

SLICE = 2000  # probes per slice handed to a mapper


@dataclass(frozen=True)
class Difference:
    ingress_class: str
    probe: Probe
    nginx: Answer
    gateway: Answer
    kind: str
    subjects: tuple[Subject, ...]
    explanation: Finding | None = None
    limit: str | None = None  # the Gateway API limit that makes it unavoidable

    @property
    def explained(self) -> bool:
        return self.explanation is not None or self.limit is not None


@dataclass
class Report:
    probes: int
    differences: list[Difference]  # without `details`, only the unexplained ones
    notes: list[Finding]  # what could not be checked, and why
    ingresses: dict[tuple[str | None, str], Ingress]  # (file, namespace/name) -> Ingress, to place findings

    explained_only: int = 0  # explained differences counted but not kept (without `details`)

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if not d.explained]

    @property
    def different(self) -> int:
        """How many requests were answered differently."""
        return len(self.differences) + self.explained_only


Checked = tuple[list["Difference"], int]  # what `check_slice` finds in a slice
Mapper = Callable[[Callable[["Check", tuple[int, int]], Checked], "Check", list[tuple[int, int]]], Iterable[Checked]]


def verify(
    ingresses: list[Ingress],
    services: list[Service],
    ingress_classes: list[IngressClass],
    options: Options,
    documents: Iterable[Any],
    findings: Iterable[Finding],
    mapper: Mapper | None = None,
    details: bool = True,
) -> Report:
    """Check the Gateway API `documents` (plain data) against the Ingresses; `findings` are the
    conversion's, which explain the differences they announced. `mapper` runs `check_slice` over slices of
    the probes, in order (default: here, one after the other; the CLI hands them to worker processes).
    Without `details` (convert's summary), explained differences are only counted."""
    return check(prepare(ingresses, services, ingress_classes, options), documents, findings, mapper, details)


@dataclass(frozen=True)
class NginxSide:
    """One ingress class as its ingress-nginx controller serves it: the model, the probes of the class's
    Ingresses and, when asked for ahead of the check, the model's answers to them."""

    ingress_class: str
    nginx: NginxModel
    probes: list[Probe]
    rejected: set[tuple[str | None, str]]
    answers: list[Answer] | None = None


@dataclass
class Prepared:
    """The ingress-nginx half of a verification, which needs no Gateway API document: it can run while
    the conversion is still rendering them."""

    options: Options
    sides: list[NginxSide]
    notes: Findings
    index: dict[tuple[str | None, str], Ingress]


def prepare(
    ingresses: list[Ingress],
    services: list[Service],
    ingress_classes: list[IngressClass],
    options: Options,
    answered: bool = False,
) -> Prepared:
    """Both models' ingress-nginx side, class by class; with `answered`, its answers to every probe too
    (else they are asked while checking, where a mapper spreads them over workers)."""
    notes = Findings()
    selected = classes.select(ingresses, ingress_classes, options.classes, Findings())
    by_class: dict[str, list[Ingress]] = {}
    for choice in selected:
        by_class.setdefault(choice.ingress_class, []).append(choice.ingress)
    options = dataclasses.replace(options, several_classes=len(by_class) > 1)
    # --namespace also fills the namespace of Services written without one.
    services = [dataclasses.replace(s, namespace=s.namespace or options.namespace) for s in services]
    sides = [_nginx_side(name, by_class[name], services, options, notes, answered) for name in sorted(by_class)]
    return Prepared(options, sides, notes, by_place(ingresses))


def by_place(ingresses: Iterable[Ingress]) -> dict[tuple[str | None, str], Ingress]:
    """The Ingresses by file and namespace/name, as a report names them (`Report.ingresses`)."""
    return {(ing.file, ing.ref): ing for ing in ingresses}


def check(
    prepared: Prepared,
    documents: Iterable[Any],
    findings: Iterable[Finding],
    mapper: Mapper | None = None,
    details: bool = True,
) -> Report:
    """The Gateway API half: each class's probes asked of its Gateway and compared (see `verify`)."""
    run: Mapper = mapper or serial
    options = prepared.options
    notes = Findings(list(prepared.notes.items))  # the prepared ones stay as they were: it may check again
    objects = gateway_read.read(documents)
    explainer = Explainer(findings)
    report = Report(0, [], [], prepared.index)
    used: set[tuple[str | None, str]] = set()
    for side in prepared.sides:
        gateway = gateway_for(side.ingress_class, objects, options)
        used.add(gateway)
        entry = gateway_attach.entry(objects, gateway)
        for note in entry.notes:
            notes.add(codes.VERIFY_NOT_CHECKED, f"ingress class {side.ingress_class}: {note}")
        check = Check(side, GatewayModel(entry, objects), explainer, details)
        size = max(SLICE, -(-len(side.probes) // 16))
        slices = [(start, min(start + size, len(side.probes))) for start in range(0, len(side.probes), size)]
        report.probes += len(side.probes)
        for found, explained in run(check_slice, check, slices):
            report.differences.extend(found)
            report.explained_only += explained
    _note_unchecked(objects, used, notes)
    report.notes = notes.sorted()
    return report


def _nginx_side(
    ingress_class: str,
    members: list[Ingress],
    services: list[Service],
    options: Options,
    notes: Findings,
    answered: bool,
) -> NginxSide:
    server_set = nginx_servers.build(members, services, options.annotation_prefix)
    nginx = NginxModel(server_set)
    rejected: set[tuple[str | None, str]] = {(ing.file, ing.ref) for ing in server_set.rejected}
    for ing in server_set.rejected:
        notes.add(
            codes.VERIFY_NOT_CHECKED,
            f"ingress-nginx would not serve this Ingress ({nginx_servers.rejection(ing)}): it is checked as absent",
            file=ing.file,
            pos=ing.key_pos(("metadata", "name")),
            ingress=ing.ref,
        )
    regex_hosts = {host for host in nginx.servers if nginx.is_regex_host(host)}
    probes = generate(members, regex_hosts, options.annotation_prefix, nginx.certified)
    answers = [nginx.answer(probe.request) for probe in probes] if answered else None
    return NginxSide(ingress_class, nginx, probes, rejected, answers)


@dataclass(frozen=True)
class Check:
    """What one class's probes are checked with; `check_slice` asks both models a slice of them."""

    side: NginxSide
    gateway: GatewayModel
    explainer: Explainer
    details: bool = True


def check_slice(check: Check, bounds: tuple[int, int]) -> tuple[list[Difference], int]:
    """The differences of a slice of the probes (without `details`, only the unexplained ones) and how many
    explained ones were left out."""
    found = []
    left_out = 0
    side = check.side
    nginx = side.nginx
    answers = side.answers
    for index in range(bounds[0], bounds[1]):
        probe = side.probes[index]
        expected = answers[index] if answers is not None else nginx.answer(probe.request)
        actual = check.gateway.answer(probe.request)
        if expected == actual or _refused_alike(probe, expected, actual):
            continue
        # A name under a wildcard host is about the host: its creator's rule is where findings about it are.
        above = nginx.wildcard_creator(probe.request.host) if probe.purpose == "wildcard-two" else None
        kind = classify(probe, expected, actual, side.rejected, above is not None)
        host = above if kind == "wildcard-depth" else None
        subjects = tuple(
            dict.fromkeys((*probe.origins, *expected.trace.subjects, *actual.trace.subjects, *([host] if host else [])))
        )
        explanation = check.explainer.explain(kind, subjects)
        limit = GATEWAY_API_LIMITS.get(kind) if explanation is None else None
        if not check.details and (explanation is not None or limit is not None):
            left_out += 1
            continue
        found.append(Difference(side.ingress_class, probe, expected, actual, kind, subjects, explanation, limit))
    return found, left_out


def serial(
    function: Callable[[Check, tuple[int, int]], Checked], check: Check, slices: list[tuple[int, int]]
) -> Iterable[Checked]:
    """The default mapper: every slice in this process, in order."""
    return [function(check, bounds) for bounds in slices]


def gateway_for(ingress_class: str, objects: gateway_objects.Objects, options: Options) -> tuple[str | None, str]:
    if options.existing_gateway is not None:
        return options.existing_gateway
    annotated = [key for key, g in objects.gateways.items() if g.annotations.get(INGRESS_CLASS) == ingress_class]
    if len(annotated) == 1:
        return annotated[0]
    expected = (options.gateway_namespace, options.gateway_name_for(ingress_class))
    if expected in objects.gateways or options.several_classes:
        return expected
    if len(objects.gateways) == 1:
        return next(iter(objects.gateways))
    parents = {(p.namespace, p.name) for r in objects.routes for p in r.parents if p.kind == "Gateway"}
    return next(iter(parents)) if len(parents) == 1 else expected


def classify(
    probe: Probe, nginx: Answer, gateway: Answer, rejected: set[tuple[str | None, str]], wildcard_server: bool = True
) -> str:
    """The kind of a difference, the key of the explanation table (see `explain`). `wildcard_server`: whether
    ingress-nginx had a server for the wildcard a `wildcard-two` probe is under (not when only a canary
    named it: then the name is the catch-all's on both sides)."""
    request = probe.request
    if probe.origins and all((o.file, o.ingress) in rejected for o in probe.origins):
        return "rejected-ingress"
    if probe.purpose == "wildcard-two" and wildcard_server:
        return "wildcard-depth"
    if probe.purpose == "alias-suffix-wildcard":
        return "alias-not-expressible"
    expected, actual = nginx.single, gateway.single
    outcomes = nginx.outcomes()
    if isinstance(actual, NoAnswer) and not any(isinstance(o, NoAnswer) for o in outcomes):
        if request.scheme == "http":
            return "not-served"
        return "https-catch-all-not-served" if "catch-all-server" in nginx.trace.facts else "https-not-served"
    exact_server = not nginx.trace.facts & {"catch-all-server", "wildcard-server"}
    if "catch-all-route" in gateway.trace.facts and "catch-all-server" not in nginx.trace.facts:
        return "fallthrough"
    if ("wildcard-route" in gateway.trace.facts and exact_server) or "fell-through" in gateway.trace.facts:
        return "fallthrough"
    if "host-not-on-listener" in gateway.trace.facts and not any(isinstance(o, NoAnswer) for o in outcomes):
        return "https-catch-all-not-served" if "catch-all-server" in nginx.trace.facts else "https-not-served"
    if any(isinstance(o, Backend) and isinstance(o.port, str) for o in outcomes) and _status(actual) == 500:
        return "backend-unresolved"
    if any(_status(o) == 503 for o in outcomes):
        return "no-endpoints"
    # The HTTPS redirect comes before the balancer picks a canary: it is the difference even on a canary path.
    to_https_nginx = _to_https(expected, request.host)
    to_https_gateway = _to_https(actual, request.host)
    if request.scheme == "http" and to_https_nginx != to_https_gateway:
        return "https-redirect-missing" if to_https_nginx else "https-redirect-extra"
    if to_https_nginx and to_https_gateway:
        assert isinstance(expected, Redirect) and isinstance(actual, Redirect)
        if expected.code == actual.code and _slash_only(expected.location, actual.location):
            return "https-redirect-trailing-slash"
        return "redirect"
    same = _same_services(nginx, gateway)
    if ("canary" in nginx.trace.facts or probe.purpose.startswith("canary")) and not same:
        return "canary"
    if _slash_only_redirects(expected, actual) and probe.purpose == "www":
        return "www-redirect-trailing-slash"
    if "regex-mode" in nginx.trace.facts:
        return "regex-mode"
    if isinstance(expected, Redirect) or isinstance(actual, Redirect):
        return "redirect"
    if same:
        received = [(n, g) for n in _backends(nginx) for g in _backends(gateway) if _key(n) == _key(g)]
        if any(n.path != g.path for n, g in received):
            return "upstream-path"
        if any(n.host != g.host for n, g in received):
            return "upstream-host"
    return "routing"


def _refused_alike(probe: Probe, nginx: Answer, gateway: Answer) -> bool:
    """Over HTTPS, ingress-nginx answered a host no Ingress names with its default backend's 404, under its
    self-signed default certificate; a Gateway without an HTTPS listener for it refuses the connection.
    Both turn the request away, so this is not counted as a difference."""
    return (
        probe.request.scheme == "https"
        and "catch-all-server" in nginx.trace.facts
        and nginx.single == Status(404)
        and isinstance(gateway.single, NoAnswer)
    )


def _same_services(first: Answer, second: Answer) -> bool:
    """Both sides send the request to the same Service ports in the same shares (whether or not a canary
    split it): what differs is what those backends receive, not which of them takes the request."""
    if len(_backends(first)) != len(first.shares) or len(_backends(second)) != len(second.shares):
        return False
    return _services(first) == _services(second)


def _services(answer: Answer) -> dict[tuple[str | None, str, int | str], Fraction]:
    shares: dict[tuple[str | None, str, int | str], Fraction] = {}
    for outcome, share in answer.shares:
        if isinstance(outcome, Backend):
            shares[_key(outcome)] = shares.get(_key(outcome), Fraction(0)) + share
    return shares


def _backends(answer: Answer) -> list[Backend]:
    return [outcome for outcome in answer.outcomes() if isinstance(outcome, Backend)]


def _key(backend: Backend) -> tuple[str | None, str, int | str]:
    return backend.namespace, backend.service, backend.port


def _to_https(outcome: Outcome | None, host: str) -> bool:
    return isinstance(outcome, Redirect) and outcome.location.lower().startswith(f"https://{host.lower()}")


def _slash_only_redirects(first: Outcome | None, second: Outcome | None) -> bool:
    return (
        isinstance(first, Redirect)
        and isinstance(second, Redirect)
        and first.code == second.code
        and _slash_only(first.location, second.location)
    )


def _slash_only(first: str, second: str) -> bool:
    """Two Locations that differ only by a trailing slash before the query."""
    a, _, query_a = first.partition("?")
    b, _, query_b = second.partition("?")
    return query_a == query_b and a != b and a.rstrip("/") == b.rstrip("/")


def _status(outcome: Outcome | None) -> int | None:
    return outcome.code if isinstance(outcome, Status) else None


def _note_unchecked(objects: gateway_objects.Objects, used: set[tuple[str | None, str]], notes: Findings) -> None:
    for description in objects.ignored:
        notes.add(codes.VERIFY_NOT_CHECKED, f"{description} is not modelled; its traffic is not checked")
    for route in objects.routes:
        elsewhere = [p for p in route.parents if p.kind == "Gateway" and (p.namespace, p.name) not in used]
        if elsewhere and len(elsewhere) == len(route.parents):
            names = ", ".join(f"{p.namespace}/{p.name}" for p in elsewhere)
            notes.add(
                codes.VERIFY_NOT_CHECKED,
                f"{route.kind} {route.ref} attaches to Gateway {names}, which serves no ingress class here; "
                "it is not checked",
            )
