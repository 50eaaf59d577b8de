"""One ingress class, from the ingress-nginx model to Gateway API objects."""

from __future__ import annotations

from migrate.findings import Findings
from migrate.gateway import canary, implicit, listeners, routes
from migrate.gateway.ir import Object
from migrate.gateway.names import Names
from migrate.intents import IngressIntents
from migrate.model import Ingress
from migrate.nginx import servers as nginx_servers
from migrate.nginx.backends import ServiceIndex
from migrate.options import Options


def build_class(
    ingress_class: str,
    items: list[tuple[Ingress, IngressIntents]],
    services: ServiceIndex,
    options: Options,
    names: Names,
    findings: Findings,
) -> list[Object]:
    server_set = nginx_servers.build(items, services, findings)
    plan = listeners.plan(server_set.servers, ingress_class, options, names, findings)
    scope = f"{plan.gateway.namespace}/{plan.gateway.name}"
    http_routes = routes.build(server_set.servers, plan, names, scope, findings)
    implicit.report(server_set.servers, plan, findings)
    sources = [ingress for ingress, _ in server_set.ordered]
    shared = listeners.objects(plan, http_routes, ingress_class, sources, options, findings)
    canaries = [ingress for ingress, intents in server_set.ordered if intents.canary]
    return [*shared, *canary.grants(http_routes, canaries, names, scope), *http_routes]
