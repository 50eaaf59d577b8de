"""Host-wide settings: the server-level annotations ingress-nginx takes from one Ingress per host.

createServers (controller.go) walks the Ingresses oldest first and, for each host they have a rule for,
keeps the first ssl-passthrough, auth-tls-* and proxy-ssl-* it finds; later Ingresses of the host cannot
change them (only a log line says so).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from migrate.intents import IngressIntents, ServerIntents
from migrate.model import Ingress
from migrate.nginx.model import Server

T = TypeVar("T")


def apply(servers: dict[str, Server], primaries: list[tuple[Ingress, IngressIntents]]) -> None:
    # The Ingresses with a rule for each host, oldest first as `primaries` is ordered (the catch-all server
    # collects the rules without host).
    by_host: dict[str, list[tuple[Ingress, IngressIntents]]] = {}
    for item in primaries:
        for host in dict.fromkeys(rule.host for rule in item[0].rules):
            by_host.setdefault(host, []).append(item)
    for hostname, server in servers.items():
        ingresses = by_host.get(hostname, [])
        server.passthrough = _first(ingresses, lambda s: s.passthrough) if hostname else None
        server.client_tls = _first(ingresses, lambda s: s.client_tls)
        server.proxy_ssl = _first(ingresses, lambda s: s.proxy_ssl)


def _first(
    ingresses: list[tuple[Ingress, IngressIntents]], pick: Callable[[ServerIntents], T | None]
) -> tuple[Ingress, T] | None:
    for ingress, intents in ingresses:
        value = pick(intents.server)
        if value is not None:
            return ingress, value
    return None
