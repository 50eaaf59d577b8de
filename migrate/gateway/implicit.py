"""What ingress-nginx did without being asked, and Gateway API does not: one finding per place it applies.

The controller's defaults (config.go, nginx.tmpl) hold for every Ingress of the class, so most of them are
reported once per Gateway, with the hosts they concern, and only when some location relies on them:
the 1m body limit (where no proxy-body-size applies), the backend timeouts and retries (where no proxy-*
timeout or proxy-next-upstream* applies), HSTS (on the hosts served over HTTPS), the rewritten
X-Forwarded-* headers and the dropped underscore headers (wherever anything is served). Two depend on
hosts and are reported at the host: a wildcard host, which matched one label and now matches any number
of them, and a host whose paths come from Ingresses of several namespaces, which ingress-nginx merged into
one server. None of them changes the generated objects: the controller ConfigMap, which can switch any of
them off, is not part of the input.

Sources: ingress-nginx-behaviours.md B1, B2, C2, C3, C4 and table D (config.go ProxyBodySize 1m,
ProxyConnectTimeout 5, ProxyReadTimeout/ProxySendTimeout 60, ProxyNextUpstream "error timeout",
ProxyNextUpstreamTries 3, HSTS max-age 31536000 includeSubDomains; nginx.tmpl proxy_set_header lines,
underscores_in_headers off; template.go buildServerName).
"""

from __future__ import annotations

from collections.abc import Iterable

from migrate import codes
from migrate.findings import Code, Findings
from migrate.gateway.listeners import ListenerPlan
from migrate.model import Ingress
from migrate.nginx.model import Location, Server

_SHOWN_HOSTS = 5
_TIMEOUT_KEYS = frozenset({"proxy-connect-timeout", "proxy-read-timeout", "proxy-send-timeout"})
_RETRY_KEYS = frozenset({"proxy-next-upstream", "proxy-next-upstream-tries", "proxy-next-upstream-timeout"})


def report(servers: dict[str, Server], plan: ListenerPlan, findings: Findings) -> None:
    gateway = f"Gateway {plan.gateway.namespace}/{plan.gateway.name}"
    served = {host: [loc for loc in server.locations if loc.backend is not None] for host, server in servers.items()}
    served = {host: locations for host, locations in served.items() if locations}
    if not served:
        return
    _defaults(gateway, served, findings)
    https = sorted(host for host in served if host and plan.hosts.get(host) and plan.hosts[host].parent is not None)
    if https:
        _gateway_wide(
            findings,
            codes.IMPLICIT_HSTS,
            f"{gateway}: ingress-nginx added Strict-Transport-Security: max-age=31536000; includeSubDomains to the "
            f"HTTPS responses of {_hosts(https)}, as the ConfigMap's hsts is on by default; Gateway API adds "
            "nothing. To keep it, set that header with a ResponseHeaderModifier filter on the routes of the HTTPS "
            "listeners",
        )
    _headers(gateway, findings)
    for host in sorted(served):
        server = servers[host]
        if host.startswith("*."):
            _wildcard(server, servers, findings)
        _namespaces(server, findings)


def _defaults(gateway: str, served: dict[str, list[Location]], findings: Findings) -> None:
    """The 1m body limit, the timeouts and the retries, where no annotation of the location replaced them."""

    def without(keys: Iterable[str], every: bool) -> list[str]:
        """The hosts with a location relying on the default: none of `keys` applied or, unless `every`, not
        all of them."""
        wanted = frozenset(keys)

        def relies(location: Location) -> bool:
            applied = wanted & location.intents.effective
            return not applied if every else applied != wanted

        return sorted(host for host, locations in served.items() if any(relies(loc) for loc in locations))

    if hosts := without({"proxy-body-size"}, True):
        _gateway_wide(
            findings,
            codes.IMPLICIT_BODY_LIMIT,
            f"{gateway}: ingress-nginx refused request bodies over 1m with 413 on the paths of {_hosts(hosts)} that "
            "set no proxy-body-size (the ConfigMap's proxy-body-size, 1m by default); Gateway API sets no limit: Envoy "
            "Gateway and kgateway accept any size, NGINX Gateway Fabric keeps nginx's own 1m. To keep it, use "
            "Envoy Gateway BackendTrafficPolicy.spec.requestBuffer.limit, kgateway "
            "TrafficPolicy.spec.buffer.maxRequestSize, NGINX Gateway Fabric ClientSettingsPolicy.spec.body.maxSize",
        )
    if hosts := without(_TIMEOUT_KEYS, False):
        _gateway_wide(
            findings,
            codes.IMPLICIT_TIMEOUTS,
            f"{gateway}: on the paths of {_hosts(hosts)} without proxy-*-timeout annotations, ingress-nginx gave a "
            "backend 5s to connect and 60s between two reads or two writes, with no limit on the whole request; "
            "Gateway API leaves unset timeouts to the implementation (Envoy's route default is 15s for the whole "
            "request), which can cut long downloads and streams. Set rule timeouts, or the per-read timeouts of "
            "NGINX Gateway Fabric ProxySettingsPolicy.spec.timeout (connect, read, send), Envoy Gateway "
            "BackendTrafficPolicy.spec.timeout (tcp.connectTimeout, http.requestTimeout), kgateway "
            "TrafficPolicy.spec.timeouts (request, streamIdle)",
        )
    if hosts := without(_RETRY_KEYS, True):
        _gateway_wide(
            findings,
            codes.IMPLICIT_RETRIES,
            f"{gateway}: on the paths of {_hosts(hosts)} without proxy-next-upstream annotations, ingress-nginx "
            "passed a request that failed with a connection error or a timeout to another endpoint, up to 3 tries, "
            "but never a non-idempotent one (POST, LOCK, PATCH); Gateway API retries only with the experimental "
            "rule retry field (--channel experimental), otherwise as the implementation decides: Envoy Gateway "
            "BackendTrafficPolicy.spec.retry, kgateway TrafficPolicy.spec.retry, NGINX Gateway Fabric: no field",
        )


