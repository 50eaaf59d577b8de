"""BackendTLSPolicies for the Services reached over TLS, and the ReferenceGrants filters need.

ingress-nginx chose TLS per location (backend-protocol HTTPS/GRPCS) and, unless proxy-ssl-secret and
proxy-ssl-verify said otherwise, never checked the backend's certificate. Gateway API chooses TLS per
Service (or Service port) with one BackendTLSPolicy in the Service's namespace, and always verifies it
against a CA (a ConfigMap with ca.crt, or the system's well-known CAs) and a hostname, also sent as SNI.
So one policy is made per Service port used over TLS, across every Ingress and class, named after the
Service; a port shared with plain-HTTP routes, or Ingresses that disagree, are flagged. Filters that send
requests to a Service in another namespace (mirror, external auth) get a ReferenceGrant there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from migrate.annotations import backend_tls as codes
from migrate.findings import Findings
from migrate.gateway.ir import (
    GROUP,
    BackendTLS,
    BackendTLSPolicy,
    ExternalAuth,
    GrantFrom,
    GrantTo,
    GRPCRoute,
    HTTPRoute,
    Metadata,
    Object,
    PolicyTarget,
    ReferenceGrant,
    RequestMirror,
)
from migrate.gateway.names import Names
from migrate.gateway.provenance import from_refs
from migrate.gateway.sites import copy_ca, flag
from migrate.model import Service
from migrate.nginx.backends import ServiceIndex

MAX_GRANT_TO = 16
WELL_KNOWN = "System"


@dataclass(frozen=True)
class _Use:
    """One reference to a Service port: by a rule's backendRefs or a filter, over TLS or not."""

    port: int
    tls: BackendTLS | None
    route: str  # `namespace/name` of the route, for findings


def objects(generated: list[Object], services: ServiceIndex, names: Names, findings: Findings) -> list[Object]:
    """The BackendTLSPolicies and ReferenceGrants that the generated routes need."""
    routes = [obj for obj in generated if isinstance(obj, HTTPRoute | GRPCRoute)]
    uses: dict[tuple[str | None, str], list[_Use]] = {}
    for route in routes:
        namespace = route.metadata.namespace
        ref = f"{namespace}/{route.metadata.name}" if namespace else route.metadata.name
        for rule in route.rules:
            for backend in rule.backend_refs:
                key = (backend.namespace or namespace, backend.name)
                uses.setdefault(key, []).append(_Use(backend.port, rule.backend_tls, ref))
            for f in rule.filters:
                if isinstance(f, RequestMirror | ExternalAuth):
                    key = (f.backend.namespace or namespace, f.backend.name)
                    uses.setdefault(key, []).append(_Use(f.backend.port, f.backend_tls, ref))
    result: list[Object] = []
    for (namespace, name), service_uses in sorted(uses.items(), key=lambda item: (item[0][0] or "", item[0][1])):
        result.extend(_policies(namespace, name, service_uses, services.get(namespace, name), names, findings))
    result.extend(_grants(routes, names))
    return result


def _policies(
    namespace: str | None, name: str, uses: list[_Use], service: Service | None, names: Names, findings: Findings
) -> list[BackendTLSPolicy]:
    tls_ports = sorted({use.port for use in uses if use.tls is not None})
    by_section: dict[str | None, list[int]] = {}
    for port in tls_ports:
        by_section.setdefault(_section(service, port), []).append(port)
    policies = []
    for section, ports in by_section.items():
        covered = set(ports) if section is not None else {use.port for use in uses}
        tls_uses = [use for use in uses if use.port in ports and use.tls is not None]
        first = tls_uses[0].tls
        assert first is not None
        policy_name = names.claim(
            "BackendTLSPolicy", namespace, f"{name}-{section}" if section else name, f"{namespace}/{name}/{section}"
        )
        hostname = first.hostname or _dns_name(service, name, namespace)
        ref = f"{namespace}/{policy_name}" if namespace else policy_name
        policies.append(
            BackendTLSPolicy(
                Metadata(policy_name, namespace, _provenance(tls_uses), list(first.comments), home=first.site.file),
                [PolicyTarget(name, section)],
                hostname,
                ca_config_maps=(first.ca[1],) if first.ca else (),
                well_known=None if first.ca else WELL_KNOWN,
            )
        )
        _report(first, ref, name, hostname, namespace, findings)
        for use in tls_uses[1:]:
            assert use.tls is not None
            if (use.tls.hostname, use.tls.ca) != (first.hostname, first.ca):
                flag(
                    findings,
                    codes.POLICY_CONFLICT,
                    f"Service {name} port {use.port} is reached over TLS by other routes with another CA or name "
                    f"({first.site.ingress}); a Service port has one BackendTLSPolicy, {ref}, and it keeps theirs: "
                    "make the Ingresses agree",
                    use.tls.site,
                )
            else:
                _report(use.tls, ref, name, hostname, namespace, findings)
        plain = sorted({use.route for use in uses if use.tls is None and use.port in covered})
        if plain:
            what = f"port {ports[0]}" if section is not None else "any of its ports"
            fix = "" if section is not None or service is not None else "; add the Service's manifest to the input "
            flag(
                findings,
                codes.POLICY_CONFLICT,
                f"Service {name} is reached over TLS here, but {', '.join(plain)} reach {what} over plain HTTP; "
                f"BackendTLSPolicy {ref} applies to every route to it, so those use TLS too{fix or ''}"
                + (" so the policy can name the port" if fix else ""),
                first.site,
            )
    return policies


