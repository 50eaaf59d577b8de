"""Helpers for the routing annotation tests: Ingresses from a few keyword arguments, converted in memory, and
a small model of how a Gateway API implementation picks the rule that answers a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from migrate.annotations import apply
from migrate.convert import Result, convert, read_inputs
from migrate.findings import Finding, Findings
from migrate.gateway.ir import HTTPRoute, Match, Rule
from migrate.intents import IngressIntents
from migrate.options import Options
from migrate.source import SourceFile

PREFIX = "nginx.ingress.kubernetes.io/"


def ingress(
    name: str = "app",
    annotations: dict[str, str] | None = None,
    host: str = "app.example.com",
    paths: list[tuple[str, str]] | None = None,
    service: str = "app",
    namespace: str = "default",
    tls: list[str] | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """An Ingress manifest; `paths` are (path, pathType), all to `service` port 80."""
    metadata: dict[str, Any] = {"name": name, "namespace": namespace}
    if created:
        metadata["creationTimestamp"] = created
    if annotations:
        metadata["annotations"] = {PREFIX + key: value for key, value in annotations.items()}
    spec: dict[str, Any] = {
        "ingressClassName": "nginx",
        "rules": [
            {
                "host": host,
                "http": {
                    "paths": [
                        {
                            "path": path,
                            "pathType": path_type,
                            "backend": {"service": {"name": service, "port": {"number": 80}}},
                        }
                        for path, path_type in (paths or [("/", "Prefix")])
                    ]
                },
            }
        ],
    }
    if tls is not None:
        spec["tls"] = [{"hosts": tls, "secretName": f"{name}-tls"}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec}


def config_map(name: str, namespace: str, data: dict[str, str]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": namespace}, "data": data}


def _source(*documents: dict[str, Any]) -> SourceFile:
    return SourceFile("input.yaml", yaml.safe_dump_all(documents, sort_keys=False).encode())


def run(*documents: dict[str, Any], options: Options | None = None) -> Result:
    return convert([_source(*documents)], options or Options())


def intents(*documents: dict[str, Any], options: Options | None = None) -> tuple[IngressIntents, list[Finding]]:
    """The intents of the first Ingress, and the findings the annotation stage raised for it."""
    options = options or Options()
    findings = Findings()
    inputs = read_inputs([_source(*documents)], options, findings)
    result = apply(inputs.ingresses[0], inputs, options, findings)
    return result, findings.sorted()


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code.id for finding in findings]


def routes(result: Result, host: str | None = None, suffix: str = "") -> list[HTTPRoute]:
    """The HTTPRoutes for `host` (all when None) whose name ends with `suffix` ("" for the main ones)."""
    found = [obj for obj in result.objects if isinstance(obj, HTTPRoute)]
    if host is not None:
        found = [route for route in found if host in route.hostnames]
    if suffix:
        return [route for route in found if route.metadata.name.endswith(suffix)]
    return [route for route in found if not route.metadata.name.endswith(("-http", "-redirect"))]


def rules(result: Result, host: str, suffix: str = "") -> list[Rule]:
    return [rule for route in routes(result, host, suffix) for rule in route.rules]


@dataclass(frozen=True)
class Request:
    path: str
    headers: tuple[tuple[str, str], ...] = ()


def _path_matches(match: Match, path: str) -> bool:
    kind, value = match.path.type, match.path.value
    if kind == "Exact":
        return path == value
    if kind == "PathPrefix":
        prefix = value.rstrip("/")
        return path == prefix or path.startswith(prefix + "/") or prefix == ""
    return re.fullmatch(value, path) is not None  # Envoy: RE2 full match (Python's re stands in)


def _headers_match(match: Match, headers: dict[str, str]) -> bool:
    for header in match.headers:
        value = headers.get(header.name.lower())
        if value is None:
            return False
        if header.type == "Exact" and value != header.value:
            return False
        if header.type == "RegularExpression" and re.fullmatch(header.value, value) is None:
            return False
    return True


def pick(route_list: list[HTTPRoute], request: Request) -> Rule | None:
    """The rule a Gateway picks (httproute_types.go precedence): Exact path, then the longest PathPrefix, then
    regexes; then the most header matches; then route order (name), then rule order."""
    headers = {name.lower(): value for name, value in request.headers}
    best: tuple[tuple[int, int, int, str, int], Rule] | None = None
    for route in sorted(route_list, key=lambda r: (r.metadata.namespace or "", r.metadata.name)):
        for index, rule in enumerate(route.rules):
            for match in rule.matches:
                if not _path_matches(match, request.path) or not _headers_match(match, headers):
                    continue
                kind = {"Exact": 0, "PathPrefix": 1}.get(match.path.type, 2)
                length = -len(match.path.value) if kind == 1 else 0
                key = (kind, length, -len(match.headers), route.metadata.name, index)
                if best is None or key < best[0]:
                    best = (key, rule)
    return best[1] if best is not None else None
