"""Servers and locations, as ingress-nginx's controller builds them (internal/ingress/controller)."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.comments import Comment
from migrate.intents import CanaryRules, ClientTLS, IngressIntents, ProxySSL, Written
from migrate.model import Ingress, IngressPath, IngressTLS, ServiceBackend

EXACT = "Exact"
PREFIX = "Prefix"
ACME_PREFIX = "/.well-known/acme-challenge"


@dataclass(frozen=True)
class ResolvedBackend:
    """A Service backend as the Gateway must name it: the Service `port`, never a port name."""

    service: str
    port: int | None  # None when it could not be resolved: the rule keeps no backendRef
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Canary:
    """The alternative backend the Lua balancer may send a location's requests to (one per primary upstream)."""

    ingress: Ingress  # the canary Ingress
    intents: IngressIntents
    backend: ResolvedBackend
    rules: CanaryRules
    where: tuple[str | int, ...]  # the canary path (or defaultBackend) it was declared with


@dataclass(frozen=True)
class Shadow:
    """Why nginx never chose a location of a regex-mode host: a location it tries first matches every request
    this one matches (`regex.assign_shadows`)."""

    by: Location | None  # None: the catch-all server's root on the controller's default backend
    regex: str  # that location's regex, without the `^` nginx adds


@dataclass
class Location:
    path: str
    path_type: str  # Exact or Prefix: ingress-nginx turns ImplementationSpecific into Prefix
    ingress: Ingress
    intents: IngressIntents
    backend: ResolvedBackend | None  # None: the controller's default backend (404)
    source: IngressPath | None = None  # None for the implicit root location and default backends
    from_default_backend: bool = False
    implicit: bool = False  # the root location a server is created with; an explicit `/` replaces it
    # IsDefBackend: False for the catch-all root a defaultBackend took over, which no path replaces.
    replaceable: bool = True
    canary: Canary | None = None  # set when the location's upstream has an alternative backend
    # The rank of the path among all paths, oldest Ingress first: the order the output writes rules in. The
    # server's list is in the controller's own order instead, where a `/` path takes the root's place.
    written: int = 0
    shadowed: Shadow | None = None  # regex mode: never chosen, because of this earlier location

    @property
    def upstream(self) -> tuple[str | None, str, str] | None:
        """The upstream ingress-nginx named `namespace-service-port`, the port as the Ingress wrote it; None for
        the controller's default backend."""
        if self.backend is None:
            return None
        written: ServiceBackend | None = None
        if self.source is not None and isinstance(self.source.backend, ServiceBackend):
            written = self.source.backend
        elif self.from_default_backend and isinstance(self.ingress.default_backend, ServiceBackend):
            written = self.ingress.default_backend
        port = str(written.port) if written is not None else str(self.backend.port)
        return (self.namespace, self.backend.service, port)

    @property
    def namespace(self) -> str | None:
        return self.ingress.namespace

    @property
    def acme(self) -> bool:
        """ssl-redirect exempts locations under the ACME HTTP-01 path (config.go NoTLSRedirectLocations)."""
        return self.path.startswith(ACME_PREFIX)


@dataclass(frozen=True)
class Certificate:
    """The Secret that serves a host, or None for the controller's default certificate."""

    namespace: str | None
    secret: str | None
    ingress: Ingress
    tls: IngressTLS | None


@dataclass(frozen=True)
class WwwRedirect:
    """The extra server from-to-www-redirect creates: `name` answers 308 to the same URL on the server's host."""

    name: str
    ingress: Ingress  # the oldest Ingress of the host that asked for it


@dataclass
class Server:
    hostname: str  # "" for the catch-all server (`_`)
    creator: Ingress | None  # the oldest Ingress with a rule for this host (catch-all: its default backend)
    locations: list[Location] = field(default_factory=list)
    certificate: Certificate | None = None
    regex: bool = False  # every location is `~* "^<path>"` (template.go enforceRegexModifier)
    aliases: list[str] = field(default_factory=list)  # Gateway hostnames the server's aliases stand for
    alias_forms: list[str] = field(default_factory=list)  # the aliases nginx kept, as server_name lists them
    alias_source: Ingress | None = None  # the Ingress whose server-alias the server took
    app_root: Location | None = None  # the first location (nginx order) with app-root: its `if ($uri = /)` wins
    www: WwwRedirect | None = None
    # Host-wide settings, each from the oldest Ingress of the host that sets it (nginx/hostwide.py).
    passthrough: tuple[Ingress, Written] | None = None
    client_tls: tuple[Ingress, ClientTLS] | None = None
    proxy_ssl: tuple[Ingress, ProxySSL] | None = None

    @property
    def has_root(self) -> bool:
        return any(loc.path == "/" and loc.path_type == PREFIX for loc in self.locations)

    def as_written(self) -> list[Location]:
        """The locations in the order their paths were written (`Location.written`), the root first."""
        return sorted(self.locations, key=lambda location: location.written)

    def namespaces(self) -> list[str | None]:
        seen: dict[str | None, None] = {}
        for location in self.as_written():
            seen.setdefault(location.namespace)
        return list(seen)
