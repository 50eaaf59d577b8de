"""Convert one small Ingress with the annotations a test gives, and read back the findings about them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from migrate.convert import convert
from migrate.findings import Finding
from migrate.options import DEFAULT_ANNOTATION_PREFIX, Options
from migrate.source import SourceFile

PREFIX = DEFAULT_ANNOTATION_PREFIX


@dataclass(frozen=True)
class Found:
    code: str
    severity: str
    field: str | None
    message: str


def ingress(annotations: dict[str, str], namespace: str | None = "shop", name: str = "app", **extra: object) -> str:
    """An Ingress manifest (JSON, which is YAML) with these annotations under the default prefix."""
    metadata: dict[str, object] = {
        "name": name,
        "annotations": {f"{PREFIX}/{key}": value for key, value in annotations.items()},
    }
    if namespace is not None:
        metadata["namespace"] = namespace
    spec: dict[str, object] = {
        "ingressClassName": "nginx",
        "rules": [
            {
                "host": "shop.example.com",
                "http": {
                    "paths": [
                        {
                            "path": "/",
                            "pathType": "Prefix",
                            "backend": {"service": {"name": "web", "port": {"number": 80}}},
                        }
                    ]
                },
            }
        ],
        **extra,
    }
    return json.dumps({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec})


def findings_of(*documents: str, options: Options | None = None) -> list[Found]:
    text = "\n---\n".join(documents)
    result = convert([SourceFile("input.yaml", text.encode())], options or Options())
    return [_found(f) for f in result.findings]


def about(found: list[Found], key: str) -> list[Found]:
    """The findings positioned at one annotation (named without prefix)."""
    return [f for f in found if f.field == f"{PREFIX}/{key}"]


def _found(finding: Finding) -> Found:
    return Found(finding.code.id, finding.severity.value, finding.field, finding.message)
