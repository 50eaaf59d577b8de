"""ssl-passthrough hosts: a TLS listener in Passthrough mode on 443 and a TLSRoute to the backend of `/`.

ingress-nginx passed a passthrough host's TLS connections, by SNI and undecrypted, to the backend of the
host's `/` location, ignoring every other path for that traffic (controller.go: "Ignoring SSL
Passthrough for location"); port 80 still served the host's locations. So the host gets a TLS listener
instead of an HTTPS one, a TLSRoute (standard since Gateway API v1.5) in the namespace of the Ingress
serving `/`, and its HTTPRoutes attach to port 80 only. The listener counts against the Gateway's 64
like any other, and moves to a ListenerSet past them.
"""

from __future__ import annotations

from migrate.annotations import passthrough as codes
from migrate.comments import texts
from migrate.findings import Findings
from migrate.gateway.ir import AllowedRoutes, BackendRef, Listener, Metadata, ParentRef, TLSRoute
from migrate.gateway.listeners import HostTLS, ListenerPlan
from migrate.gateway.names import Names
from migrate.gateway.provenance import provenance
from migrate.gateway.sites import flag, site
from migrate.nginx.model import PREFIX, Location, ResolvedBackend, Server

HTTPS_PORT = 443


def listener(server: Server, plan: ListenerPlan, names: Names, findings: Findings) -> HostTLS:
    """The host's TLS listener (or, on an existing Gateway, the port its TLSRoute attaches to)."""
    assert server.passthrough is not None
    ingress, at = server.passthrough
    # Port 80 still redirects to HTTPS when the host has a certificate (ssl-redirect looks at the host only).
    redirect = server.certificate is not None
    if _backend(server) is None:
        return HostTLS(None, redirect)  # nothing to pass the connections to: reported with the routes
    gateway = plan.gateway
    if plan.existing:
        flag(
            findings,
            codes.EXISTING,
            f"Gateway {gateway.namespace}/{gateway.name} must pass TLS for {server.hostname} through: a listener "
            f"with protocol TLS, port 443, hostname {server.hostname} and tls.mode Passthrough; the TLSRoute "
            "attaches by port",
            site(ingress, at),
        )
        return HostTLS(None, redirect, ParentRef(gateway.name, gateway.namespace, port=HTTPS_PORT))
    hostname = server.hostname
    base = f"tls-wildcard.{hostname[2:]}" if hostname.startswith("*.") else f"tls.{hostname}"
    name = names.claim("Listener", f"{gateway.namespace}/{gateway.name}", base, hostname, limit=253)
    plan.listeners.append(Listener(name, HTTPS_PORT, "TLS", hostname, AllowedRoutes("Same"), tls_mode="Passthrough"))
    return HostTLS(None, redirect, ParentRef(gateway.name, gateway.namespace, section_name=name))


def routes(
    servers: dict[str, Server], plan: ListenerPlan, names: Names, scope: str, findings: Findings
) -> list[TLSRoute]:
    result = []
    for hostname in sorted(servers):
        server = servers[hostname]
        if server.passthrough is None or not hostname:
            continue
        ingress, at = server.passthrough
        for location in server.locations:
            if location.path != "/" and not location.implicit:
                _report_ignored_path(location, hostname, findings)
        root = _root(server)
        backend = _backend(server)
        parent = plan.hosts[hostname].passthrough
        if root is None or backend is None or backend.port is None or parent is None:
            flag(
                findings,
                codes.NO_ROOT,
                f"ssl-passthrough host {hostname} has no `/` path with a Service backend, so ingress-nginx passed "
                "its TLS connections to the default backend; no TLS listener or TLSRoute is generated: add a `/` path",
                site(ingress, at),
            )
            continue
        port = backend.port
        flag(
            findings,
            codes.PASSTHROUGH.code,
            f"TLS connections for {hostname} are passed through, undecrypted, to Service {backend.service} port "
            f"{backend.port} (TLSRoute); ingress-nginx did this only when started with --enable-ssl-passthrough "
            "(off by default), and otherwise terminated TLS like for any host: if your controller ran without "
            "that flag, remove the annotation",
            site(ingress, at),
        )
        name = names.claim("TLSRoute", root.namespace, hostname, key=f"{scope}|{hostname}|passthrough")
        result.append(
            TLSRoute(
                Metadata(name, root.namespace, provenance([root.ingress]), home=root.ingress.file),
                [parent],
                [hostname],
                (BackendRef(backend.service, port, comments=tuple(texts(backend.comments))),),
            )
        )
    return result


def _backend(server: Server) -> ResolvedBackend | None:
    """The Service of the host's `/` location, when it has one with a port."""
    root = _root(server)
    if root is None or root.backend is None or root.backend.port is None:
        return None
    return root.backend


def _root(server: Server) -> Location | None:
    """The `/` location: an explicit Prefix one, else an Exact one, else the one the server was made with."""
    roots = [loc for loc in server.locations if loc.path == "/"]
    roots.sort(key=lambda loc: (loc.implicit, loc.path_type != PREFIX))
    return roots[0] if roots else None


def _report_ignored_path(location: Location, hostname: str, findings: Findings) -> None:
    ingress, source = location.ingress, location.source
    where = (*source.where, "path") if source else ("spec",)
    ingress.report(
        findings,
        codes.PATHS_IGNORED,
        f"host {hostname} uses ssl-passthrough, and ingress-nginx passed its TLS connections to the backend of `/` "
        f"only, ignoring path {location.path}; the TLSRoute does the same, and the path stays on the host's port 80 "
        "route as it was",
        where,
    )