def _section(service: Service | None, port: int) -> str | None:
    """The port name a policy must target when the Service has other ports (they may not speak TLS)."""
    if service is None or len(service.ports) < 2:
        return None
    return next((p.name for p in service.ports if p.port == port and p.name), None)


def _dns_name(service: Service | None, name: str, namespace: str | None) -> str:
    if service is not None and service.type == "ExternalName" and service.external_name:
        return service.external_name.lower().rstrip(".")
    return f"{name}.{namespace}.svc.cluster.local" if namespace else name


def _provenance(uses: Iterable[_Use]) -> dict[str, str]:
    return from_refs((use.tls.site.file, use.tls.site.ingress) for use in uses if use.tls is not None)


def _report(
    tls: BackendTLS, policy: str, service: str, hostname: str, namespace: str | None, findings: Findings
) -> None:
    ca = f"the CA in ConfigMap {tls.ca[1]}" if tls.ca else "the system's well-known CAs (wellKnownCACertificates)"
    if not tls.verified:
        why = (
            "proxy-ssl-verify was off, its default"
            if tls.ca
            else "it checks a backend's certificate only with proxy-ssl-secret and proxy-ssl-verify on"
        )
        sni = "" if tls.sni else " (ingress-nginx sent none)"
        flag(
            findings,
            codes.VERIFICATION,
            f"ingress-nginx did NOT verify the certificate of Service {service} ({why}), but "
            f"BackendTLSPolicy {policy} makes the Gateway verify it, always, against {ca} and the name "
            f"{hostname}, which it also sends as SNI{sni}: requests fail with 5xx unless the backend's "
            "certificate is valid for that name and signed by that CA; check it before cutting over (skipping "
            "the check needs an implementation feature, such as Envoy Gateway Backend.spec.tls.insecureSkipVerify)",
            tls.site,
        )
    if tls.ca is not None:
        secret_namespace, secret = tls.ca
        flag(
            findings,
            codes.CA_CONFIGMAP,
            f"BackendTLSPolicy {policy} reads the CA from ConfigMap {secret} (key ca.crt) in its own namespace, "
            f"not from Secret {secret_namespace}/{secret}: create it: {copy_ca(secret_namespace, secret, namespace)}",
            tls.ca_site or tls.site,
        )
        flag(
            findings,
            codes.CLIENT_CERTIFICATE,
            f"if Secret {secret_namespace}/{secret} also holds tls.crt and tls.key, ingress-nginx presented them to "
            f"Service {service} as a client certificate; Gateway API has one client certificate per Gateway "
            "(spec.tls.backend.clientCertificateRef), sent to every TLS backend: set it there if the backend "
            "requires one",
            tls.ca_site or tls.site,
        )


def _grants(routes: list[HTTPRoute | GRPCRoute], names: Names) -> list[ReferenceGrant]:
    """Filters naming a Service in another namespace need a ReferenceGrant there."""
    wanted: dict[tuple[str, str], dict[str, set[str]]] = {}  # (to ns, from ns) -> kind -> services
    origin: dict[tuple[str, str], HTTPRoute | GRPCRoute] = {}
    for route in routes:
        namespace = route.metadata.namespace
        for rule in route.rules:
            for f in rule.filters:
                if isinstance(f, RequestMirror | ExternalAuth) and f.backend.namespace and namespace:
                    key = (f.backend.namespace, namespace)
                    wanted.setdefault(key, {}).setdefault(route.kind, set()).add(f.backend.name)
                    origin.setdefault(key, route)
    grants = []
    for (target, source), kinds in sorted(wanted.items()):
        services = sorted({name for group in kinds.values() for name in group})
        for start in range(0, len(services), MAX_GRANT_TO):
            suffix = "" if start == 0 else f"-{start // MAX_GRANT_TO + 1}"
            name = names.claim("ReferenceGrant", target, f"{source}-routes{suffix}", f"{source}|{start}")
            grants.append(
                ReferenceGrant(
                    Metadata(
                        name,
                        target,
                        dict(origin[(target, source)].metadata.annotations),
                        home=origin[(target, source)].metadata.home,
                    ),
                    [GrantFrom(kind, source, GROUP) for kind in sorted(kinds)],
                    [GrantTo("Service", service) for service in services[start : start + MAX_GRANT_TO]],
                )
            )
    return grants
