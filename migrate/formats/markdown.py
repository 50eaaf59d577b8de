"""The review summary in Markdown: what was converted into what, what needs a look, what is left to do.

`report --format markdown` prints it and `pr` uses it as the pull request's description; both add what
`verify` found in the output (`Verification`). Links point at file lines (`path#L12`); the caller decides
what a link looks like (plain relative paths in a report, a commit-pinned `../blob/<sha>/path#L12` in a
pull request, so that line numbers stay right after the Ingresses are removed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from migrate.findings import Finding, Severity
from migrate.gateway.ir import Gateway, GRPCRoute, HTTPRoute, Object, TLSRoute
from migrate.gateway.provenance import SOURCE_INGRESS
from migrate.model import Ingress
from migrate.output import OutputFile

GATEWAY_API_VERSION = "v1.6.1"
MAX_HOSTS = 20
MAX_VERIFY_LINES = 10  # unexplained differences (and unchecked objects) listed; the command lists them all
_SPECIAL = re.compile(r"([\\*_\[\]<>|~])")
HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Notes"}


def escape(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis from `*.example.com`, no HTML from `<stdin>`, no
    broken table from `|`. Backquoted commands stay code when the backquotes pair up."""
    text = _SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    return text if text.count("`") % 2 == 0 else text.replace("`", "\\`")


def _same(path: str) -> str:
    return path


def plain_link(path: str, line: int | None) -> str:
    return f"{path}#L{line}" if line else path


@dataclass(frozen=True)
class Verification:
    """What `ingress-migrate verify` found in the output under review."""

    requests: int
    different: int  # requests answered differently, explained or not
    unexplained: Sequence[Finding]  # one per request answered differently that no finding explains (IM950)
    not_checked: Sequence[Finding]  # what the routing models do not cover (IM954)
    command: str  # the shell command that lists every difference
    where: str = "from the repository root"  # where to run it
    failure: str | None = None  # verify itself failed; nothing else is set


@dataclass(frozen=True)
class Review:
    converted: Sequence[Ingress]
    outputs: Sequence[OutputFile]
    findings: Sequence[Finding]
    path: Callable[[str], str] = _same  # input-root-relative -> repository-relative
    link: Callable[[str, int | None], str] = plain_link  # a repository path (and line) -> a link target
    source_link: Callable[[str, int | None], str] | None = None  # for source files, when they differ
    removed_ingresses: bool = False
    channel: str = "standard"
    verification: Verification | None = None  # when verification ran
    title: str = "Gateway API migration"
    extra: Sequence[str] = field(default_factory=tuple)


def review_markdown(review: Review) -> str:
    objects = [obj for output in review.outputs for obj in output.objects]
    parts = [f"## {escape(review.title)}\n", _overview(review, objects)]
    if review.converted:
        parts.append(_per_namespace(review, objects))
        parts.append(_conversions(review))
    parts.append(_findings(review))
    if review.verification is not None:
        parts.append(_verification(review, review.verification))
    parts.append(_manual_steps(review, objects))
    parts.extend(review.extra)
    return "\n".join(parts)


def _plural(count: int, word: str) -> str:
    suffix = "es" if word.endswith("ss") else "s"
    return f"{count} {word}{'' if count == 1 else suffix}"


def _overview(review: Review, objects: list[Object]) -> str:
    namespaces = {ingress.namespace or "" for ingress in review.converted}
    kinds: dict[str, int] = {}
    for obj in objects:
        kinds[obj.kind] = kinds.get(obj.kind, 0) + 1
    made = ", ".join(_plural(n, kind) for kind, n in kinds.items())
    text = (
        f"**{_plural(len(review.converted), 'Ingress')}** in **{_plural(len(namespaces), 'namespace')}** "
        f"converted into **{_plural(len(objects), 'object')}**{': ' + made if made else ''}."
    )
    if review.removed_ingresses and review.converted:
        text += " The converted Ingress documents were removed from their files."
    counts = {s: sum(1 for f in review.findings if f.severity is s) for s in Severity}
    text += f" Findings: {counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
    text += f"{counts[Severity.INFO]} notes."
    return text + "\n"


def _per_namespace(review: Review, objects: list[Object]) -> str:
    rows: dict[str, list[int]] = {}
    for ingress in review.converted:
        rows.setdefault(ingress.namespace or "", [0, 0, 0])[0] += 1
    for obj in objects:
        rows.setdefault(obj.metadata.namespace or "", [0, 0, 0])[1 if isinstance(obj, HTTPRoute) else 2] += 1
    lines = ["### Per namespace\n", "| Namespace | Ingresses | HTTPRoutes | Other objects |", "|---|--:|--:|--:|"]
    for namespace in sorted(rows):
        ingresses, routes, other = rows[namespace]
        shown = f"`{namespace}`" if namespace else "(none: set by kubectl or kustomize)"
        lines.append(f"| {shown} | {ingresses} | {routes} | {other} |")
    return "\n".join(lines) + "\n"


def _file_link(review: Review, path: str, line: int | None, source: bool = False) -> str:
    shown = review.path(path)
    target = (review.source_link if source and review.source_link else review.link)(shown, line)
    label = f"{shown}:{line}" if line else shown
    return f"[{escape(label)}]({target.replace(' ', '%20')})"


