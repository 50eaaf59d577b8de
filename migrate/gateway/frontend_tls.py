"""Client-certificate validation (auth-tls-secret) as the Gateway's spec.tls.frontend.

ingress-nginx asked for client certificates per host; Gateway API validates them per port, for every
HTTPS listener on it (spec.tls.frontend, standard since v1.5). The oldest Ingress that asks for client
certificates decides the validation of port 443, which then applies to every HTTPS host of the Gateway:
each host it did not apply to before, and each host that asked for something else, is flagged. This is
the safe direction: no host that required a certificate is left open; hosts that did not now refuse
clients without one, which shows at once in testing.
"""

from __future__ import annotations

from migrate.annotations import frontend_tls as codes
from migrate.findings import Findings
from migrate.gateway.ir import (
    GROUP,
    CertificateRef,
    FrontendValidation,
    Gateway,
    GrantFrom,
    GrantTo,
    Metadata,
    Object,
    ReferenceGrant,
)
from migrate.gateway.listeners import ListenerPlan
from migrate.gateway.names import Names
from migrate.gateway.provenance import provenance
from migrate.gateway.sites import copy_ca, flag, site
from migrate.intents import ClientTLS
from migrate.model import Ingress
from migrate.nginx.model import Server

_MODES = {"on": "AllowValidOnly", "optional": "AllowInsecureFallback", "optional_no_ca": "AllowInsecureFallback"}


def apply(
    shared: list[Object], servers: dict[str, Server], plan: ListenerPlan, names: Names, findings: Findings
) -> list[Object]:
    """Set the Gateway's client-certificate validation; returns the ReferenceGrant its CA ConfigMap needs."""
    https = [
        server
        for hostname, server in sorted(servers.items())
        if hostname and server.passthrough is None and plan.hosts[hostname].parent is not None
    ]
    served = {id(server) for server in https}
    for _, server in sorted(servers.items()):
        if server.client_tls is not None and id(server) not in served:
            _report_not_served(server, findings)
    asking = [server for server in https if server.client_tls is not None]
    if not asking:
        return []
    chosen = min(asking, key=lambda s: _age(s.client_tls[0]) if s.client_tls else (2, "", 0))
    assert chosen.client_tls is not None
    ingress, client = chosen.client_tls
    namespace, secret = client.secret
    validation = FrontendValidation((CertificateRef(secret, namespace or None, kind="ConfigMap"),), _MODES[client.mode])
    gateway = next((obj for obj in shared if isinstance(obj, Gateway)), None)
    owner = f"{plan.gateway.namespace}/{plan.gateway.name}"
    where = f"{namespace}/{secret}" if namespace else secret
    ca = f"the CA in ConfigMap {where}"
    others = [server.hostname for server in https if server is not chosen]
    scope = (
        f"; Gateway API validates per port, so this applies to every HTTPS host of the Gateway on port 443, "
        f"not only {chosen.hostname}"
        if others
        else ""
    )
    if gateway is None:
        text = f"Gateway {owner} must validate client certificates: set spec.tls.frontend.default.validation"
    else:
        gateway.frontend_validation = validation
        text = f"Gateway {owner} validates client certificates (spec.tls.frontend.default.validation)"
    flag(
        findings,
        codes.SECRET.code,
        f"{text} against {ca} (key ca.crt), mode {validation.mode}, as auth-tls-secret asked for "
        f"{chosen.hostname}{scope}; create the ConfigMap from the Secret's CA: {copy_ca(namespace, secret, namespace)}",
        site(ingress, client.at),
    )
    _mode_notes(ingress, client, findings)
    for server in https:
        if server is not chosen:
            _report_host(server, chosen.hostname, client, ca, owner, findings)
    if gateway is None or not namespace or namespace == plan.gateway.namespace:
        return []
    grant = names.claim("ReferenceGrant", namespace, f"{plan.gateway.namespace}-{plan.gateway.name}-client-ca", owner)
    return [
        ReferenceGrant(
            Metadata(grant, namespace, provenance([ingress]), gateway=owner),
            [GrantFrom("Gateway", plan.gateway.namespace or "", GROUP)],
            [GrantTo("ConfigMap", secret)],
        )
    ]


def _age(ingress: Ingress) -> tuple[int, str, int]:
    """Oldest first, as the controller orders Ingresses (see nginx.servers.by_age)."""
    if ingress.creation_timestamp:
        return (0, ingress.creation_timestamp, 0)
    return (1, "", ingress.sequence)


def _mode_notes(ingress: Ingress, client: ClientTLS, findings: Findings) -> None:
    notes = {
        "optional": "nginx asked for a certificate and refused an invalid one, while AllowInsecureFallback also "
        "lets invalid certificates through and leaves the check to the backend",
        "optional_no_ca": "nginx asked for a certificate without checking it and passed it on, while "
        "AllowInsecureFallback checks it and lets failures through, so the backend sees only valid ones verified",
    }
    if client.mode in notes:
        flag(
            findings,
            codes.VERIFY_CLIENT.code,
            f"auth-tls-verify-client {client.mode} becomes mode AllowInsecureFallback, an approximation: "
            f"{notes[client.mode]}",
            site(ingress, client.mode_at or client.at),
        )


def _report_not_served(server: Server, findings: Findings) -> None:
    assert server.client_tls is not None
    ingress, client = server.client_tls
    if server.passthrough is not None:
        why = "its TLS is passed through to the backend, which the Gateway cannot inspect"
    elif not server.hostname:
        why = "it has no host, and Gateway API validates client certificates on HTTPS listeners only"
    else:
        why = "it has no HTTPS listener (no tls Secret, and no --default-certificate)"
    flag(
        findings,
        codes.SECRET.code,
        f"host {server.hostname or '(any)'} asks for client certificates, but {why}, so no validation is "
        "generated for it; ingress-nginx asked for them on port 443",
        site(ingress, client.at),
    )


def _report_host(server: Server, chosen: str, client: ClientTLS, ca: str, owner: str, findings: Findings) -> None:
    if server.client_tls is not None:
        ingress, own = server.client_tls
        if (own.secret, _MODES[own.mode]) == (client.secret, _MODES[client.mode]):
            return
        flag(
            findings,
            codes.SECRET.code,
            f"host {server.hostname} asks for client certificates from Secret {'/'.join(own.secret)} "
            f"({own.mode}), but Gateway API validates per port and {owner} can hold one validation for port 443: "
            f"it uses {ca} ({client.mode}, from {chosen}); serve this host from another Gateway to keep its own",
            site(ingress, own.at),
        )
        return
    creator = server.creator
    if creator is None:
        return
    where = creator.host_where(server.hostname)
    creator.report(
        findings,
        codes.SECRET.code,
        f"host {server.hostname} did not ask for client certificates in ingress-nginx, but Gateway {owner} now "
        f"validates them on every HTTPS listener of port 443 against {ca}, as {chosen} asked (Gateway API "
        "has no per-host setting): its clients are refused without such a certificate; serve this host, or the hosts "
        "that need client certificates, from another Gateway",
        where,
    )