def _headers(gateway: str, findings: Findings) -> None:
    _gateway_wide(
        findings,
        codes.IMPLICIT_FORWARDED,
        f"{gateway}: ingress-nginx replaced the client's X-Forwarded-For with the address it saw (unless the ConfigMap "
        "set use-forwarded-headers and compute-full-forwarded-for), kept the client's values in "
        "X-Original-Forwarded-For, and set X-Real-IP, X-Forwarded-Host, -Port, -Proto, -Scheme and X-Request-ID; "
        "Gateway API specifies none of this, and Envoy-based gateways append to X-Forwarded-For: a backend that "
        "trusts its first entry, or reads X-Real-IP, may now see what the client sent. Set which hops to trust: "
        "Envoy Gateway ClientTrafficPolicy.spec.clientIPDetection.xForwardedFor, kgateway "
        "ListenerPolicy.spec.default.httpSettings (xffNumTrustedHops, useRemoteAddress), NGINX Gateway Fabric "
        "NginxProxy.spec.rewriteClientIP",
    )
    _gateway_wide(
        findings,
        codes.IMPLICIT_UNDERSCORES,
        f"{gateway}: ingress-nginx dropped request headers whose names hold an underscore (underscores_in_headers "
        "off), so a client could not send X_Auth_User where a backend reads X-Auth-User; Envoy's default lets them "
        "through. To keep dropping them: Envoy Gateway ClientTrafficPolicy.spec.headers.withUnderscoresAction "
        "DropHeader; NGINX Gateway Fabric's nginx drops them as well; kgateway: no field found",
    )


def _wildcard(server: Server, servers: dict[str, Server], findings: Findings) -> None:
    """template.go buildServerName: `*.example.com` became `~^(?<subdomain>[\\w-]+)\\.example\\.com$`."""
    suffix = server.hostname[1:]  # .example.com
    label = "a" + suffix
    deeper = "a.b" + suffix
    own = sorted(host for host in servers if host.endswith(suffix) and host.count(".") > server.hostname.count("."))
    catch_all = servers.get("")
    before = (
        "the catch-all rules (routes without hostname)"
        if catch_all is not None and any(loc.backend is not None for loc in catch_all.locations)
        else "the default backend (404)"
    )
    kept = f"; the hosts that have their own rules ({', '.join(own[:_SHOWN_HOSTS])}) keep them" if own else ""
    tls = (
        ", and on HTTPS the certificate of this host does not cover them anyway"
        if server.certificate is not None and server.certificate.secret
        else ""
    )
    _at_host(
        server,
        findings,
        codes.WILDCARD_DEPTH,
        f"host {server.hostname} matched exactly one label in ingress-nginx ({label}), but a Gateway API wildcard "
        f"matches any number of them ({deeper} too): requests for deeper names, which ingress-nginx answered from "
        f"{before}, now reach these routes{kept}{tls}. List the hosts you mean, or route deeper names elsewhere with "
        "a more specific wildcard",
    )


def _namespaces(server: Server, findings: Findings) -> None:
    by_namespace: dict[str | None, list[Ingress]] = {}
    for location in server.as_written():
        if location.backend is not None or not location.implicit:
            found = by_namespace.setdefault(location.namespace, [])
            if location.ingress not in found:
                found.append(location.ingress)
    if len(by_namespace) < 2 or server.creator is None:
        return
    parts = [f"{namespace} ({', '.join(i.ref for i in ingresses)})" for namespace, ingresses in by_namespace.items()]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    _at_host(
        server,
        findings,
        codes.HOST_NAMESPACES,
        f"host {server.hostname or '(any)'} gets paths from the namespaces {listed}: ingress-nginx merged "
        f"them into one server, with the host-wide settings (certificate, server-snippet, server-alias, auth-tls-*, "
        f"ssl-ciphers) of its oldest Ingress, {server.creator.ref}. The output gives each namespace its own HTTPRoute "
        "for the host and lets them attach to the same listeners, so each team now owns its part; keep the "
        "listeners' allowed namespaces in step when that changes",
    )


def _hosts(hosts: list[str]) -> str:
    names = [host or "the catch-all (no host)" for host in hosts]
    shown = ", ".join(names[:_SHOWN_HOSTS])
    more = f" and {len(names) - _SHOWN_HOSTS} more" if len(names) > _SHOWN_HOSTS else ""
    return f"{len(names)} host{'s' if len(names) != 1 else ''} ({shown}{more})"


def _gateway_wide(findings: Findings, code: Code, message: str) -> None:
    findings.add(code, message)


def _at_host(server: Server, findings: Findings, code: Code, message: str) -> None:
    ingress = server.creator
    assert ingress is not None
    where = ingress.host_where(server.hostname)
    ingress.report(findings, code, message, where)
