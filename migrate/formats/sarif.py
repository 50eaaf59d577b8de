"""Findings as SARIF 2.1.0, the format GitHub code scanning (and most review tools) read.

One run; `tool.driver.rules` holds each code that was found (id, name, summary, default level) and every
result points at its rule by id and index. Locations are `artifactLocation.uri` relative to the repository
root (percent-encoded, as a URI reference must be) with a 1-based `region`. Code scanning refuses results
without a location, so findings about the run as a whole (no file) go to
`invocations[0].toolExecutionNotifications` instead. A `partialFingerprints` entry built from what a
finding is about (code, file, Ingress, field), not its line, keeps an alert the same alert when lines move.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from migrate import __version__
from migrate.findings import Code, Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "ingressMigrateFinding/v1"


def sarif_report(findings: Sequence[Finding]) -> str:
    codes: dict[str, Code] = {}
    for finding in findings:
        codes.setdefault(finding.code.id, finding.code)
    ordered = sorted(codes)
    index = {code: number for number, code in enumerate(ordered)}
    results = [_result(f, index[f.code.id]) for f in findings if f.file]
    notifications = [_notification(f) for f in findings if not f.file]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ingress-migrate",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(codes[code]) for code in ordered],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(code: Code) -> dict[str, Any]:
    return {
        "id": code.id,
        "name": code.name,
        "shortDescription": {"text": code.summary},
        "fullDescription": {"text": f"{code.id} {code.name}: {code.summary}."},
        "defaultConfiguration": {"level": LEVELS[code.severity]},
        "properties": {"tags": ["ingress-nginx", "gateway-api"]},
    }


def _message(finding: Finding) -> str:
    subject = f"Ingress {finding.ingress}: " if finding.ingress else ""
    return subject + finding.message


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(finding.file or "", safe="/")}}
    if finding.line is not None:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    key = "\0".join((finding.code.id, finding.file or "", finding.ingress or "", finding.field or ""))
    return {
        "ruleId": finding.code.id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: hashlib.sha256(key.encode()).hexdigest()[:32]},
    }


def _notification(finding: Finding) -> dict[str, Any]:
    return {
        "descriptor": {"id": finding.code.id},
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
    }
