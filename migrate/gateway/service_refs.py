"""URLs in annotations (mirror-target, auth-url) as the Service a Gateway filter must name.

nginx sends those requests to a URL; a Gateway filter sends them to a Service backendRef. A URL names a
cluster Service when its host is `<service>.<namespace>.svc[.cluster.local]` (cluster DNS), or a name of
a Service in the input (`<service>` in the Ingress's namespace, `<service>.<namespace>`). A URL whose
host is `$host` (or the Ingress's own host) goes back through ingress-nginx itself: the Service is the
backend of the location that serves its path, found the way nginx picks locations (exact, then longest
prefix).
"""

from __future__ import annotations

from dataclasses import dataclass

from migrate.gateway.ir import ServiceRef
from migrate.intents import ServiceURL
from migrate.nginx.backends import ServiceIndex
from migrate.nginx.model import EXACT, Location, Server

_DEFAULT_PORTS = {"http": 80, "https": 443, "grpc": 80, "grpcs": 443}
_CLUSTER_SUFFIXES = (".svc.cluster.local", ".svc")


@dataclass(frozen=True)
class Resolved:
    service: ServiceRef
    tls: bool  # the Service is reached over TLS (an https URL, or an HTTPS location behind `$host`)
    hostname: str | None  # the name the URL uses for it, when it is a DNS name (for BackendTLSPolicy)


def resolve(url: ServiceURL, location: Location, server: Server, services: ServiceIndex) -> Resolved | str:
    """The Service a URL names, or why it names none (a sentence fragment: "names ...")."""
    host = url.host
    if host in ("$host", "$http_host", "$best_http_host") or (host and host == server.hostname):
        return _through_nginx(url, server, location.namespace)
    if "$" in host:
        return f"takes its host from the nginx variable {host}, which a Service reference cannot"
    if url.scheme not in _DEFAULT_PORTS:
        return f"uses the scheme {url.scheme}, not http or https"
    port = url.port or _DEFAULT_PORTS[url.scheme]
    namespace = location.namespace
    name, service_namespace, cluster_dns = _service_name(host, namespace)
    if name is None:
        return "names a host outside the cluster"
    service = services.get(service_namespace, name)
    if service is None and not cluster_dns:
        return f"names {host}, which is neither cluster DNS (<service>.<namespace>.svc) nor a Service in the input"
    if service is not None and service.ports and all(p.port != port for p in service.ports):
        return f"names port {port} of Service {name}, which has no such port"
    if namespace is None and service_namespace is not None:
        return (
            f"names a Service in namespace {service_namespace}, but the Ingress has no namespace, so no "
            "ReferenceGrant can allow the reference: pass --namespace"
        )
    ref = ServiceRef(name, service_namespace if service_namespace != namespace else None, port)
    return Resolved(ref, url.scheme == "https", host if "." in host else None)


def _service_name(host: str, namespace: str | None) -> tuple[str | None, str | None, bool]:
    """(service, namespace, written as cluster DNS) for a host; (None, ...) when it cannot be one."""
    for suffix in _CLUSTER_SUFFIXES:
        if host.endswith(suffix):
            parts = host[: -len(suffix)].split(".")
            return (parts[0], parts[1], True) if len(parts) == 2 else (None, None, False)
    parts = host.split(".")
    if len(parts) == 1:
        return parts[0], namespace, False
    if len(parts) == 2:
        return parts[0], parts[1], False
    return None, None, False


def _through_nginx(url: ServiceURL, server: Server, namespace: str | None) -> Resolved | str:
    if "$" in url.path:
        return f"goes back through the host with the variable path {url.path}, which no route lookup can follow"
    path = url.path or "/"
    chosen = serving(server, path)
    if chosen is None or chosen.backend is None or chosen.backend.port is None:
        return f"goes back through host {server.hostname or '(any)'}, whose path {path} has no Service backend"
    ref = ServiceRef(
        chosen.backend.service, chosen.namespace if chosen.namespace != namespace else None, chosen.backend.port
    )
    tls = chosen.intents.location.backend.protocol in ("HTTPS", "GRPCS")
    return Resolved(ref, tls, None)


def serving(server: Server, path: str) -> Location | None:
    """The location nginx picks for a path outside regex mode: an exact match, else the longest prefix
    (a Prefix location `/a` serves `/a` and `/a/...`, not `/ab`)."""
    exact = [loc for loc in server.locations if loc.path == path and loc.path_type == EXACT]
    if exact:
        return exact[0]
    prefixes = [
        loc
        for loc in server.locations
        if loc.path_type != EXACT
        and (loc.path == "/" or path == loc.path.rstrip("/") or path.startswith(loc.path.rstrip("/") + "/"))
    ]
    return max(prefixes, key=lambda loc: len(loc.path), default=None)
