"""Where routes attach: the shared Gateway's listeners, ListenerSets past 64, and ReferenceGrants.

One Gateway per ingress class stands in for the ingress-nginx controller: an HTTP listener on port 80 for
every host (as the controller's port 80 was), an HTTPS listener on 443 for each host that had its own
certificate, and, with `--default-certificate`, one HTTPS listener without hostname serving every other
host with that certificate, as the controller served them with its default one. A host's aliases and its www
redirect name get HTTPS listeners with the host's certificate, as the controller's certificate lookup gave
them. A Gateway holds at most 64 listeners; the HTTPS listeners past that go to ListenerSets of 64 in the
Gateway's namespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate import codes
from migrate.annotations.hosts import ALIAS_CERTIFICATE
from migrate.comments import texts
from migrate.findings import Findings
from migrate.gateway.ir import (
    GROUP,
    AllowedRoutes,
    CertificateRef,
    Gateway,
    GrantFrom,
    GrantTo,
    Listener,
    ListenerSet,
    Metadata,
    Object,
    ParentRef,
    ReferenceGrant,
    Route,
)
from migrate.gateway.names import Names, dns_name
from migrate.gateway.provenance import provenance
from migrate.model import Ingress
from migrate.nginx.model import Server
from migrate.options import Options

MAX_LISTENERS = 64
MAX_GRANT_TO = 16
HTTP_LISTENER = "http"
HTTPS_LISTENER = "https"


@dataclass
class HostTLS:
    """How a host is served on 443 and whether port 80 redirects to it."""

    parent: ParentRef | None  # the HTTPS listener a route for the host attaches to; None: not served
    redirect: bool  # ingress-nginx redirected HTTP to HTTPS: the host had a certificate
    passthrough: ParentRef | None = None  # ssl-passthrough: the TLS listener its TLSRoute attaches to


@dataclass
class ListenerPlan:
    gateway: ParentRef
    http: ParentRef
    https_default: ParentRef | None
    hosts: dict[str, HostTLS]
    existing: bool
    listeners: list[Listener] = field(default_factory=list)  # in Gateway-then-ListenerSet order
    placement: dict[str, ParentRef] = field(default_factory=dict)  # listener name -> its parent
    wildcard_https: dict[str, Listener] = field(default_factory=dict)  # "*.example.com" -> its HTTPS listener


def plan(
    servers: dict[str, Server], ingress_class: str, options: Options, names: Names, findings: Findings
) -> ListenerPlan:
    if options.existing_gateway:
        namespace, name = options.existing_gateway
        gateway = ParentRef(name, namespace)
        result = ListenerPlan(
            gateway,
            ParentRef(name, namespace, port=80),
            ParentRef(name, namespace, port=443) if options.default_certificate else None,
            {},
            existing=True,
        )
    else:
        name = options.gateway_name_for(ingress_class)
        gateway = ParentRef(name, options.gateway_namespace)
        result = ListenerPlan(
            gateway,
            ParentRef(name, options.gateway_namespace, section_name=HTTP_LISTENER),
            None,
            {},
            existing=False,
        )
        result.listeners.append(Listener(HTTP_LISTENER, 80, "HTTP", None, AllowedRoutes("Same")))
        if options.default_certificate:
            namespace, secret = options.default_certificate
            result.https_default = ParentRef(name, options.gateway_namespace, section_name=HTTPS_LISTENER)
            result.listeners.append(
                Listener(
                    HTTPS_LISTENER,
                    443,
                    "HTTPS",
                    None,
                    AllowedRoutes("Same"),
                    (CertificateRef(secret, namespace),),
                )
            )
    for host in sorted(servers):
        result.hosts[host] = _host_tls(servers[host], result, options, names, findings, _wildcard_above(host, servers))
    for host in sorted(servers):
        server = servers[host]
        for name in [*server.aliases, *([server.www.name] if server.www else [])]:
            if name not in result.hosts:
                result.hosts[name] = _extra_tls(server, name, result, names)
        _report_alias_certificate(server, result, findings)
    _place(result, options)
    return result


def _extra_tls(server: Server, name: str, plan: ListenerPlan, names: Names) -> HostTLS:
    """An alias or www name: ingress-nginx answered it on 443 with its host's certificate (the Lua certificate
    lookup maps the extra names to the server's certificate), so it gets a listener with that certificate."""
    tls = plan.hosts[server.hostname]
    own = _own_listener(server, plan)
    if own is None:
        return HostTLS(tls.parent, tls.redirect)  # not served on 443, or by the default-certificate listener
    base = f"https-wildcard.{name[2:]}" if name.startswith("*.") else f"https.{name}"
    listener_name = names.claim("Listener", f"{plan.gateway.namespace}/{plan.gateway.name}", base, name, limit=253)
    comment = f"{name} is served with the certificate of {server.hostname}, which must cover it"
    plan.listeners.append(
        Listener(listener_name, 443, "HTTPS", name, AllowedRoutes("Same"), own.certificate_refs, comments=[comment])
    )
    return HostTLS(ParentRef(plan.gateway.name, plan.gateway.namespace, section_name=listener_name), tls.redirect)


