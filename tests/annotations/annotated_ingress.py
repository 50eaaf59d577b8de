"""Ingress manifests with annotations, converted end to end, for the annotation family tests.

`manifest` writes one Ingress (several with `more`), `convert` runs the whole conversion on it and hands
back the rendered objects (as the YAML output would parse) and the findings.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from migrate.convert import convert as run
from migrate.findings import Finding
from migrate.options import Options
from migrate.render import Renderer
from migrate.source import SourceFile

PREFIX = "nginx.ingress.kubernetes.io/"
Path = tuple[str, str, str, int]  # (path, pathType, service, port)


def manifest(
    annotations: dict[str, str],
    *,
    name: str = "app",
    namespace: str | None = "shop",
    host: str = "app.example.com",
    paths: Iterable[Path] = (("/", "Prefix", "app", 80),),
    tls: str | None = None,
    created: str | None = None,
) -> str:
    """One Ingress as YAML (JSON is YAML: values need no quoting rules)."""
    metadata: dict[str, Any] = {"name": name, "annotations": {PREFIX + k: v for k, v in annotations.items()}}
    if namespace:
        metadata["namespace"] = namespace
    if created:
        metadata["creationTimestamp"] = created
    spec: dict[str, Any] = {
        "ingressClassName": "nginx",
        "rules": [
            {
                "host": host,
                "http": {
                    "paths": [
                        {
                            "path": path,
                            "pathType": kind,
                            "backend": {"service": {"name": service, "port": {"number": port}}},
                        }
                        for path, kind, service, port in paths
                    ]
                },
            }
        ],
    }
    if not host:
        del spec["rules"][0]["host"]
    if tls:
        spec["tls"] = [{"hosts": [host], "secretName": tls}]
    return json.dumps({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec})


def service(name: str, ports: Iterable[tuple[str | None, int]], namespace: str = "shop", **spec: Any) -> str:
    entries = [{"port": port, **({"name": port_name} if port_name else {})} for port_name, port in ports]
    body = {"ports": entries, **spec}
    return json.dumps(
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace}, "spec": body}
    )


@dataclass
class Converted:
    objects: list[dict[str, Any]]
    findings: list[Finding]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [obj for obj in self.objects if obj["kind"] == kind]

    def one(self, kind: str, name: str | None = None) -> dict[str, Any]:
        found = [obj for obj in self.of(kind) if name is None or obj["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind} {name or ''}, found {[o['metadata']['name'] for o in found]}"
        return found[0]

    def codes(self) -> list[str]:
        return sorted(f.code.id for f in self.findings)

    def messages(self, code: str) -> list[str]:
        return [f.message for f in self.findings if f.code.id == code]

    def rules(self, kind: str = "HTTPRoute") -> list[dict[str, Any]]:
        return [rule for route in self.of(kind) for rule in route["spec"]["rules"]]


def convert(*documents: str, **options: Any) -> Converted:
    """Convert the documents as one input file; `options` override fields of `Options`."""
    text = "\n---\n".join(documents)
    result = run([SourceFile("input.yaml", text.encode())], dataclasses.replace(Options(), **options))
    return Converted([_RENDERER.render(obj).data for obj in result.objects], result.findings)


_RENDERER = Renderer()
