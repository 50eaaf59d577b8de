"""Canary Ingresses merged into their primaries, as controller.go mergeAlternativeBackends does.

Canaries create no server and no location. Oldest first, each canary path looks for a location of the same
host with the same path and pathType whose upstream is a real Service (not the controller's default backend);
its own backend becomes that upstream's alternative. Without such a location the canary backend is deleted.
The alternative belongs to the primary upstream (`namespace-service-port`), not to the location, so every
location on any host that proxies to that upstream is split the same way (balancer.lua). Only the first
alternative of an upstream is ever used. The traffic policy (weight, header, cookie) belongs to the canary's
own upstream too, and createUpstreams makes each upstream once, for the oldest Ingress that names it: canary
Ingresses that share a Service port all get the settings of the oldest of them.
"""

from __future__ import annotations

from migrate.annotations.canary import NOT_ATTACHED, SHADOWED, SHARED_UPSTREAM
from migrate.codes import CANARY_POLICY_TAKEN
from migrate.findings import Code, Findings
from migrate.intents import IngressIntents
from migrate.model import Ingress, ResourceBackend, ServiceBackend
from migrate.nginx.backends import ServiceIndex, resolve
from migrate.nginx.model import Canary, Location, ResolvedBackend, Server
from migrate.nginx.paths import normal_path
from migrate.yamldoc import Path

Upstream = tuple[str | None, str, str]


def attach(
    servers: dict[str, Server],
    canaries: list[tuple[Ingress, IngressIntents]],
    services: ServiceIndex,
    findings: Findings,
) -> None:
    alternatives: dict[Upstream, Canary] = {}
    declared: dict[int, Upstream] = {}  # id(primary location) -> its upstream, for the locations canaries named
    found = [(ingress, intents, _paths(ingress, servers, services, findings)) for ingress, intents in canaries]
    owners: dict[Upstream, Canary] = {}  # canary upstream -> the canary of the oldest Ingress that names it
    for ingress, intents, paths in found:
        for _, _, _, backend, where in paths:
            named = (ingress.namespace, backend.service, _written_port(ingress, where, backend))
            owners.setdefault(named, Canary(ingress, intents, backend, intents.canary_rules, where))
    for ingress, intents, paths in found:
        for server, path, path_type, backend, where in paths:
            _merge(server, path, path_type, ingress, intents, backend, where, owners, alternatives, declared, findings)
    for server in servers.values():
        for location in server.locations:
            upstream = location.upstream
            if upstream is None or upstream not in alternatives:
                continue
            location.canary = alternatives[upstream]
            if id(location) not in declared:
                _shared(server, location, findings)


def _paths(
    ingress: Ingress,
    servers: dict[str, Server],
    services: ServiceIndex,
    findings: Findings,
) -> list[tuple[Server, str, str, ResolvedBackend, Path]]:
    found: list[tuple[Server, str, str, ResolvedBackend, Path]] = []
    if isinstance(ingress.default_backend, ServiceBackend) and ingress.default_backend_where is not None:
        where = ingress.default_backend_where
        backend = resolve(ingress.default_backend, ingress, where, services, findings)
        found.append((servers[""], "/", "Prefix", backend, where))
    for rule in ingress.rules:
        server = servers.get(rule.host)
        for path in rule.paths:
            where = (*path.where, "backend")
            if server is None:
                _flag(
                    findings,
                    ingress,
                    path.where,
                    NOT_ATTACHED,
                    f"canary host {rule.host or '(any)'} has no "
                    "server (no other Ingress declares it), so ingress-nginx deleted this canary backend; the output "
                    "has no rule for it",
                )
                continue
            if isinstance(path.backend, ResourceBackend) or path.backend is None:
                continue
            normal = normal_path(ingress, path, findings)
            if normal is None:
                continue
            value, path_type = normal
            found.append((server, value, path_type, resolve(path.backend, ingress, where, services, findings), where))
    return found


def _merge(
    server: Server,
    path: str,
    path_type: str,
    ingress: Ingress,
    intents: IngressIntents,
    backend: ResolvedBackend,
    where: Path,
    owners: dict[Upstream, Canary],
    alternatives: dict[Upstream, Canary],
    declared: dict[int, Upstream],
    findings: Findings,
) -> None:
    canary_upstream = (ingress.namespace, backend.service, _written_port(ingress, where, backend))
    owner = owners[canary_upstream]
    merged = same = False
    for location in server.locations:
        primary = location.upstream
        if primary is None:
            continue
        if primary == canary_upstream:
            same = True
            _flag(
                findings,
                ingress,
                where,
                NOT_ATTACHED,
                f"the canary backend {backend.service} is also the primary "
                f"backend of {server.hostname or '(any)'} {location.path}, so ingress-nginx stopped merging this "
                "canary path there; the output has no canary rule for it",
            )
            break
        if location.path != path or location.path_type != path_type:
            continue
        merged = True
        declared[id(location)] = primary
        current = alternatives.get(primary)
        if current is None:
            alternatives[primary] = owner
        elif current is not owner:
            _flag(
                findings,
                ingress,
                where,
                SHADOWED,
                f"Service {primary[1]} already has the canary of Ingress "
                f"{current.ingress.ref} (older); ingress-nginx only ever used the first canary of a Service, so "
                "this one took no traffic and is not converted: remove one of them",
            )
    if merged and owner.ingress is not ingress and owner.rules != intents.canary_rules:
        _flag(
            findings,
            ingress,
            where,
            CANARY_POLICY_TAKEN,
            f"Service {backend.service} port {canary_upstream[2]} is also the canary backend of Ingress "
            f"{owner.ingress.ref} (older); ingress-nginx keeps one traffic policy per Service port, that of the "
            "oldest Ingress naming it, so it split this path by that Ingress's canary-* settings and ignored this "
            "one's, and so does the output: give each canary Ingress its own Service, or the same settings",
        )
    if not merged and not same:
        _flag(
            findings,
            ingress,
            where,
            NOT_ATTACHED,
            f"no Ingress serves {server.hostname or '(any)'} {path} "
            f"({path_type}) with a Service, so ingress-nginx deleted this canary backend; the output has no rule "
            "for it: the primary Ingress must declare the same host, path and pathType",
        )


def _written_port(ingress: Ingress, where: Path, backend: ResolvedBackend) -> str:
    source = ingress.default_backend if where == ingress.default_backend_where else None
    if source is None:
        for rule in ingress.rules:
            for path in rule.paths:
                if (*path.where, "backend") == where and isinstance(path.backend, ServiceBackend):
                    source = path.backend
    return str(source.port) if isinstance(source, ServiceBackend) else str(backend.port)


def _shared(server: Server, location: Location, findings: Findings) -> None:
    canary = location.canary
    assert canary is not None and location.backend is not None
    _flag(
        findings,
        canary.ingress,
        canary.where,
        SHARED_UPSTREAM,
        f"ingress-nginx attaches a canary to its primary Service, so {server.hostname or '(any)'} {location.path} "
        f"(Ingress {location.ingress.ref}), which also proxies to Service {location.backend.service}, was split "
        "to this canary too; the output does the same",
    )


def _flag(findings: Findings, ingress: Ingress, where: Path, code: Code, message: str) -> None:
    ingress.report(findings, code, message, where)
