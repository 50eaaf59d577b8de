"""Gateway API objects as the templates lay them out.

Filled by `migrate.gateway.routes` and `migrate.gateway.listeners` (from the ingress-nginx model), read
only by the templates in `templates/` and by the checks that run before anything is written. Field names
follow the Gateway API spelling so that a template reads like the object it renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.findings import Position

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


@dataclass(frozen=True)
class ServiceRef:
    """A Service a filter sends requests to; `namespace` only when it is not the route's."""

    name: str
    namespace: str | None
    port: int


@dataclass(frozen=True)
class RequestMirror:
    backend: ServiceRef
    backend_tls: BackendTLS | None = None  # not rendered: the mirror Service's BackendTLSPolicy
    type: str = "RequestMirror"


@dataclass(frozen=True)
class ExternalAuth:
    """The experimental ExternalAuth filter, protocol HTTP."""

    backend: ServiceRef
    path: str | None  # http.path: a prefix the client's path is appended to
    allowed_response_headers: tuple[str, ...] = ()
    backend_tls: BackendTLS | None = None  # not rendered: the auth Service's BackendTLSPolicy
    type: str = "ExternalAuth"


Filter = RequestRedirect | URLRewrite | HeaderModifier | CORS | RequestMirror | ExternalAuth


@dataclass(frozen=True)
class BackendRef:
    name: str
    port: int
    weight: int | None = None
    comments: tuple[str, ...] = ()
    namespace: str | None = None  # only when the Service is in another namespace than the route


@dataclass(frozen=True)
class Timeouts:
    """Gateway API durations (`90s`, `5m`)."""

    request: str | None = None
    backend_request: str | None = None


@dataclass(frozen=True)
class Retry:
    """The experimental rule retry."""

    codes: tuple[int, ...] = ()
    attempts: int | None = None


@dataclass(frozen=True)
class SessionPersistence:
    """The experimental rule sessionPersistence (v1.6.1 fields), always type Cookie here."""

    session_name: str
    lifetime_type: str  # Session | Permanent
    absolute_timeout: str | None = None


@dataclass(frozen=True)
class Site:
    """Where a setting is written (file, Ingress, annotation), for findings raised once routes exist."""

    file: str
    ingress: str
    field: str | None
    pos: Position | None


@dataclass(frozen=True)
class BackendTLS:
    """How a rule's backends are reached over TLS: filled by `rule_options`, read by `backends` to make the
    BackendTLSPolicy of each Service. Not rendered in the route."""

    hostname: str | None  # proxy-ssl-name (or its hint); None: the Service's DNS name
    ca: tuple[str, str] | None  # proxy-ssl-secret (namespace, name), whose ca.crt the policy needs
    verified: bool  # ingress-nginx checked the certificate as well (proxy-ssl-secret + proxy-ssl-verify on)
    sni: bool  # ingress-nginx sent SNI (proxy-ssl-server-name on)
    site: Site = field(compare=False)  # the backend-protocol annotation
    ca_site: Site | None = field(default=None, compare=False)  # proxy-ssl-secret (maybe of an older Ingress)
    comments: tuple[str, ...] = field(default=(), compare=False)  # the authors' comments on those annotations


@dataclass
class Rule:
    matches: list[Match]
    filters: tuple[Filter, ...] = ()
    backend_refs: tuple[BackendRef, ...] = ()
    comments: list[str] = field(default_factory=list)
    mergeable: bool = True  # False when a filter needs exactly one match (ReplacePrefixMatch)
    timeouts: Timeouts | None = None
    retry: Retry | None = None  # experimental channel only
    session_persistence: SessionPersistence | None = None  # experimental channel only
    backend_tls: BackendTLS | None = None
    grpc: bool = False  # serves a gRPC location of a host with nothing but gRPC: goes into a GRPCRoute

    def action_key(self) -> tuple[object, ...]:
        """Rules with the same action can share one rule with several matches."""
        return (
            self.filters,
            tuple((b.name, b.namespace, b.port, b.weight) for b in self.backend_refs),
            self.timeouts,
            self.retry,
            self.session_persistence,
            self.backend_tls,
            self.grpc,
        )


@dataclass
class HTTPRoute:
    metadata: Metadata
    parent_refs: list[ParentRef]
    hostnames: list[str]
    rules: list[Rule]
    kind: str = "HTTPRoute"
    api_version: str = API_VERSION


@dataclass(frozen=True)
class MethodMatch:
    """A GRPCRoute method match: service and/or method, Exact."""

    service: str | None
    method: str | None = None
    type: str = "Exact"


@dataclass
class GRPCMatch:
    method: MethodMatch | None
    headers: tuple[HeaderMatch, ...] = ()
    comments: list[str] = field(default_factory=list)


@dataclass
class GRPCRule:
    matches: list[GRPCMatch]  # empty: every request of the hostnames
    filters: tuple[Filter, ...] = ()
    backend_refs: tuple[BackendRef, ...] = ()
    comments: list[str] = field(default_factory=list)
    session_persistence: SessionPersistence | None = None  # experimental channel only
    backend_tls: BackendTLS | None = None  # not rendered, as in Rule


@dataclass
class GRPCRoute:
    metadata: Metadata
    parent_refs: list[ParentRef]
    hostnames: list[str]
    rules: list[GRPCRule]
    kind: str = "GRPCRoute"
    api_version: str = API_VERSION


@dataclass
class TLSRoute:
    """A passthrough host: its TLS connections, undecrypted, to the backend of its `/` path."""

    metadata: Metadata
    parent_refs: list[ParentRef]
    hostnames: list[str]
    backend_refs: tuple[BackendRef, ...]
    kind: str = "TLSRoute"
    api_version: str = API_VERSION


@dataclass(frozen=True)
class PolicyTarget:
    """A Service, and the name of one of its ports when the policy must not cover the others."""

    name: str
    section_name: str | None = None


@dataclass
class BackendTLSPolicy:
    metadata: Metadata
    targets: list[PolicyTarget]
    hostname: str
    ca_config_maps: tuple[str, ...] = ()  # ConfigMaps with ca.crt in the policy's namespace
    well_known: str | None = None  # wellKnownCACertificates, when there is no CA ConfigMap
    kind: str = "BackendTLSPolicy"
    api_version: str = API_VERSION


@dataclass(frozen=True)
class CertificateRef:
    name: str
    namespace: str | None
    kind: str = "Secret"


@dataclass(frozen=True)
class FrontendValidation:
    """Gateway spec.tls.frontend.default.validation: client certificates on every HTTPS listener."""

    ca_refs: tuple[CertificateRef, ...]  # ConfigMaps with ca.crt
    mode: str  # AllowValidOnly | AllowInsecureFallback


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
    tls_mode: str = "Terminate"  # Passthrough for ssl-passthrough hosts (protocol TLS, no certificate)


@dataclass
class Gateway:
    metadata: Metadata
    gateway_class: str
    listeners: list[Listener]
    allow_listener_sets: bool = False
    frontend_validation: FrontendValidation | None = None  # filled by `frontend_tls`
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


Route = HTTPRoute | GRPCRoute | TLSRoute
Object = Gateway | ListenerSet | HTTPRoute | GRPCRoute | TLSRoute | ReferenceGrant | BackendTLSPolicy
KIND_ORDER = (
    "Gateway",
    "ListenerSet",
    "ReferenceGrant",
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "BackendTLSPolicy",
)
