"""Findings as GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=…::message`.

GitHub shows them as annotations on the lines of the pull request. Values are escaped the way the
Actions toolkit does (`@actions/core` command.ts): `%`, CR and LF in the message; also `:` and `,` in the
properties, which would otherwise end a property early.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrate.findings import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding) -> str:
    properties = []
    if finding.file:
        properties.append(f"file={escape_property(finding.file)}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
            if finding.column is not None:
                properties.append(f"col={finding.column}")
    properties.append(f"title={escape_property(f'{finding.code.id} {finding.code.name}')}")
    subject = f"Ingress {finding.ingress}: " if finding.ingress else ""
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(subject + finding.message)}"


def github_report(findings: Sequence[Finding]) -> str:
    return "".join(f"{github_line(f)}\n" for f in findings)