def _own_listener(server: Server, plan: ListenerPlan) -> Listener | None:
    """The HTTPS listener of the host itself (None when it has none, or shares the default-certificate one)."""
    parent = plan.hosts[server.hostname].parent
    found = next((item for item in plan.listeners if parent and item.name == parent.section_name), None)
    return found if found is not None and found.hostname is not None else None


def _report_alias_certificate(server: Server, plan: ListenerPlan, findings: Findings) -> None:
    ingress = server.alias_source
    own = _own_listener(server, plan) if server.aliases and ingress is not None else None
    if own is None or ingress is None:
        return
    key = next((k for k in ingress.annotations if k.endswith("/server-alias")), None)
    findings.add(
        ALIAS_CERTIFICATE,
        f"the aliases of {server.hostname} ({', '.join(server.aliases)}) get HTTPS listeners with the host's "
        f"certificate ({', '.join(ref.name for ref in own.certificate_refs)}), as ingress-nginx served them: that "
        "certificate must cover them, or clients get a name mismatch",
        file=ingress.file,
        pos=ingress.annotation_pos(key) if key else ingress.key_pos(("metadata", "name")),
        ingress=ingress.ref,
        field=key,
    )


def _wildcard_above(hostname: str, servers: dict[str, Server]) -> Server | None:
    """The one-label wildcard server certificate.lua tries for `hostname` after the name itself."""
    label, dot, parent = hostname.partition(".")
    return servers.get(f"*.{parent}") if dot and label and label != "*" else None


