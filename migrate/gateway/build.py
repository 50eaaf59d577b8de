"""One ingress class, from the ingress-nginx model to Gateway API objects."""

from __future__ import annotations

from migrate.findings import Findings
from migrate.gateway import canary, frontend_tls, grpc, hosts, implicit, listeners, passthrough, routes
from migrate.gateway.ir import Object, Route
from migrate.gateway.names import Names
from migrate.gateway.rule_options import RuleContext
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
    servers = server_set.servers
    plan = listeners.plan(servers, ingress_class, options, names, findings)
    hosts.report(servers, findings)
    scope = f"{plan.gateway.namespace}/{plan.gateway.name}"
    rules = RuleContext(services, grpc.hosts(servers), findings)
    http_routes = routes.build(servers, plan, names, scope, findings, rules)
    implicit.report(servers, plan, findings)
    all_routes: list[Route] = [*grpc.convert(http_routes), *passthrough.routes(servers, plan, names, scope, findings)]
    sources = [ingress for ingress, _ in server_set.ordered]
    shared = listeners.objects(plan, all_routes, ingress_class, sources, options, findings)
    shared += frontend_tls.apply(shared, servers, plan, names, findings)
    canaries = [ingress for ingress, intents in server_set.ordered if intents.canary]
    return [*shared, *canary.grants(all_routes, canaries, names, scope), *all_routes]
