"""Servers and locations, as ingress-nginx's controller builds them (internal/ingress/controller)."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.comments import Comment
from migrate.intents import IngressIntents
from migrate.model import Ingress, IngressPath, IngressTLS

EXACT = "Exact"
PREFIX = "Prefix"
ACME_PREFIX = "/.well-known/acme-challenge"


@dataclass(frozen=True)
class ResolvedBackend:
    """A Service backend as the Gateway must name it: the Service `port`, never a port name."""

    service: str
    port: int | None  # None when it could not be resolved: the rule keeps no backendRef
    comments: tuple[Comment, ...] = ()


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


@dataclass
class Server:
    hostname: str  # "" for the catch-all server (`_`)
    creator: Ingress | None  # the oldest Ingress with a rule for this host (catch-all: its default backend)
    locations: list[Location] = field(default_factory=list)
    certificate: Certificate | None = None

    @property
    def has_root(self) -> bool:
        return any(loc.path == "/" and loc.path_type == PREFIX for loc in self.locations)

    def namespaces(self) -> list[str | None]:
        seen: dict[str | None, None] = {}
        for location in self.locations:
            seen.setdefault(location.namespace)
        return list(seen)
