"""The conversion's options: chosen once, frozen, read everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.classes import ClassOptions
from migrate.gateway.names import dns_name

PROVENANCE_PREFIX = "ingress-migrate.io"
DEFAULT_GATEWAY_NAMESPACE = "gateway-system"
DEFAULT_ANNOTATION_PREFIX = "nginx.ingress.kubernetes.io"


@dataclass(frozen=True)
class Options:
    classes: ClassOptions = field(default_factory=ClassOptions)
    # Fills metadata.namespace of Ingresses and Services written without one.
    namespace: str | None = None
    gateway_namespace: str = DEFAULT_GATEWAY_NAMESPACE
    gateway_name: str | None = None  # default: the ingress class name
    gateway_class: str | None = None  # default: the ingress class name
    existing_gateway: tuple[str, str] | None = None  # (namespace, name): attach, emit no Gateway
    default_certificate: tuple[str, str] | None = None  # (namespace, name) of a TLS Secret
    channel: str = "standard"
    annotation_prefix: str = DEFAULT_ANNOTATION_PREFIX
    several_classes: bool = False  # set by the pipeline when more than one class is converted

    def gateway_name_for(self, ingress_class: str) -> str:
        if self.gateway_name is None:
            return dns_name(ingress_class)
        return f"{self.gateway_name}-{ingress_class}" if self.several_classes else self.gateway_name

    def gateway_class_for(self, ingress_class: str) -> str:
        return self.gateway_class or ingress_class
