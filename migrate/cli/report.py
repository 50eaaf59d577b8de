"""`ingress-migrate report`: every finding of a conversion as text, JSON, Markdown, SARIF or GitHub commands.

Nothing is written: the conversion runs as `convert --in-place` would, so the report also names what the
repository workflow would find (edited generated files, kustomize patches of converted Ingresses).
"""

from __future__ import annotations

import dataclasses
import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrate.cli.common import (
    AnnotationPrefix,
    Channel,
    Conversion,
    DefaultCertificate,
    ExistingGateway,
    GatewayClass,
    GatewayName,
    GatewayNamespace,
    IngressClasses,
    Namespace,
    Paths,
    ReleaseChannel,
    Templates,
    WatchWithoutClass,
    check_paths,
    conversion,
    run,
)
from migrate.cli.converted import Converted
from migrate.cli.inputs import STDIN
from migrate.findings import Finding, Severity
from migrate.formats.text import text_line
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE

if TYPE_CHECKING:
    from migrate.formats.markdown import Verification


class ReportFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    never = "never"


FAILING = {
    FailOn.error: {Severity.ERROR},
    FailOn.warning: {Severity.ERROR, Severity.WARNING},
    FailOn.never: set(),
}
# Said about files a write created: nothing to report when nothing is written (codes.SHARED_FILES).
WRITE_ONLY = {"IM028"}


def command(
    paths: Paths,
    report_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse is found.")
    ] = FailOn.error,
    output_file: Annotated[
        Path | None, typer.Option("--output-file", help="Write the report to this file instead of stdout.")
    ] = None,
    ingress_class: IngressClasses = None,
    watch_without_class: WatchWithoutClass = False,
    namespace: Namespace = None,
    gateway_namespace: GatewayNamespace = DEFAULT_GATEWAY_NAMESPACE,
    gateway_name: GatewayName = None,
    gateway_class: GatewayClass = None,
    gateway: ExistingGateway = None,
    default_certificate: DefaultCertificate = None,
    templates: Templates = None,
    channel: ReleaseChannel = Channel.standard,
    annotation_prefix: AnnotationPrefix = DEFAULT_ANNOTATION_PREFIX,
    verified: Annotated[
        bool,
        typer.Option(
            "--verify/--no-verify",
            help="With --format markdown: check that the output answers every probe request as ingress-nginx did "
            "and add the result to the review, as `pr` does (the details: `ingress-migrate verify`); it never "
            "changes the exit code.",
        ),
    ] = True,
) -> None:
    """Report every finding (file, line, column, code, severity, message) for review or CI; writes nothing.

    Paths in json, sarif, github and markdown reports are relative to the repository root (the nearest
    folder above the input that holds .git; else the current directory), as code scanning and workflow
    annotations expect.
    """
    check_paths(paths)
    given = conversion(paths, ingress_class, watch_without_class, namespace, gateway_namespace, gateway_name,
                       gateway_class, gateway, default_certificate, templates, channel, annotation_prefix)  # fmt: skip
    run(given, lambda: _run(given, report_format, fail_on, output_file, verified))


def _run(
    given: Conversion, report_format: ReportFormat, fail_on: FailOn, output_file: Path | None, verified: bool
) -> int:
    from migrate.cli.inplace import plan_in_place

    on_disk = STDIN not in given.paths
    converted = given.convert(keep_sources=on_disk, verified=verified and report_format is ReportFormat.markdown)
    try:
        if on_disk:
            plan_in_place(converted, as_json=False, remove_ingress=False, force=False)
        findings = [f for f in converted.reported() if f.code.id not in WRITE_ONLY]
        verification = None
        if report_format is ReportFormat.markdown and verified and converted.result.converted:
            verification = _verification(given, converted)
        text = render(report_format, converted, findings, verification)
        if output_file is not None:
            output_file.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        typer.echo(converted.summary(findings), err=True)
        return 1 if any(f.severity in FAILING[fail_on] for f in findings) else 0
    finally:
        converted.close()


def _verification(given: Conversion, converted: Converted) -> Verification:
    """The review's verify section (only Markdown has one: the other formats list findings, and an
    unexplained difference is `verify`'s to fail on); its summary line on stderr. The command that lists
    the differences runs from the repository root, like the review's paths."""
    from migrate.cli.verification import verify_output

    checked = verify_output(converted, given.options)
    typer.echo(checked.line(), err=True)
    base = repository_root(converted.inputs.root)
    where = "from the repository root" + (", the same input on standard input" if STDIN in given.paths else "")
    return checked.review(given.arguments(base), where)


def render(
    report_format: ReportFormat,
    converted: Converted,
    findings: list[Finding],
    verification: Verification | None = None,
) -> str:
    from migrate.formats.github import github_report
    from migrate.formats.json_report import json_report
    from migrate.formats.markdown import Review, review_markdown
    from migrate.formats.sarif import sarif_report
    from migrate.output import layout

    if report_format is ReportFormat.text:
        return "".join(f"{text_line(f, converted.shown)}\n" for f in findings)
    located = repository_paths(converted)
    relocated = [dataclasses.replace(f, file=located(f.file) if f.file else None) for f in findings]
    result = converted.result
    if report_format is ReportFormat.json:
        return json_report(relocated, len(result.converted), len(result.objects))
    if report_format is ReportFormat.sarif:
        return sarif_report(relocated)
    if report_format is ReportFormat.github:
        return github_report(relocated)
    outputs = layout(result.objects, converted.rendered, False)
    return review_markdown(Review(result.converted, outputs, findings, path=located, verification=verification))


def repository_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds `.git` (a folder, or a file in a worktree)."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd()


def repository_paths(converted: Converted) -> Callable[[str], str]:
    root = converted.inputs.root
    base = repository_root(root)

    def located(path: str) -> str:
        if path == "<stdin>":
            return path
        return Path(os.path.relpath(os.path.abspath(root / path), base)).as_posix()

    return located