def _host_tls(
    server: Server,
    plan: ListenerPlan,
    options: Options,
    names: Names,
    findings: Findings,
    wildcard_server: Server | None = None,
) -> HostTLS:
    if server.passthrough is not None and server.hostname:
        from migrate.gateway import passthrough  # it builds on this module's plan

        return passthrough.listener(server, plan, names, findings)
    cert = server.certificate
    wildcard = _certified_wildcard(server.hostname, plan) if cert is None else None
    if wildcard is not None:
        # certificate.lua looks the host up, then `*.` and its parent domain: ingress-nginx served this host
        # with the wildcard's certificate and redirected it to HTTPS. Its routes join the wildcard's
        # listener, where their exact hostname takes precedence over the wildcard's routes.
        return wildcard
    uncertified = cert is None or cert.secret is None
    covering = _covering_listener(server.hostname, plan) if server.hostname and uncertified else None
    if covering is not None:
        # ingress-nginx served the host on 443 with its default certificate; a Gateway wildcard listener
        # matches names at any depth, so the HTTPS requests for it reach that listener: its routes go there.
        _report_wildcard_listener(server, covering, findings)
        parent = ParentRef(plan.gateway.name, plan.gateway.namespace, section_name=covering.name)
        return HostTLS(parent, redirect=cert is not None)
    if not server.hostname or cert is None:
        if server.hostname and server.creator is not None and wildcard_server and wildcard_server.certificate:
            if plan.https_default is None:
                # the wildcard's entry in the certificate table is the default certificate: ingress-nginx
                # redirected this host to HTTPS too, where the Gateway has no listener for it
                _report_wildcard_default_certificate(server, wildcard_server, findings)
                return HostTLS(None, redirect=False)
            return HostTLS(plan.https_default, redirect=True)
        if server.hostname and server.creator is not None:
            _report_plain_http(server, plan, findings)
        elif not server.hostname:
            _report_catch_all_http(server, plan, findings)
        return HostTLS(plan.https_default, redirect=False)
    if cert.secret is None:
        if plan.https_default is None:
            _report_default_certificate(server, findings)
            return HostTLS(None, redirect=False)
        return HostTLS(plan.https_default, redirect=True)
    if plan.existing:
        _report_existing(server, plan, findings)
        return HostTLS(ParentRef(plan.gateway.name, plan.gateway.namespace, port=443), redirect=True)
    base = f"https-wildcard.{server.hostname[2:]}" if server.hostname.startswith("*.") else f"https.{server.hostname}"
    listener_name = names.claim(
        "Listener", f"{plan.gateway.namespace}/{plan.gateway.name}", base, server.hostname, limit=253
    )
    if cert.namespace is None:
        ingress = cert.ingress
        where = cert.tls.where if cert.tls else ("spec", "tls")
        ingress.report(
            findings,
            codes.TLS_SECRET_NAMESPACE,
            f"Secret {cert.secret} belongs to an Ingress without namespace, so the Gateway cannot name its "
            "namespace and looks in its own: pass --namespace, or create the Secret in the Gateway's namespace",
            where,
        )
    listener = Listener(
        listener_name,
        443,
        "HTTPS",
        server.hostname,
        AllowedRoutes("Same"),
        (CertificateRef(cert.secret, cert.namespace),),
        comments=texts(cert.tls.comments) if cert.tls else [],
    )
    plan.listeners.append(listener)
    if server.hostname.startswith("*."):
        plan.wildcard_https.setdefault(server.hostname, listener)
    return HostTLS(ParentRef(plan.gateway.name, plan.gateway.namespace, section_name=listener_name), redirect=True)


def _covering_listener(hostname: str, plan: ListenerPlan) -> Listener | None:
    """The most specific wildcard HTTPS listener a Gateway would pick for `hostname` (any depth below it).
    Wildcards sort before the names they cover, so theirs are already planned."""
    labels = hostname.split(".")
    for start in range(1, len(labels)):
        found = plan.wildcard_https.get("*." + ".".join(labels[start:]))
        if found is not None:
            return found
    return None


def _report_wildcard_listener(server: Server, listener: Listener, findings: Findings) -> None:
    ingress = server.creator or (server.certificate.ingress if server.certificate else None)
    if ingress is None:
        return
    where = ingress.host_where(server.hostname)
    certificates = ", ".join(ref.name for ref in listener.certificate_refs)
    ingress.report(
        findings,
        codes.HTTPS_WILDCARD_LISTENER,
        f"host {server.hostname} has no certificate of its own, so ingress-nginx served it on port 443 with its "
        f"default (self-signed) certificate; on the Gateway, HTTPS requests for it reach the listener of "
        f"{listener.hostname} (a wildcard listener matches names at any depth), so its routes attach there and "
        f"clients get that listener's certificate ({certificates}), which does not cover it either: give the host "
        "a tls entry with a certificate of its own",
        where,
    )


def _certified_wildcard(hostname: str, plan: ListenerPlan) -> HostTLS | None:
    """The HTTPS side of the one-label wildcard above `hostname`, when that wildcard has a certificate.
    Wildcards sort before the names they cover, so theirs is already planned."""
    label, dot, parent = hostname.partition(".")
    if not dot or not label or label == "*":
        return None
    found = plan.hosts.get(f"*.{parent}")
    return found if found is not None and found.redirect and found.parent is not None else None


