"""A host behaviour of ingress-nginx that Gateway API hostnames cannot keep, reported per host.

* nginx picked one server per host and never looked further: a path a host (or a narrower wildcard) does
  not declare got that host's default backend, even under a wildcard host that serves it. Gateway API
  orders the rules of more and less specific hostnames, and some implementations let a request fall
  through to the latter.

(A wildcard host matching one label only is reported with ingress-nginx's other implicit behaviours, in
`migrate.gateway.implicit`.)
"""

from __future__ import annotations

from migrate import codes
from migrate.findings import Findings
from migrate.nginx.model import PREFIX, Server


def report(servers: dict[str, Server], findings: Findings) -> None:
    wildcards = sorted(h for h, s in servers.items() if h.startswith("*.") and _serves(s))
    for host in sorted(servers):
        server = servers[host]
        if host and server.creator is not None and not _serves_root(server):
            # A Gateway wildcard matches any number of labels: *.example.com covers *.y.example.com too.
            covering = [w for w in wildcards if w != host and host.endswith(w[1:])]
            if covering:
                _report_fallthrough(server, max(covering, key=len), findings)


def _serves(server: Server) -> bool:
    return any(loc.backend is not None for loc in server.locations)


def _serves_root(server: Server) -> bool:
    return any(loc.path == "/" and loc.path_type == PREFIX and loc.backend is not None for loc in server.locations)


def _report_fallthrough(server: Server, wildcard: str, findings: Findings) -> None:
    ingress = server.creator
    assert ingress is not None
    where = ingress.host_where(server.hostname)
    ingress.report(
        findings,
        codes.WILDCARD_FALLTHROUGH,
        f"host {server.hostname} has no `/` path, so ingress-nginx answered its other paths with the default "
        f"backend (404), never with {wildcard}; Gateway implementations that let a request fall through to a "
        f"less specific hostname send them to the routes of {wildcard}: give {server.hostname} a `/` path if "
        "that matters",
        where,
    )
