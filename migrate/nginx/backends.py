"""Service backends resolved the way ingress-nginx resolved them.

The controller compared the Ingress port (number or name, as text) with each Service port's `port`,
`targetPort` and `name`, and used the first that matched (controller.go, serviceEndpoints). A Gateway
backendRef must name the Service `port` as a number, so when the Service is in the input the same search
gives that number; when it is not, a number is kept as written and a name cannot be resolved.
"""

from __future__ import annotations

from collections.abc import Iterable

from migrate import codes
from migrate.findings import Code, Findings
from migrate.model import Ingress, Service, ServiceBackend, field_name
from migrate.nginx.model import ResolvedBackend
from migrate.yamldoc import Path


class ServiceIndex:
    def __init__(self, services: Iterable[Service], default_namespace: str | None) -> None:
        self._by_key = {(s.namespace or default_namespace, s.name): s for s in services}

    def get(self, namespace: str | None, name: str) -> Service | None:
        return self._by_key.get((namespace, name))


def resolve(
    backend: ServiceBackend, ingress: Ingress, where: Path, services: ServiceIndex, findings: Findings
) -> ResolvedBackend:
    wanted = str(backend.port)
    service = services.get(ingress.namespace, backend.name)
    legacy = (*where, "service") not in ingress.positions.keys and (
        *where,
        "servicePort",
    ) in ingress.positions.keys
    port_where = (*where, "servicePort") if legacy else (*where, "service", "port")
    pos = ingress.pos(port_where)

    def report(code: Code, message: str) -> None:
        findings.add(code, message, file=ingress.file, pos=pos, ingress=ingress.ref, field=field_name(port_where))

    if service is None:
        if isinstance(backend.port, int):
            return ResolvedBackend(backend.name, backend.port, backend.comments)
        report(
            codes.PORT_NAME_UNRESOLVED,
            f"port name {wanted!r} of Service {backend.name} cannot be resolved without the Service: add its "
            "manifest to the input or use the port number; the rule is kept without a backend (HTTP 500)",
        )
        return ResolvedBackend(backend.name, None, backend.comments)
    if service.type == "ExternalName":
        report(
            codes.EXTERNAL_NAME,
            f"Service {backend.name} is an ExternalName Service ({service.external_name}); most Gateway API "
            "implementations refuse ExternalName backends: check yours, or use its Backend resource",
        )
        if isinstance(backend.port, int) and not service.ports:
            return ResolvedBackend(backend.name, backend.port, backend.comments)
    for port in service.ports:
        if wanted in (str(port.port), str(port.target_port), port.name):
            if wanted != str(port.port):
                via = "name" if wanted == port.name else "targetPort"
                report(
                    codes.PORT_RESOLVED,
                    f"port {wanted!r} matches the {via} of Service {backend.name} port {port.port}, as "
                    f"ingress-nginx matched it; the backendRef uses port {port.port}",
                )
            return ResolvedBackend(backend.name, port.port, backend.comments)
    report(
        codes.PORT_NOT_FOUND,
        f"Service {backend.name} in the input has no port, targetPort or port name {wanted!r}, so ingress-nginx "
        "had no endpoints for it (HTTP 503); fix the port; the rule is kept "
        + ("with that port" if isinstance(backend.port, int) else "without a backend"),
    )
    return ResolvedBackend(backend.name, backend.port if isinstance(backend.port, int) else None, backend.comments)