def _place(plan: ListenerPlan, options: Options) -> None:
    """Keep the first 64 listeners on the Gateway and move the rest to ListenerSets, rewriting the
    parents of the hosts whose listener moved."""
    for index, listener in enumerate(plan.listeners):
        chunk = index // MAX_LISTENERS
        if chunk == 0:
            parent = ParentRef(plan.gateway.name, plan.gateway.namespace, section_name=listener.name)
        else:
            parent = ParentRef(
                f"{plan.gateway.name}-https-{chunk}",
                plan.gateway.namespace,
                kind="ListenerSet",
                section_name=listener.name,
            )
        plan.placement[listener.name] = parent
    for host, tls in plan.hosts.items():
        if tls.parent is not None and tls.parent.section_name in plan.placement:
            plan.hosts[host] = HostTLS(plan.placement[tls.parent.section_name], tls.redirect)
        elif tls.passthrough is not None and tls.passthrough.section_name in plan.placement:
            plan.hosts[host] = HostTLS(None, tls.redirect, plan.placement[tls.passthrough.section_name])


def objects(
    plan: ListenerPlan,
    routes: list[Route],
    ingress_class: str,
    sources: list[Ingress],
    options: Options,
    findings: Findings,
) -> list[Object]:
    """The Gateway, its ListenerSets and ReferenceGrants, with allowedRoutes fitted to the routes."""
    attached: dict[str, set[str | None]] = {}
    for route in routes:
        for parent in route.parent_refs:
            key = parent.section_name or ""
            attached.setdefault(key, set()).add(route.metadata.namespace)
    for listener in plan.listeners:
        listener.allowed_routes = _allowed(attached.get(listener.name, set()), plan.gateway.namespace)
    if any(None in attached.get(listener.name, set()) for listener in plan.listeners):
        findings.add(
            codes.ROUTES_ANY_NAMESPACE,
            f"Gateway {plan.gateway.namespace}/{plan.gateway.name} accepts routes from all namespaces on "
            "some listeners, because Ingresses without a namespace gave routes without one; pass "
            "--namespace to restrict it",
        )
    annotations = provenance(sources, ingress_class)
    owner = f"{plan.gateway.namespace}/{plan.gateway.name}"
    result: list[Object] = []
    if not plan.existing:
        result.append(
            Gateway(
                Metadata(plan.gateway.name, plan.gateway.namespace, annotations, gateway=owner),
                options.gateway_class_for(ingress_class),
                plan.listeners[:MAX_LISTENERS],
                allow_listener_sets=len(plan.listeners) > MAX_LISTENERS,
            )
        )
        for start in range(MAX_LISTENERS, len(plan.listeners), MAX_LISTENERS):
            name = f"{plan.gateway.name}-https-{start // MAX_LISTENERS}"
            result.append(
                ListenerSet(
                    Metadata(name, plan.gateway.namespace, dict(annotations), gateway=owner),
                    ParentRef(plan.gateway.name, plan.gateway.namespace),
                    plan.listeners[start : start + MAX_LISTENERS],
                )
            )
        if len(plan.listeners) > MAX_LISTENERS:
            findings.add(
                codes.LISTENER_SETS,
                f"{len(plan.listeners)} listeners are more than a Gateway's 64: Gateway "
                f"{plan.gateway.namespace}/{plan.gateway.name} keeps the first 64 and ListenerSets hold the "
                "rest; your implementation must support ListenerSet (standard since Gateway API v1.5)",
            )
    result.extend(_grants(plan, annotations, owner))
    return result


def _allowed(namespaces: set[str | None], gateway_namespace: str | None) -> AllowedRoutes:
    if None in namespaces:
        return AllowedRoutes("All")
    named = sorted(n for n in namespaces if n is not None)
    if not named or named == [gateway_namespace]:
        return AllowedRoutes("Same")
    return AllowedRoutes("Selector", tuple(named))


