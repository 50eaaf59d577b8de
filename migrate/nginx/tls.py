"""Which certificate ingress-nginx served for each host.

createServers (controller.go) walks the Ingresses oldest first and gives a host the certificate of the
first Ingress that has a rule for it and any `tls` section at all: the Secret of the tls entry listing the
host (extractTLSSecretName), else the Secret whose certificate covers the host, else the controller's
default certificate. A later Ingress never replaces it. Certificates cannot be read from manifests, so a
tls entry without hosts, or with a wildcard host covering this one, is assumed to cover it.
"""

from __future__ import annotations

from migrate import codes
from migrate.findings import Code, Findings
from migrate.intents import IngressIntents
from migrate.model import Ingress, IngressTLS, field_name
from migrate.nginx.model import Certificate, Server


def assign_certificates(
    servers: dict[str, Server],
    primaries: list[tuple[Ingress, IngressIntents]],
    findings: Findings,
    served: set[str] | None = None,
) -> None:
    """`served`: names other than hosts that get listeners (aliases, www redirects), so a tls host naming one
    is in use."""
    reported: set[tuple[int, int]] = set()
    conflicts: set[tuple[int, str]] = set()
    for ingress, _ in primaries:
        if not ingress.tls:
            continue
        for rule in ingress.rules:
            server = servers.get(rule.host)
            if server is None or not rule.host:
                continue
            if server.certificate is not None:
                _report_conflict(server, ingress, findings, conflicts)
                continue
            entry = _entry_for(rule.host, ingress, findings, reported)
            if entry is None or not entry.secret_name:
                server.certificate = Certificate(ingress.namespace, None, ingress, entry)
            else:
                server.certificate = Certificate(ingress.namespace, entry.secret_name, ingress, entry)
    _report_unused_tls_hosts(servers, primaries, findings, served or set())


def _entry_for(host: str, ingress: Ingress, findings: Findings, reported: set[tuple[int, int]]) -> IngressTLS | None:
    listed = ingress.tls_for(host)
    if listed is not None:
        if not listed.secret_name:
            _once(
                reported,
                ingress,
                listed,
                findings,
                codes.TLS_NO_SECRET,
                f"tls entry for {host} has no secretName, so ingress-nginx served the host with its default "
                "certificate; name the Secret",
            )
        return listed
    for entry in _wildcard_candidates(host, ingress):
        wildcard = next((h for h in entry.hosts if _wildcard_covers(h.lower(), host)), None)
        if entry.secret_name and wildcard is not None:
            findings.add(
                codes.TLS_WILDCARD_ASSUMED,
                f"host {host} is not listed in tls, but wildcard {wildcard} "
                f"is: Secret {entry.secret_name} is assumed to cover it, as ingress-nginx found by reading the "
                "certificate; list the host under tls.hosts to make it explicit",
                file=ingress.file,
                pos=ingress.pos(entry.where),
                ingress=ingress.ref,
                field=field_name(entry.where),
            )
            return entry
    for entry in ingress.tls:
        if entry.secret_name and not entry.hosts:
            _once(
                reported,
                ingress,
                entry,
                findings,
                codes.TLS_HOSTS_EMPTY,
                f"tls entry with Secret {entry.secret_name} lists no hosts; ingress-nginx used it for the hosts "
                "its certificate covers, which a manifest does not show: it is assumed to cover every host of "
                "this Ingress; list them under tls.hosts",
            )
            return entry
    return None


def _report_conflict(server: Server, ingress: Ingress, findings: Findings, reported: set[tuple[int, str]]) -> None:
    """A later Ingress naming another Secret for a host: ingress-nginx kept the first certificate and only
    logged it (controller.go createServers, "only add a certificate if the server does not have one")."""
    held = server.certificate
    assert held is not None
    if held.ingress is ingress:
        return
    listed = ingress.tls_for(server.hostname)  # the first entry listing the host, looked up
    entry = listed if listed is None or listed.secret_name else _listing_with_secret(ingress, server.hostname)
    if entry is None or (held.namespace, held.secret) == (ingress.namespace, entry.secret_name):
        return
    key = (ingress.sequence, server.hostname)
    if key in reported:
        return
    reported.add(key)
    if held.secret is None:
        served = "the controller's default certificate"
    else:
        served = f"Secret {held.namespace}/{held.secret}" if held.namespace else f"Secret {held.secret}"
    findings.add(
        codes.TLS_CONFLICT,
        f"host {server.hostname} is served with {served} from the older Ingress {held.ingress.ref}, so "
        f"ingress-nginx ignored Secret {entry.secret_name} here, and so does the output: give every Ingress of "
        "the host the same tls Secret",
        file=ingress.file,
        pos=ingress.pos(entry.where),
        ingress=ingress.ref,
        field=field_name(entry.where),
    )


def _listing_with_secret(ingress: Ingress, host: str) -> IngressTLS | None:
    return next((e for e in ingress.tls if e.secret_name and any(h.lower() == host for h in e.hosts)), None)


def _wildcard_candidates(host: str, ingress: Ingress) -> list[IngressTLS]:
    """The tls entries that may hold the one wildcard covering `host`: looked up, not scanned, when the
    first entry listing it has a Secret (the usual case)."""
    covering = ingress.tls_for(f"*.{host.partition('.')[2]}")
    if covering is None:
        return []
    return [covering] if covering.secret_name else ingress.tls


def _wildcard_covers(pattern: str, host: str) -> bool:
    """nginx wildcard server names match exactly one label (`*.example.com` is not `a.b.example.com`)."""
    if not pattern.startswith("*."):
        return False
    head, _, rest = host.partition(".")
    return bool(head) and rest == pattern[2:]


def _once(
    reported: set[tuple[int, int]],
    ingress: Ingress,
    entry: IngressTLS,
    findings: Findings,
    code: Code,
    message: str,
) -> None:
    key = (ingress.sequence, entry.where[-1] if isinstance(entry.where[-1], int) else 0)
    if key in reported:
        return
    reported.add(key)
    findings.add(
        code,
        message,
        file=ingress.file,
        pos=ingress.pos(entry.where),
        ingress=ingress.ref,
        field=field_name(entry.where),
    )


def _report_unused_tls_hosts(
    servers: dict[str, Server], primaries: list[tuple[Ingress, IngressIntents]], findings: Findings, served: set[str]
) -> None:
    for ingress, _ in primaries:
        rule_hosts = {rule.host for rule in ingress.rules}
        for entry in ingress.tls:
            for index, host in enumerate(entry.hosts):
                lowered = host.lower()
                if lowered in rule_hosts or lowered in servers or lowered in served or host.startswith("*."):
                    continue
                where = (*entry.where, "hosts", index)
                ingress.report(
                    findings,
                    codes.TLS_HOST_WITHOUT_RULE,
                    f"tls host {host} has no rule in any Ingress, so ingress-nginx had no server for it and the "
                    "Gateway gets no listener for it",
                    where,
                )
