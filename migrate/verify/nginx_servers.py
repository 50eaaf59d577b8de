"""The ingress-nginx model, part 1: the servers, locations and upstreams the controller builds.

Follows internal/ingress/controller/controller.go as ingress-nginx v1.15 does it:

* Ingresses are taken oldest first: creationTimestamp, ties by namespace/name descending (store.go).
  Manifests that were never applied have no timestamp; they are taken as created in input order, after
  every Ingress that has one (an assumption about the input, not about the controller).
* createServers: the catch-all server `_` starts with a root location on the controller's default backend
  (404). The oldest Ingress with a `defaultBackend` and no rules takes that root over (and, unlike a host's
  root, it can no longer be replaced by a path). The first Ingress naming a host creates its server with a
  root location `/` (Prefix) on its own defaultBackend, else on the default backend, carrying its
  annotations. A host gets a certificate from the first Ingress that names it and has any `tls` entry.
* getBackendServers: each path adds a location to its host's server; an existing location with the same
  path and pathType keeps the older one, unless it is a root still on a default backend, which the path
  replaces. Canary Ingresses add no location: mergeAlternativeBackends attaches each canary path to the
  upstream of the primary location with the identical host, path and pathType, so every location using
  that upstream, on any host, gets the canary split.
* ssl-passthrough is a server setting, taken from the Ingress that creates the server (createServers).
* server-alias: a server takes the aliases of the oldest Ingress with a rule for it that has any, without the
  host itself and without names that are hosts of their own (createServers). from-to-www-redirect: a path
  added to a server (or taking over its root) with the annotation gives the server its www redirect
  (getBackendServers); the implicit root does not. What both mean for a request is in `nginx_names`.
* An Ingress the apiserver rejects (a bad host, path or pathType) is not served at all. ingress-nginx's own
  strict-validate-path-type check (regex characters in an Exact or Prefix path) runs only in its admission
  webhook, so manifests that passed an older controller or a cluster without it were served: it is not
  applied here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from migrate.model import Ingress, IngressPath, Service, ServiceBackend
from migrate.verify.http import Subject
from migrate.verify.nginx_config import CanaryConfig, LocationConfig, canary_config, location_config

EXACT = "Exact"
PREFIX = "Prefix"
CATCH_ALL = ""  # the `_` server
_PATH_TYPES = {"Exact": EXACT, "Prefix": PREFIX, "ImplementationSpecific": PREFIX}
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_IP = re.compile(r"^[0-9.]+$|:")
_BAD_SEGMENTS = ("//", "/./", "/../", "%2f", "%2F")


@dataclass(frozen=True)
class Target:
    """What an upstream proxies to: a Service port, or None when it has no endpoints (503)."""

    namespace: str | None
    service: str
    port: int | str | None  # a name that nothing resolved stays a name; None: no such port (503)


@dataclass
class Upstream:
    """An ingress-nginx upstream (backend): one per namespace, Service and port as written."""

    name: str
    target: Target | None  # None: the controller's default backend (404)
    alternatives: list[Upstream] = field(default_factory=list)  # canaries; only the first is used
    canary: CanaryConfig | None = None  # the traffic-shaping policy, when this upstream is a canary
    canary_subject: Subject | None = None


DEFAULT_UPSTREAM_NAME = "upstream-default-backend"


@dataclass
class Location:
    path: str
    path_type: str  # Exact | Prefix
    ingress: Ingress | None  # None: the catch-all root on the controller's default backend
    config: LocationConfig
    upstream: Upstream
    subject: Subject | None
    on_default: bool = False  # IsDefBackend: a root a path with the same value may still replace


@dataclass
class Server:
    hostname: str
    locations: list[Location]
    creator: Subject | None = None
    certificate: Subject | None = None  # the Ingress whose tls section gave the host a certificate
    has_certificate: bool = False
    passthrough: bool = False  # ssl-passthrough, as the Ingress that created the server set it
    aliases: tuple[str, ...] = ()  # server-alias names as nginx's server_name lists them
    alias_subject: Subject | None = None  # the Ingress whose aliases the server took
    www: Subject | None = None  # the first path whose from-to-www-redirect gave the server a redirect server


@dataclass
class ServerSet:
    servers: dict[str, Server]
    upstreams: dict[str, Upstream]
    rejected: list[Ingress]  # Ingresses ingress-nginx never served (invalid host, path or pathType)


def by_age(ingresses: Iterable[Ingress]) -> list[Ingress]:
    listed = sorted(ingresses, key=lambda ing: ing.ref, reverse=True)
    return sorted(
        listed, key=lambda ing: (0, ing.creation_timestamp, 0) if ing.creation_timestamp else (1, "", ing.sequence)
    )


def path_type(path: IngressPath) -> str | None:
    """SetDefaultNGINXPathType: ImplementationSpecific and a missing pathType become Prefix."""
    return _PATH_TYPES.get(path.path_type or "ImplementationSpecific")


def build(ingresses: Iterable[Ingress], services: Iterable[Service], prefix: str) -> ServerSet:
    ordered = by_age(ingresses)
    accepted = [ing for ing in ordered if rejection(ing) is None]
    canaries = {id(ing): canary_config(ing, prefix) for ing in accepted}
    primaries = [ing for ing in accepted if not canaries[id(ing)].enabled]
    configs = {id(ing): location_config(ing, prefix) for ing in accepted}
    pool = _Upstreams(services)
    # The catch-all root's redirect and rewrite settings are Go zero values: ssl-redirect off among them.
    catch_all = Location("/", PREFIX, None, LocationConfig(ssl_redirect=False), pool.default, None, on_default=True)
    servers: dict[str, Server] = {CATCH_ALL: Server(CATCH_ALL, [catch_all])}
    for ing in primaries:
        _create_servers(servers, ing, configs[id(ing)], pool)
    for ing in primaries:
        _assign_certificate(servers, ing)
        _assign_aliases(servers, ing, configs[id(ing)])
    names = {name or "_" for name in servers}  # the catch-all's own name is `_`
    for server in servers.values():
        if server.aliases:  # not the host itself, nor a host of its own
            server.aliases = tuple(alias for alias in server.aliases if alias not in names)
    for ing in primaries:
        for rule in ing.rules:
            server = servers.get(rule.host or CATCH_ALL, servers[CATCH_ALL])
            for path in rule.paths:
                if isinstance(path.backend, ServiceBackend):
                    subject = Subject.of(ing, path.where)
                    _add_location(server, ing, configs[id(ing)], path, pool.get(ing, path.backend), subject)
    for ing in accepted:
        if canaries[id(ing)].enabled:
            _merge_canary(ing, canaries[id(ing)], servers, pool)
    served = {id(ing) for ing in accepted}
    rejected = [ing for ing in ordered if id(ing) not in served]
    return ServerSet(servers, pool.by_name, rejected)


def rejection(ing: Ingress) -> str | None:
    """Why the apiserver's validation (ValidateIngressSpec: hosts, paths, pathTypes) would not accept this
    Ingress; None when it is served."""
    for rule in ing.rules:
        host = rule.host
        bare = host[2:] if host.startswith("*.") else host
        if host and (len(host) > 253 or not _DNS_SUBDOMAIN.match(bare) or _IP.search(host)):
            return f"host {host!r} is not a valid DNS name"
        for path in rule.paths:
            kind = path.path_type
            if kind is None and ing.api_version == "networking.k8s.io/v1":
                return "a path has no pathType, which networking.k8s.io/v1 requires"
            if kind is not None and kind not in _PATH_TYPES:
                return f"pathType {kind!r} is not Exact, Prefix or ImplementationSpecific"
            if kind in (EXACT, PREFIX):
                value = path.path or ""
                if not value.startswith("/") or any(bad in value for bad in _BAD_SEGMENTS):
                    return f"path {value!r} is not an absolute, normalised path"
                if value.endswith(("/..", "/.")):
                    return f"path {value!r} ends with a dot segment"
    return None


class _Upstreams:
    """Upstreams by name, each Service port resolved as the controller resolves it."""

    def __init__(self, services: Iterable[Service]) -> None:
        self.services = {(s.namespace, s.name): s for s in services}
        self.default = Upstream(DEFAULT_UPSTREAM_NAME, None)
        self.by_name: dict[str, Upstream] = {DEFAULT_UPSTREAM_NAME: self.default}

    def get(self, ing: Ingress, backend: ServiceBackend) -> Upstream:
        name = f"{ing.namespace or ''}-{backend.name}-{backend.port}"
        upstream = self.by_name.get(name)
        if upstream is None:
            upstream = Upstream(name, self._resolve(ing.namespace, backend))
            self.by_name[name] = upstream
        return upstream

    def _resolve(self, namespace: str | None, backend: ServiceBackend) -> Target:
        """serviceEndpoints: the Ingress port (number or name, as text) is compared with each Service port's
        `port`, `targetPort` and `name`; the first match is used. Without the Service, a number is taken as
        the Service port and a name stays unresolved."""
        service = self.services.get((namespace, backend.name))
        if service is None:
            return Target(namespace, backend.name, backend.port)
        if not service.ports and service.type == "ExternalName" and isinstance(backend.port, int):
            return Target(namespace, backend.name, backend.port)
        wanted = str(backend.port)
        for port in service.ports:
            if wanted in (str(port.port), str(port.target_port), port.name):
                return Target(namespace, backend.name, port.port)
        return Target(namespace, backend.name, None)


def _create_servers(servers: dict[str, Server], ing: Ingress, config: LocationConfig, pool: _Upstreams) -> None:
    default = pool.default
    backend = ing.default_backend
    if isinstance(backend, ServiceBackend):
        default = pool.get(ing, backend)
        root = servers[CATCH_ALL].locations[0]
        if root.on_default and not ing.rules:
            # The catch-all keeps the Ingress's other annotations but not its redirect and rewrite ones
            # ("Redirect and rewrite can affect the catch all behavior, skip for now").
            root.upstream, root.ingress, root.on_default = default, ing, False
            root.config = LocationConfig(
                ssl_redirect=False,
                use_port_in_redirects=config.use_port_in_redirects,
                upstream_vhost=config.upstream_vhost,
            )
            root.subject = Subject.of(ing, part="defaultBackend")
    for rule in ing.rules:
        host = rule.host or CATCH_ALL
        if host in servers:
            continue
        part = "defaultBackend" if default is not pool.default else None
        root = Location("/", PREFIX, ing, config, default, Subject.of(ing, rule.where, part), on_default=True)
        servers[host] = Server(host, [root], creator=Subject.of(ing, rule.where), passthrough=config.ssl_passthrough)


def _assign_certificate(servers: dict[str, Server], ing: Ingress) -> None:
    """Only the first Ingress with a tls section sets a host's certificate: its own Secret, one whose
    certificate covers the host, or the default certificate. Any of them makes ssl-redirect apply."""
    if not ing.tls:
        return
    for rule in ing.rules:
        server = servers.get(rule.host or CATCH_ALL)
        if server is None or server.hostname == CATCH_ALL or server.has_certificate:
            continue
        server.has_certificate = True
        server.certificate = Subject.of(ing, part="tls")


def _assign_aliases(servers: dict[str, Server], ing: Ingress, config: LocationConfig) -> None:
    if not config.server_aliases:
        return
    for rule in ing.rules:
        server = servers.get(rule.host or CATCH_ALL)
        if server is not None and not server.aliases:
            server.aliases = config.server_aliases
            server.alias_subject = Subject.of(ing, rule.where)


def _add_location(
    server: Server, ing: Ingress, config: LocationConfig, path: IngressPath, upstream: Upstream, subject: Subject
) -> None:
    kind = path_type(path)
    if kind is None:
        return
    value = path.path or "/"
    for location in server.locations:
        if location.path != value:
            continue
        if location.path_type != kind:
            # Same path, other type: createServers stops looking and adds this one, even when a later
            # location has the same path and type. nginx refuses two identical locations (the admission
            # webhook rejects such an Ingress), so an identical one is not added here (IM227).
            if any(other.path == value and other.path_type == kind for other in server.locations):
                return
            break
        if location.on_default:
            location.upstream, location.ingress, location.config = upstream, ing, config
            location.subject, location.on_default = subject, False
            _ask_for_www(server, config, subject)
        return  # "Location already configured": the older one stays
    server.locations.append(Location(value, kind, ing, config, upstream, subject))
    _ask_for_www(server, config, subject)


def _ask_for_www(server: Server, config: LocationConfig, subject: Subject) -> None:
    if config.from_to_www and server.www is None:
        server.www = subject


def _merge_canary(ing: Ingress, config: CanaryConfig, servers: dict[str, Server], pool: _Upstreams) -> None:
    if isinstance(ing.default_backend, ServiceBackend):
        alternative = pool.get(ing, ing.default_backend)
        _policy(alternative, config, Subject.of(ing, part="defaultBackend"))
        for location in servers[CATCH_ALL].locations:
            if location.upstream is alternative:
                break
            if location.path == "/":
                _attach(location.upstream, alternative)
    for rule in ing.rules:
        server = servers.get(rule.host or CATCH_ALL)
        for path in rule.paths:
            if server is None or not isinstance(path.backend, ServiceBackend):
                continue
            alternative = pool.get(ing, path.backend)
            _policy(alternative, config, Subject.of(ing, path.where))
            kind = path_type(path)
            for location in server.locations:
                if location.upstream is alternative:
                    break
                if location.path == path.path and location.path_type == kind:
                    _attach(location.upstream, alternative)


def _policy(upstream: Upstream, config: CanaryConfig, subject: Subject) -> None:
    if upstream.canary is None:
        upstream.canary, upstream.canary_subject = config, subject


def _attach(primary: Upstream, alternative: Upstream) -> None:
    # canMergeBackend: never into the controller's default backend (nor a canary into a canary).
    if primary.name == DEFAULT_UPSTREAM_NAME:
        return
    if primary.canary is None and alternative not in primary.alternatives:
        primary.alternatives.append(alternative)
