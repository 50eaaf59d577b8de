"""Differences as findings: one per request that is answered differently, placed at the path, rule or
field of the Ingress that answered it, so that they print like every other finding. Pure."""

from __future__ import annotations

from migrate import codes
from migrate.findings import Finding, Findings
from migrate.model import Ingress, field_name
from migrate.verify.compare import Difference, Report
from migrate.verify.http import Subject
from migrate.yamldoc import Path


def findings(report: Report, explained: bool = True) -> list[Finding]:
    """The report's notes, then a finding per difference (the explained ones too, unless told not to)."""
    collected = Findings()
    collected.extend(report.notes)
    for difference in report.differences:
        if explained or not difference.explained:
            _add(collected, difference, report)
    return collected.items


def summary(report: Report) -> str:
    differences = report.different
    unexplained = len(report.unexplained)
    text = f"ingress-migrate: verify: {report.probes} request{'s' if report.probes != 1 else ''} checked"
    if not differences:
        return f"{text}, all answered as ingress-nginx answered them"
    text += f", {differences} answered differently: {differences - unexplained} explained, {unexplained} unexplained"
    return text


def _add(collected: Findings, difference: Difference, report: Report) -> None:
    request = difference.probe.request
    text = (
        f"{request.show()}: ingress-nginx {difference.nginx.show(request.host)}; Gateway "
        f"{difference.gateway.show(request.host)} [{difference.kind}]"
    )
    if difference.limit is not None:
        code, text = codes.VERIFY_GATEWAY_LIMIT, f"{text}; {difference.limit}"
    elif difference.explanation is not None:
        code, text = codes.VERIFY_EXPLAINED, f"{text}; explained by {_cite(difference.explanation)}"
    else:
        code = codes.VERIFY_DIFFERENCE
        text += "; no finding announces this: check the routes generated for this host and path"
    placed = _place(difference, report)
    if placed is None:
        collected.add(code, text)
        return
    ingress, where = placed
    collected.add(
        code, text, file=ingress.file, pos=ingress.key_pos(where), ingress=ingress.ref, field=field_name(where)
    )


def _cite(finding: Finding) -> str:
    if finding.file is None:
        return finding.code.id
    line = f":{finding.line}" if finding.line is not None else ""
    return f"{finding.code.id} ({finding.file}{line})"


def _place(difference: Difference, report: Report) -> tuple[Ingress, Path] | None:
    """The most telling place: the ingress-nginx location that answered, else the path that asked."""
    candidates = [*difference.nginx.trace.subjects, *difference.probe.origins, *difference.subjects]
    for subject in candidates:
        ingress = report.ingresses.get((subject.file, subject.ingress))
        if ingress is not None:
            return ingress, _where(subject, ingress)
    return None


def _where(subject: Subject, ingress: Ingress) -> Path:
    if subject.rule is not None and subject.path is not None:
        return ("spec", "rules", subject.rule, "http", "paths", subject.path, "path")
    if subject.part == "defaultBackend" and ingress.default_backend_where is not None:
        return ingress.default_backend_where
    if subject.rule is not None:
        return ("spec", "rules", subject.rule, "host")
    if subject.part == "tls":
        return ("spec", "tls")
    return ("metadata", "name")
