"""The commit message of a migration: what was migrated, counted. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from migrate import __version__
from migrate.findings import Finding, Severity
from migrate.gateway.ir import Object
from migrate.model import Ingress
from migrate.workflow.changes import Change


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else ('es' if word.endswith('ss') else 's')}"


def default_subject(converted: Sequence[Ingress]) -> str:
    return f"Migrate {_plural(len(converted), 'Ingress')} to Gateway API"


def commit_message(
    subject: str,
    converted: Sequence[Ingress],
    objects: Sequence[Object],
    changes: Sequence[Change],
    findings: Sequence[Finding],
    removed_ingresses: bool,
    channel: str = "standard",
) -> str:
    by_namespace: dict[str, int] = {}
    for ingress in converted:
        by_namespace[ingress.namespace or "(none)"] = by_namespace.get(ingress.namespace or "(none)", 0) + 1
    kinds: dict[str, int] = {}
    for obj in objects:
        kinds[obj.kind] = kinds.get(obj.kind, 0) + 1
    files = {action: sum(1 for c in changes if c.action == action) for action in ("create", "modify", "delete")}
    severities = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    namespaces = ", ".join(f"{ns}: {n}" for ns, n in sorted(by_namespace.items()))
    lines = [
        subject,
        "",
        f"Converted by ingress-migrate {__version__} to Gateway API v1.6 ({channel} channel):",
        f"- {_plural(len(converted), 'Ingress')} in {_plural(len(by_namespace), 'namespace')} ({namespaces})",
        f"- into {', '.join(_plural(n, kind) for kind, n in kinds.items()) or 'no object'}",
        f"- files: {files['create']} created, {files['modify']} modified, {files['delete']} deleted",
        "- findings: "
        + ", ".join(_plural(severities[s], w) for s, w in zip(Severity, ("error", "warning", "note"), strict=True)),
    ]
    if removed_ingresses:
        lines.append("")
        lines.append("The converted Ingress documents were removed from their files.")
    return "\n".join(lines) + "\n"
