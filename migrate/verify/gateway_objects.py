"""The Gateway API model, part 1: Gateway, ListenerSet, route and ReferenceGrant objects as the model
reads them (`gateway_read` fills them from plain data with the defaults of the v1.6 CRDs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GROUP = "gateway.networking.k8s.io"
ROUTE_KINDS = ("HTTPRoute", "GRPCRoute", "TLSRoute")


@dataclass(frozen=True)
class ParentRef:
    kind: str
    namespace: str | None
    name: str
    section_name: str | None = None
    port: int | None = None


@dataclass(frozen=True)
class Selector:
    """A label selector; namespaces are only known by their `kubernetes.io/metadata.name` label."""

    match_labels: tuple[tuple[str, str], ...] = ()
    expressions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def selects_namespace(self, namespace: str | None) -> bool:
        labels = {"kubernetes.io/metadata.name": namespace} if namespace else {}
        if any(labels.get(key) != value for key, value in self.match_labels):
            return False
        for key, operator, values in self.expressions:
            present = key in labels
            checks = {
                "In": present and labels.get(key) in values,
                "NotIn": not present or labels.get(key) not in values,
                "Exists": present,
                "DoesNotExist": not present,
            }
            if not checks.get(operator, False):
                return False
        return True


@dataclass(frozen=True)
class Namespaces:
    source: str = "Same"  # Same | All | Selector | None (allowedListeners only)
    selector: Selector = field(default_factory=Selector)

    def admits(self, namespace: str | None, own: str | None) -> bool:
        if self.source == "All":
            return True
        if self.source == "Same":
            return namespace == own
        if self.source == "Selector":
            return self.selector.selects_namespace(namespace)
        return False


@dataclass(frozen=True)
class Listener:
    name: str
    port: int
    protocol: str
    hostname: str | None
    tls_mode: str | None
    certificates: tuple[tuple[str, str, str | None, str], ...]  # (group, kind, namespace, name)
    namespaces: Namespaces
    kinds: tuple[str, ...] | None  # allowedRoutes.kinds, None: what the protocol carries


@dataclass
class GatewaySpec:
    namespace: str | None
    name: str
    listeners: list[Listener]
    allowed_listeners: Namespaces
    created: str
    annotations: dict[str, str]


@dataclass
class ListenerSetSpec:
    namespace: str | None
    name: str
    parent: ParentRef
    listeners: list[Listener]
    created: str


@dataclass(frozen=True)
class ValueMatch:
    name: str
    type: str
    value: str


@dataclass(frozen=True)
class Match:
    path_type: str = "PathPrefix"
    path: str = "/"
    headers: tuple[ValueMatch, ...] = ()
    query: tuple[ValueMatch, ...] = ()
    method: str | None = None
    grpc_service: str | None = None  # GRPCRoute method matches
    grpc_method: str | None = None


@dataclass(frozen=True)
class Filter:
    type: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class BackendRef:
    group: str
    kind: str
    namespace: str | None
    name: str
    port: int | None
    weight: int
    filters: tuple[Filter, ...] = ()


@dataclass
class Rule:
    matches: list[Match]
    filters: list[Filter]
    backends: list[BackendRef]


@dataclass
class RouteSpec:
    kind: str
    namespace: str | None
    name: str
    created: str
    hostnames: list[str]
    parents: list[ParentRef]
    rules: list[Rule]
    annotations: dict[str, str]
    problem: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


@dataclass(frozen=True)
class Grant:
    namespace: str | None
    sources: tuple[tuple[str, str, str], ...]  # (group, kind, namespace)
    targets: tuple[tuple[str, str, str | None], ...]  # (group, kind, name or None for all)


@dataclass
class Objects:
    gateways: dict[tuple[str | None, str], GatewaySpec] = field(default_factory=dict)
    listener_sets: list[ListenerSetSpec] = field(default_factory=list)
    routes: list[RouteSpec] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # kinds this model does not route (TCPRoute...)

    def granted(self, source: tuple[str, str, str | None], target: tuple[str, str, str | None, str]) -> bool:
        """ReferenceGrant: may an object of (group, kind) in a namespace refer to (group, kind, ns, name)?"""
        group, kind, namespace = source
        to_group, to_kind, to_namespace, to_name = target
        if to_namespace == namespace:
            return True
        return any(
            grant.namespace == to_namespace
            and (group, kind, namespace or "") in grant.sources
            and any(g == to_group and k == to_kind and n in (None, to_name) for g, k, n in grant.targets)
            for grant in self.grants
        )
