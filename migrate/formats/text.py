"""Findings as text lines for a terminal or a log: `file:line:column: severity CODE [ingress] message`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from migrate.findings import Finding, Severity

# A file name may hold line breaks and control characters; a finding stays one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def text_line(finding: Finding, shown: Callable[[str | None], str | None]) -> str:
    where = printable(shown(finding.file) or "-")
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
