"""Gateway API objects as the templates lay them out.

Filled by `migrate.gateway.routes` and `migrate.gateway.listeners` (from the ingress-nginx model), read
only by the templates in `templates/` and by the checks that run before anything is written. Field names
follow the Gateway API spelling so that a template reads like the object it renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GROUP = "gateway.networking.k8s.io"
API_VERSION = f"{GROUP}/v1"


@dataclass
class Metadata:
    name: str
    namespace: str | None
    annotations: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    home: str | None = None  # routes: the source file they are written beside
    gateway: str | None = None  # shared objects: `namespace/name` of the Gateway they belong to


@dataclass(frozen=True)
class ParentRef:
    name: str
    namespace: str | None
    kind: str = "Gateway"
    section_name: str | None = None
    port: int | None = None


@dataclass(frozen=True)
class PathMatch:
    type: str  # Exact | PathPrefix | RegularExpression
    value: str


@dataclass(frozen=True)
class HeaderMatch:
    name: str
    value: str
    type: str = "Exact"


@dataclass
class Match:
    path: PathMatch
    headers: tuple[HeaderMatch, ...] = ()
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PathModifier:
    type: str  # ReplaceFullPath | ReplacePrefixMatch
    value: str


@dataclass(frozen=True)
class RequestRedirect:
    status_code: int
    scheme: str | None = None
    hostname: str | None = None
    port: int | None = None
    path: PathModifier | None = None
    type: str = "RequestRedirect"


@dataclass(frozen=True)
class URLRewrite:
    hostname: str | None = None
    path: PathModifier | None = None
    type: str = "URLRewrite"


@dataclass(frozen=True)
class HeaderModifier:
    type: str  # RequestHeaderModifier | ResponseHeaderModifier
    set: tuple[tuple[str, str], ...] = ()
    add: tuple[tuple[str, str], ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class CORS:
    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    expose_headers: tuple[str, ...]
    allow_credentials: bool
    max_age: int
    type: str = "CORS"


Filter = RequestRedirect | URLRewrite | HeaderModifier | CORS


@dataclass(frozen=True)
class BackendRef:
    name: str
    port: int
    weight: int | None = None
    comments: tuple[str, ...] = ()
    namespace: str | None = None  # only when the Service is in another namespace than the route


@dataclass
class Rule:
    matches: list[Match]
    filters: tuple[Filter, ...] = ()
    backend_refs: tuple[BackendRef, ...] = ()
    comments: list[str] = field(default_factory=list)
    mergeable: bool = True  # False when a filter needs exactly one match (ReplacePrefixMatch)

    def action_key(self) -> tuple[object, ...]:
        """Rules with the same action can share one rule with several matches."""
        return (self.filters, tuple((b.name, b.namespace, b.port, b.weight) for b in self.backend_refs))


@dataclass
class HTTPRoute:
    metadata: Metadata
    parent_refs: list[ParentRef]
    hostnames: list[str]
    rules: list[Rule]
    kind: str = "HTTPRoute"
    api_version: str = API_VERSION


@dataclass(frozen=True)
class CertificateRef:
    name: str
    namespace: str | None


@dataclass(frozen=True)
class AllowedRoutes:
    """`from` for allowedRoutes.namespaces: Same, All, or Selector over `namespaces`."""

    source: str
    namespaces: tuple[str, ...] = ()


@dataclass
class Listener:
    name: str
    port: int
    protocol: str
    hostname: str | None
    allowed_routes: AllowedRoutes
    certificate_refs: tuple[CertificateRef, ...] = ()
    comments: list[str] = field(default_factory=list)


@dataclass
class Gateway:
    metadata: Metadata
    gateway_class: str
    listeners: list[Listener]
    allow_listener_sets: bool = False
    kind: str = "Gateway"
    api_version: str = API_VERSION


@dataclass
class ListenerSet:
    metadata: Metadata
    gateway: ParentRef
    listeners: list[Listener]
    kind: str = "ListenerSet"
    api_version: str = API_VERSION


@dataclass(frozen=True)
class GrantFrom:
    kind: str
    namespace: str
    group: str = GROUP


@dataclass(frozen=True)
class GrantTo:
    kind: str
    name: str
    group: str = ""


@dataclass
class ReferenceGrant:
    metadata: Metadata
    grant_from: list[GrantFrom]
    grant_to: list[GrantTo]
    kind: str = "ReferenceGrant"
    api_version: str = API_VERSION


Object = Gateway | ListenerSet | HTTPRoute | ReferenceGrant
KIND_ORDER = (
    "Gateway",
    "ListenerSet",
    "ReferenceGrant",
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "BackendTLSPolicy",
)
