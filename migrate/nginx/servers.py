"""Build ingress-nginx's servers and locations from the Ingresses of one class.

Follows internal/ingress/controller/controller.go (createServers, getBackendServers): Ingresses are read
oldest first; the first Ingress with a rule for a host creates its server and gives it a root location `/`
(its own defaultBackend, else the controller's default backend); a later Ingress can replace that root
with an explicit `/` path, but any other repeated host + path + pathType keeps the older location.
Then each server gets what its locations decide for the whole host: aliases and the www redirect
(`hostnames`), regex mode (`regex`) and the locations it puts out of reach, app-root, its certificate (`tls`),
and canaries are merged into their primaries (`canary`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from migrate import codes
from migrate.findings import Findings
from migrate.intents import IngressIntents
from migrate.model import Ingress, IngressPath, ResourceBackend, ServiceBackend, field_name
from migrate.nginx import canary, hostnames, hostwide, regex
from migrate.nginx.backends import ServiceIndex, resolve
from migrate.nginx.model import PREFIX, Location, ResolvedBackend, Server
from migrate.nginx.paths import normal_path
from migrate.nginx.tls import assign_certificates
from migrate.validation import hostname_problem
from migrate.yamldoc import Path


@dataclass
class ServerSet:
    """Every server of one ingress class, by hostname ("" is the catch-all server)."""

    servers: dict[str, Server]
    ordered: list[tuple[Ingress, IngressIntents]]  # oldest first, canaries included


def by_age(items: Iterable[tuple[Ingress, IngressIntents]]) -> list[tuple[Ingress, IngressIntents]]:
    """Oldest first, as the controller sorts them (store.go): creation time, ties by namespace/name
    descending. Ingresses without a creationTimestamp (manifests not yet applied) count as created in
    input order, after every Ingress that has one."""
    listed = sorted(items, key=lambda item: item[0].ref, reverse=True)
    return sorted(
        listed,
        key=lambda item: (
            (0, item[0].creation_timestamp, 0) if item[0].creation_timestamp else (1, "", item[0].sequence)
        ),
    )


def build(items: Iterable[tuple[Ingress, IngressIntents]], services: ServiceIndex, findings: Findings) -> ServerSet:
    ordered = by_age(items)
    primaries = [(ing, intents) for ing, intents in ordered if not intents.canary]
    servers: dict[str, Server] = {}
    catch_all = _catch_all(primaries, services, findings)
    servers[""] = catch_all
    for ingress, intents in primaries:
        if ingress.rules:
            _create_servers(servers, ingress, intents, services, findings)
    index = _index(servers.values())
    written = itertools.count(1)
    for ingress, intents in primaries:
        for rule in ingress.rules:
            server = servers.get(rule.host)
            if server is None:
                continue  # an invalid host, already reported
            for path in rule.paths:
                _add_location(server, ingress, intents, path, services, findings, index, next(written))
    hostnames.assign_aliases(servers, primaries, findings)
    for server in servers.values():
        server.regex = regex.in_regex_mode(server)
        regex.assign_shadows(server)
        hostnames.assign_app_root(server)
    hostnames.assign_www(servers, findings)
    served = {name for server in servers.values() for name in server.aliases}
    served |= {server.www.name for server in servers.values() if server.www is not None}
    assign_certificates(servers, primaries, findings, served)
    hostnames.report_uncertified_aliases(servers, primaries, findings)
    hostwide.apply(servers, primaries)
    canary.attach(servers, [(ing, intents) for ing, intents in ordered if intents.canary], services, findings)
    _report_unused_default_backends(servers, primaries, findings)
    return ServerSet(servers=servers, ordered=ordered)


def _create_servers(
    servers: dict[str, Server],
    ingress: Ingress,
    intents: IngressIntents,
    services: ServiceIndex,
    findings: Findings,
) -> None:
    default = _default_backend(ingress, services, findings)
    for rule in ingress.rules:
        if rule.host and rule.host not in servers and _host_ok(ingress, rule.host, rule.where, findings):
            root = Location("/", PREFIX, ingress, intents, default, from_default_backend=default is not None)
            root.implicit = True
            servers[rule.host] = Server(rule.host, creator=ingress, locations=[root])


def _report_unused_default_backends(
    servers: dict[str, Server], primaries: list[tuple[Ingress, IngressIntents]], findings: Findings
) -> None:
    """ingress-nginx used an Ingress's defaultBackend only as the `/` fallback of the hosts it declared
    first, until an explicit `/` path replaced that fallback."""
    used = {id(loc.ingress) for server in servers.values() for loc in server.locations if loc.from_default_backend}
    for ingress, _ in primaries:
        if ingress.default_backend is None or id(ingress) in used or not ingress.rules:
            continue
        where = ingress.default_backend_where or ("spec",)
        findings.add(
            codes.DEFAULT_BACKEND_UNUSED,
            "this defaultBackend served nothing: ingress-nginx used it only as the `/` fallback of hosts this "
            "Ingress declared first, and those hosts belong to older Ingresses or have an explicit `/` path",
            file=ingress.file,
            pos=ingress.key_pos(where),
            ingress=ingress.ref,
            field=field_name(where),
        )


def _catch_all(primaries: list[tuple[Ingress, IngressIntents]], services: ServiceIndex, findings: Findings) -> Server:
    """The `_` server. An Ingress with a defaultBackend and no rules replaces its root (oldest wins)."""
    chosen: tuple[Ingress, IngressIntents, ResolvedBackend] | None = None
    for ingress, intents in primaries:
        if ingress.rules or ingress.default_backend is None:
            continue
        backend = _default_backend(ingress, services, findings)
        if backend is None:
            continue
        if chosen is None:
            chosen = (ingress, intents, backend)
            continue
        findings.add(
            codes.DEFAULT_BACKEND_CONFLICT,
            f"the catch-all default backend is already set by Ingress {chosen[0].ref} (older), so ingress-nginx "
            "ignored this one; remove it or merge the two",
            file=ingress.file,
            pos=ingress.key_pos(ingress.default_backend_where or ("spec",)),
            ingress=ingress.ref,
            field=field_name(ingress.default_backend_where or ("spec",)),
        )
    if chosen is None:
        return Server("", creator=None, locations=[])
    ingress, intents, backend = chosen
    # createServers sets IsDefBackend to false on this root: a later `/` path cannot replace it. It gives the root
    # the Ingress's annotations but keeps the root's own (empty) redirect and rewrite settings ("Redirect and
    # rewrite can affect the catch all behavior, skip for now").
    kept = replace(intents, location=replace(intents.location, **_NO_REDIRECT_OR_REWRITE))
    _report_ignored_on_catch_all(ingress, intents, findings)
    root = Location("/", PREFIX, ingress, kept, backend, from_default_backend=True, implicit=True, replaceable=False)
    return Server("", creator=ingress, locations=[root])


# The zero values of ingress-nginx's rewrite.Config and redirect.Config, as LocationIntents fields.
_NO_REDIRECT_OR_REWRITE: dict[str, Any] = {
    "ssl_redirect": False,
    "force_ssl_redirect": False,
    "preserve_trailing_slash": False,
    "rewrite_target": None,
    "use_regex": False,
    "x_forwarded_prefix": None,  # sent only next to an active rewrite
    "app_root": None,
    "redirect": None,
    "from_to_www": False,
}
_REDIRECT_AND_REWRITE_ANNOTATIONS = (
    "rewrite-target",
    "use-regex",
    "x-forwarded-prefix",
    "ssl-redirect",
    "force-ssl-redirect",
    "preserve-trailing-slash",
    "app-root",
    "permanent-redirect",
    "permanent-redirect-code",
    "temporal-redirect",
    "temporal-redirect-code",
    "from-to-www-redirect",
)


def _report_ignored_on_catch_all(ingress: Ingress, intents: IngressIntents, findings: Findings) -> None:
    for name in _REDIRECT_AND_REWRITE_ANNOTATIONS:
        written = intents.written.get(name)  # where an annotation ingress-nginx read is written
        if written is None or name not in intents.effective:
            continue
        key = written.key
        findings.add(
            codes.CATCH_ALL_ANNOTATIONS,
            f"{key}: this Ingress's defaultBackend serves the catch-all server (requests for hosts no rule names), "
            "and ingress-nginx does not apply redirect and rewrite annotations there, so it ignored this one, and "
            "so does the output: move it to an Ingress with rules if it was meant for some hosts",
            file=ingress.file,
            pos=written.pos,
            ingress=ingress.ref,
            field=key,
        )


def _default_backend(ingress: Ingress, services: ServiceIndex, findings: Findings) -> ResolvedBackend | None:
    backend, where = ingress.default_backend, ingress.default_backend_where
    if backend is None or where is None:
        return None
    if isinstance(backend, ResourceBackend):
        _resource_backend(ingress, where, findings)
        return None
    return resolve(backend, ingress, where, services, findings)


def _host_ok(ingress: Ingress, host: str, where: Path, findings: Findings) -> bool:
    problem = hostname_problem(host)
    if problem is None:
        return True
    findings.add(
        codes.HOST_INVALID,
        f"host {host!r} {problem}; the rule is left out",
        file=ingress.file,
        pos=ingress.pos((*where, "host")),
        ingress=ingress.ref,
        field=field_name((*where, "host")),
    )
    return False


def _add_location(
    server: Server,
    ingress: Ingress,
    intents: IngressIntents,
    path: IngressPath,
    services: ServiceIndex,
    findings: Findings,
    index: dict[tuple[str, str, str], Location] | None = None,
    written: int = 0,
) -> None:
    """`index`: (host, path, pathType) -> location, kept across calls so that a host with thousands of
    paths does not compare each new one with all the others; `written`: the path's rank, oldest Ingress
    first (`Location.written`)."""
    normal = normal_path(ingress, path, findings)
    if normal is None:
        return
    value, path_type = normal
    if isinstance(path.backend, ResourceBackend):
        _resource_backend(ingress, (*path.where, "backend"), findings)
        return
    assert isinstance(path.backend, ServiceBackend)
    backend = resolve(path.backend, ingress, (*path.where, "backend"), services, findings)
    if index is None:
        index = _index([server])
    key = (server.hostname, value, path_type)
    existing = index.get(key)
    if existing is not None and not (existing.implicit and existing.replaceable):
        first = index.get((server.hostname, value, ""))
        if first is not None and first.path_type != path_type:
            _report_duplicate_location(server, ingress, path, value, path_type, existing, first, findings)
            return
        if existing.implicit:  # the catch-all root a defaultBackend took over
            message = (
                f"path {value} of the catch-all server (rules without host) is already served by the "
                f"defaultBackend of Ingress {existing.ingress.ref}, which ingress-nginx keeps whatever the age "
                "of the Ingresses; it ignored this path, and so does the output: remove one of them"
            )
        else:
            message = (
                f"host {server.hostname or '(any)'} path {value} ({path_type}) is already served by Ingress "
                f"{existing.ingress.ref} (older); ingress-nginx kept that one and ignored this path, and so "
                "does the output: remove the duplicate"
            )
        findings.add(
            codes.PATH_CONFLICT,
            message,
            file=ingress.file,
            pos=ingress.pos((*path.where, "path")),
            ingress=ingress.ref,
            field=field_name((*path.where, "path")),
        )
        return
    location = Location(value, path_type, ingress, intents, backend, source=path, written=written)
    index[key] = location
    first_key = (server.hostname, value, "")
    if index.get(first_key, existing) is existing:
        index[first_key] = location  # the first location with this path (an in-place takeover keeps its rank)
    if existing is not None:
        # An explicit `/` takes over the root location the server was created with, in its place: the
        # controller rewrites that location rather than adding one, so it stays first in the server's list,
        # which decides ties between identical regexes (`regex.assign_shadows`).
        server.locations[server.locations.index(existing)] = location
    elif not server.hostname and value == "/" and path_type == PREFIX:
        # The same on the catch-all server, whose root on the controller's default backend this model leaves
        # out (it adds no rule): the `/` path goes where that root stood, first.
        server.locations.insert(0, location)
    else:
        server.locations.append(location)


def _index(servers: Iterable[Server]) -> dict[tuple[str, str, str], Location]:
    """(host, path, pathType) -> its location, and (host, path, "") -> the first location with that path."""
    index: dict[tuple[str, str, str], Location] = {}
    for server in servers:
        for loc in server.locations:
            index[(server.hostname, loc.path, loc.path_type)] = loc
            index.setdefault((server.hostname, loc.path, ""), loc)
    return index


def _report_duplicate_location(
    server: Server,
    ingress: Ingress,
    path: IngressPath,
    value: str,
    path_type: str,
    existing: Location,
    first: Location,
    findings: Findings,
) -> None:
    """createServers looks for a location with the same path and stops at the first one with that path:
    when its pathType differs, the repeated path is added again, as a second identical nginx location."""
    older = (
        "its root location" if first.implicit else f"path {value} ({first.path_type}) of Ingress {first.ingress.ref}"
    )
    where = (*path.where, "path")
    ingress.report(
        findings,
        codes.DUPLICATE_LOCATION,
        f"host {server.hostname or '(any)'} path {value} ({path_type}) repeats that of Ingress "
        f"{existing.ingress.ref}; ingress-nginx's duplicate check stops at the first location with this path, "
        f"{older}, whose pathType differs, so it added this one again: nginx refuses a configuration with two "
        "identical locations (the admission webhook rejects the Ingress; without it, reloads fail). The output "
        "keeps the older path only: remove the duplicate",
        where,
    )


def _resource_backend(ingress: Ingress, where: Path, findings: Findings) -> None:
    ingress.report(
        findings,
        codes.RESOURCE_BACKEND,
        "a resource backend: ingress-nginx ignored it (only Service backends are served), so the output has no "
        "rule for it; route to a Service, or write a backendRef to your implementation's resource by hand",
        where,
    )
