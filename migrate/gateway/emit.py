"""A host's rules for one namespace as HTTPRoutes: packed for Gateway API's limits on rules, matches and
hostnames (16 per route: the host and its aliases), attached to the listeners of the hostnames they carry."""

from __future__ import annotations

from dataclasses import dataclass

from migrate import codes
from migrate.findings import Findings
from migrate.gateway.ir import HTTPRoute, Metadata, ParentRef, Rule
from migrate.gateway.listeners import ListenerPlan
from migrate.gateway.names import Names
from migrate.gateway.packing import merge, split
from migrate.gateway.provenance import provenance
from migrate.model import Ingress
from migrate.nginx.model import Server

MAX_HOSTNAMES = 16


@dataclass
class Emitter:
    """Turns a host's rules for one namespace into HTTPRoutes: split for Gateway API's limits on rules,
    matches and hostnames, attached to the listeners of the hostnames they carry."""

    server: Server
    plan: ListenerPlan
    names: Names
    scope: str
    findings: Findings

    def __call__(
        self,
        namespace: str | None,
        suffix: str,
        rules: list[Rule],
        ingresses: list[Ingress],
        https: bool = False,
        http: bool = False,
    ) -> list[HTTPRoute]:
        if not rules:
            return []
        server = self.server
        hostnames = [server.hostname, *server.aliases] if server.hostname else []
        groups = [hostnames[i : i + MAX_HOSTNAMES] for i in range(0, len(hostnames), MAX_HOSTNAMES)] or [[]]
        chunks = split(merge(rules))
        if len(chunks) > 1:
            self._report_split(namespace, len(chunks))
        comments = _route_comments(ingresses, server.hostname) if https else []
        routes = []
        for group_index, group in enumerate(groups):
            parents = self._parents(group, https, http)
            if not parents:
                continue
            base = (server.hostname or "catch-all") + (f"-aliases-{group_index}" if group_index else "") + suffix
            for index, chunk in enumerate(chunks):
                name_base = base if index == 0 else f"{base}-{index + 1}"
                group_key = f"|aliases-{group_index}" if group_index else ""
                key = f"{self.scope}|{server.hostname}{group_key}|{suffix}|{index}"
                name = self.names.claim("HTTPRoute", namespace, name_base, key=key)
                first = index == 0 and group_index == 0
                metadata = Metadata(
                    name, namespace, provenance(ingresses), comments if first else [], home=ingresses[0].file
                )
                routes.append(HTTPRoute(metadata, parents, list(group), chunk))
        return routes

    def _parents(self, hostnames: list[str], https: bool, http: bool) -> list[ParentRef]:
        parents: list[ParentRef] = [self.plan.http] if http else []
        if https:
            for hostname in hostnames or [""]:
                tls = self.plan.hosts.get(hostname)
                if tls is not None and tls.parent is not None and tls.parent not in parents:
                    parents.append(tls.parent)
        return parents

    def _report_split(self, namespace: str | None, count: int) -> None:
        creator = self.server.creator
        if creator is None:
            return
        where = creator.host_where(self.server.hostname)
        creator.report(
            self.findings,
            codes.ROUTE_SPLIT,
            f"host {self.server.hostname or '(any)'} needs {count} HTTPRoutes in namespace {namespace} "
            "(Gateway API allows 16 rules and 128 matches per route); they are merged by the Gateway",
            where,
        )


def _route_comments(ingresses: list[Ingress], host: str) -> list[str]:
    """What the Ingresses say about the whole route: their headers and top-level fields, their
    annotations and the rules for this host, in file order."""
    comments: list[tuple[int, int, str]] = []
    for order, ingress in enumerate(ingresses):
        found = list(ingress.comments)
        for key in ingress.annotation_comments:
            found.extend(ingress.annotation_comments[key])
        for rule in ingress.rules_for(host):
            found.extend(rule.comments)
        comments.extend((order, line, text) for line, text in found)
    return list(dict.fromkeys(text for _, _, text in sorted(comments)))
