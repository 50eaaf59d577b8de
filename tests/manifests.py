"""Manifests written inline in tests, read and converted the way the command does it."""

from __future__ import annotations

import textwrap

from migrate.convert import Inputs, Result, convert_inputs, read_inputs
from migrate.findings import Findings
from migrate.options import Options
from migrate.source import SourceFile


def read(text: str, options: Options | None = None, file: str = "input.yaml") -> tuple[Inputs, Findings]:
    findings = Findings()
    source = SourceFile(file, textwrap.dedent(text).encode())
    return read_inputs([source], options or Options(), findings), findings


def convert_text(text: str, options: Options | None = None) -> Result:
    options = options or Options()
    inputs, findings = read(text, options)
    return convert_inputs(inputs, options, findings)


def ingress(
    name: str = "app",
    namespace: str = "app",
    host: str | None = "app.example.com",
    paths: str = "- {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}",
    annotations: str = "",
    extra: str = "",
    created: str | None = None,
) -> str:
    """One Ingress document; `paths` is the YAML list under http.paths, `extra` more spec fields."""
    lines = [
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        f"  name: {name}",
        f"  namespace: {namespace}",
    ]
    if created:
        lines.append(f"  creationTimestamp: {created!r}")
    if annotations:
        lines.append("  annotations:")
        lines += [f"    {line}" for line in textwrap.dedent(annotations).strip().splitlines()]
    lines += ["spec:", "  ingressClassName: nginx"]
    if extra:
        lines += [f"  {line}" for line in textwrap.dedent(extra).strip().splitlines()]
    if paths:
        lines.append("  rules:")
        lines.append(f"  - host: {host!r}" if host else "  - http:")
        if host:
            lines.append("    http:")
        lines.append("      paths:")
        lines += [f"      {line}" for line in textwrap.dedent(paths).strip().splitlines()]
    return "\n".join(lines) + "\n---\n"


def service(name: str, namespace: str = "app", ports: str = "[{name: http, port: 80, targetPort: 8080}]") -> str:
    return (
        f"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {namespace}}}\n"
        f"spec: {{ports: {ports}}}\n---\n"
    )