def _grants(plan: ListenerPlan, annotations: dict[str, str], owner: str) -> list[ReferenceGrant]:
    secrets: dict[str, dict[str, set[str]]] = {}
    for listener in plan.listeners:
        parent = plan.placement.get(listener.name)
        kind = parent.kind if parent is not None else "Gateway"
        for ref in listener.certificate_refs:
            if ref.namespace and ref.namespace != plan.gateway.namespace:
                secrets.setdefault(ref.namespace, {}).setdefault(ref.name, set()).add(kind)
    grants = []
    for namespace in sorted(secrets):
        by_name = secrets[namespace]
        kinds = sorted({k for ks in by_name.values() for k in ks})
        names = sorted(by_name)
        for start in range(0, len(names), MAX_GRANT_TO):
            suffix = "" if start == 0 else f"-{start // MAX_GRANT_TO + 1}"
            grant_name = f"{plan.gateway.namespace}-{plan.gateway.name}-certificates{suffix}"
            grants.append(
                ReferenceGrant(
                    Metadata(dns_name(grant_name), namespace, dict(annotations), gateway=owner),
                    [GrantFrom(kind, plan.gateway.namespace or "", GROUP) for kind in kinds],
                    [GrantTo("Secret", name) for name in names[start : start + MAX_GRANT_TO]],
                )
            )
    return grants


def _report_plain_http(server: Server, plan: ListenerPlan, findings: Findings) -> None:
    if plan.https_default is not None or server.creator is None:
        return
    ingress = server.creator
    where = ingress.host_where(server.hostname)
    ingress.report(
        findings,
        codes.HTTPS_NOT_SERVED,
        f"host {server.hostname} has no tls, but ingress-nginx still answered it on port 443 with its default "
        "(self-signed) certificate; the Gateway serves it on port 80 only: pass --default-certificate to keep 443",
        where,
    )


def _report_wildcard_default_certificate(server: Server, wildcard: Server, findings: Findings) -> None:
    ingress = server.creator
    assert ingress is not None
    where = ingress.host_where(server.hostname)
    ingress.report(
        findings,
        codes.HTTPS_DEFAULT_CERT,
        f"host {server.hostname} has no tls, but ingress-nginx's certificate lookup tries {wildcard.hostname} "
        "next, which had the default certificate (no tls entry with a secretName covers it), so ingress-nginx "
        "redirected HTTP to HTTPS for this host too and served it with that certificate; the Gateway serves it on "
        f"port 80 without the redirect: give {wildcard.hostname} or this host a certificate, or pass "
        "--default-certificate",
        where,
    )


def _report_catch_all_http(server: Server, plan: ListenerPlan, findings: Findings) -> None:
    """The controller's default server answered every unknown host on 443 too, with its default certificate."""
    serving = next((loc for loc in server.locations if loc.backend is not None), None)
    if plan.https_default is not None or serving is None:
        return
    ingress = serving.ingress
    where = (*serving.source.where, "path") if serving.source else (ingress.default_backend_where or ("spec",))
    ingress.report(
        findings,
        codes.HTTPS_NOT_SERVED,
        "requests for hosts that no rule names (the catch-all) were also answered on port 443 with the default "
        "certificate; the Gateway serves them on port 80 only: pass --default-certificate to keep 443",
        where,
    )


def _report_default_certificate(server: Server, findings: Findings) -> None:
    cert = server.certificate
    assert cert is not None
    ingress = cert.ingress
    where = cert.tls.where if cert.tls else ("spec", "tls")
    ingress.report(
        findings,
        codes.HTTPS_DEFAULT_CERT,
        f"host {server.hostname} is in an Ingress with tls, but no tls entry with a secretName covers it, so "
        "ingress-nginx served it with its default certificate (or one whose SAN covers it) and redirected HTTP to "
        "HTTPS; the Gateway serves it on port 80 without the redirect: list the host under tls.hosts, or pass "
        "--default-certificate",
        where,
    )


def _report_existing(server: Server, plan: ListenerPlan, findings: Findings) -> None:
    cert = server.certificate
    assert cert is not None and cert.secret is not None
    ingress = cert.ingress
    where = cert.tls.where if cert.tls else ("spec", "tls")
    secret = f"{cert.namespace}/{cert.secret}" if cert.namespace else cert.secret
    extra = [*server.aliases, *([server.www.name] if server.www else [])]
    also = f" (and {', '.join(extra)} with the same certificate)" if extra else ""
    ingress.report(
        findings,
        codes.EXISTING_GATEWAY,
        f"Gateway {plan.gateway.namespace}/{plan.gateway.name} must serve {server.hostname}{also} on an HTTPS "
        f"listener on port 443 with Secret {secret} (and HTTP on port 80); the routes attach by port",
        where,
    )
