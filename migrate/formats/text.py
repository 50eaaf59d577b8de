"""Findings as text lines for a terminal or a log: `file:line:column: severity CODE [ingress] message`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from migrate.findings import Finding, Severity


def text_line(finding: Finding, shown: Callable[[str | None], str | None]) -> str:
    where = shown(finding.file) or "-"
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    subject = f" [{finding.ingress}]" if finding.ingress else ""
    return f"{where}: {finding.severity.value} {finding.code.id}{subject} {finding.message}"


def summary(findings: Iterable[Finding], objects: int, converted: int) -> str:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    parts = ", ".join(f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity)
    ingresses = f"{converted} Ingress{'es' if converted != 1 else ''}"
    return f"ingress-migrate: {ingresses} converted into {objects} object{'s' if objects != 1 else ''}; {parts}"


def text_report(findings: Sequence[Finding]) -> str:
    """One line per finding; the paths are used as they are."""
    return "".join(f"{text_line(f, lambda path: path)}\n" for f in findings)
