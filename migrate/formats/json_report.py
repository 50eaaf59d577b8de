"""Findings as one JSON document with a stable shape (`SCHEMA` changes only when a key is removed).

    {"schema": 1, "tool": {"name": "ingress-migrate", "version": "..."},
     "summary": {"ingresses": 3, "objects": 5, "error": 0, "warning": 2, "info": 1},
     "findings": [{"code": "IM201", "name": "host-invalid", "severity": "error", "file": "apps/web.yaml",
                   "line": 12, "column": 9, "ingress": "web/site", "field": "spec.rules[0].host",
                   "message": "..."}]}

Keys are always present; a value that does not apply is null. Paths are relative to the repository root.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from migrate import __version__
from migrate.findings import Finding, Severity

SCHEMA = 1


def json_report(findings: Sequence[Finding], ingresses: int, objects: int) -> str:
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    document = {
        "schema": SCHEMA,
        "tool": {"name": "ingress-migrate", "version": __version__},
        "summary": {"ingresses": ingresses, "objects": objects, **counts},
        "findings": [
            {
                "code": f.code.id,
                "name": f.code.name,
                "severity": f.severity.value,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "ingress": f.ingress,
                "field": f.field,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