def _conversions(review: Review) -> str:
    made: dict[str, list[str]] = {}
    shared: list[str] = []
    for output in review.outputs:
        link = _file_link(review, output.path, None)
        for obj in output.objects:
            name = f"{obj.kind} `{_ref(obj)}`"
            if obj.metadata.home is None:  # the Gateway's objects; routes and policies belong to Ingresses
                shared.append(f"{name} in {link}")
                continue
            for ref in obj.metadata.annotations.get(SOURCE_INGRESS, "").split(", "):
                made.setdefault(ref, []).append(f"{name} in {link}")
    lines = ["### Ingresses and what they became\n", "| Ingress | Source | Generated |", "|---|---|---|"]
    for ingress in sorted(review.converted, key=lambda i: (i.namespace or "", i.name)):
        pos = ingress.pos(())
        source = _file_link(review, ingress.file, pos.line if pos else None, source=True)
        generated = "<br>".join(made.get(ingress.ref, [])) or "nothing (see the findings)"
        lines.append(f"| `{ingress.ref}` | {source} | {generated} |")
    if shared:
        lines.append("\nShared by the routes: " + "; ".join(shared) + ".")
    return "\n".join(lines) + "\n"


def _ref(obj: Object) -> str:
    return f"{obj.metadata.namespace}/{obj.metadata.name}" if obj.metadata.namespace else obj.metadata.name


def _findings(review: Review) -> str:
    if not review.findings:
        return "### Findings\n\nNone: every behaviour carried over.\n"
    lines = ["### Findings\n"]
    for severity in Severity:
        group = [f for f in review.findings if f.severity is severity]
        if not group:
            continue
        items = [_finding_line(review, f) for f in group]
        heading = f"#### {HEADINGS[severity]} ({len(group)})\n"
        if severity is Severity.INFO and len(group) > 5:
            lines.append(f"<details><summary>{HEADINGS[severity]} ({len(group)})</summary>\n")
            lines.extend(items)
            lines.append("\n</details>\n")
        else:
            lines.append(heading)
            lines.extend(items)
            lines.append("")
    return "\n".join(lines)


def _finding_line(review: Review, finding: Finding) -> str:
    where = _file_link(review, finding.file, finding.line, source=True) if finding.file else "the whole input"
    subject = f" `{finding.ingress}`" if finding.ingress else ""
    return f"- **{finding.code.id}** {finding.code.name} · {where}{subject}: {escape(finding.message)}"


def _verification(review: Review, verification: Verification) -> str:
    if verification.failure is not None:
        return (
            f"### Verification\n\nThe verification did not complete: {escape(verification.failure)}. The "
            "migration is not affected. This is a bug in ingress-migrate: please report it.\n"
        )
    requests, different = verification.requests, verification.different
    unexplained = len(verification.unexplained)
    lines = [
        "### Verification\n",
        f"`ingress-migrate verify` asked a model of ingress-nginx and a model of Gateway API routing the same "
        f"{_plural(requests, 'request')}, made from the Ingresses: each path as written, deeper, past its segment "
        "boundary, with and without its trailing slash, over http and https, and hosts no Ingress names.\n",
        "| Requests checked | Answered differently | Explained | Unexplained |",
        "|--:|--:|--:|--:|",
        f"| {requests} | {different} | {different - unexplained} | {unexplained} |\n",
    ]
    if not different:
        lines.append("Every request was answered as ingress-nginx answered it.\n")
    elif not unexplained:
        lines.append("Every difference is explained by a finding above or by a limit of Gateway API.\n")
    for heading, group in (
        ("Unexplained differences", verification.unexplained),
        ("Not checked", verification.not_checked),
    ):
        if group:
            lines.append(f"#### {heading} ({len(group)})\n")
            lines.extend(_finding_line(review, f) for f in group[:MAX_VERIFY_LINES])
            if len(group) > MAX_VERIFY_LINES:
                lines.append(f"- and {len(group) - MAX_VERIFY_LINES} more")
            lines.append("")
    if different:
        lines.append(
            f"To list every difference with the request and both answers, run {verification.where}:\n\n"
            f"```sh\n{verification.command}\n```\n"
        )
    return "\n".join(lines)


def _manual_steps(review: Review, objects: list[Object]) -> str:
    gateways = [obj for obj in objects if isinstance(obj, Gateway)]
    classes = sorted({g.gateway_class for g in gateways})
    hosts = sorted({h for obj in objects if isinstance(obj, HTTPRoute | GRPCRoute | TLSRoute) for h in obj.hostnames})
    install = "experimental-install.yaml" if review.channel == "experimental" else "standard-install.yaml"
    shown_hosts = ", ".join(f"`{h}`" for h in hosts[:MAX_HOSTS]) + (" and more" if len(hosts) > MAX_HOSTS else "")
    gateway_refs = ", ".join(f"`{_ref(g)}`" for g in gateways) or "the Gateway the routes attach to"
    steps = [
        f"Install the Gateway API {GATEWAY_API_VERSION} CRDs ({review.channel} channel): `kubectl apply "
        f"--server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/"
        f"{GATEWAY_API_VERSION}/{install}`",
        "Install the Gateway implementation and create the GatewayClass"
        + (f" {', '.join(f'`{c}`' for c in classes)}" if classes else "")
        + "; check that the Gateway is `Programmed` and every route `Accepted` with `ResolvedRefs`",
        f"Move DNS{' for ' + shown_hosts if hosts else ''} to the address of {gateway_refs} "
        "(lower the TTLs first; both controllers can serve side by side until the move is done)",
        "Update the NetworkPolicies that admitted traffic from the ingress-nginx pods (or their namespace) so "
        "that they admit the Gateway's data-plane pods instead",
        "Remove ingress-nginx once no traffic reaches it"
        + ("" if review.removed_ingresses else ", and delete the converted Ingresses"),
    ]
    return "### Manual steps that remain\n\n" + "\n".join(f"- [ ] {step}" for step in steps) + "\n"
