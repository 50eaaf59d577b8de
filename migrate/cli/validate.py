"""`ingress-migrate validate`: check Gateway API objects against CRDs as a kube-apiserver would on create.

One line per error on stdout, `file:line: document N: Kind namespace/name: field.path: message`; notes and
the summary on stderr. Exit 0 all valid, 1 invalid (or unreadable YAML), 2 usage (bad or missing CRDs,
unreadable input). Also `convert --validate` (`OutputCheck`).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrate.cli.common import Paths, check_paths
from migrate.cli.inputs import STDIN

if TYPE_CHECKING:  # the validator is imported when a command runs, so that --help stays quick
    from migrate.apiserver.celrules import Engine
    from migrate.apiserver.crds import Catalog
    from migrate.apiserver.validate import Report
    from migrate.findings import Finding
    from migrate.gateway.ir import Object
    from migrate.render import Rendered
    from migrate.yamldoc import Document, Positions

PREFIX = "ingress-migrate"
CEL_EXTRA = "ingress-migrate[cel]"
NO_CEL = (
    f"{PREFIX}: warning: x-kubernetes-validations (CEL) rules were NOT checked: the CEL package is not "
    f"installed; install it with pip install '{CEL_EXTRA}'"
)

Crds = Annotated[
    list[str] | None,
    typer.Option(
        "--crds",
        metavar="CRDS",
        help="CRD files or directories: a release's standard-install.yaml or experimental-install.yaml, a folder "
        "of CRD files, or `kubectl get crd -o yaml` output. Repeat for several; a CRD given twice keeps its last "
        "definition.",
    ),
]


def read_catalog(paths: list[str]) -> Catalog:
    """The CRDs under `paths`; a usage error (exit 2) when one cannot be read or none is found."""
    from migrate.apiserver.crds import read_crds
    from migrate.cli.inputs import InputSet
    from migrate.findings import Findings
    from migrate.formats.text import text_line

    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise typer.BadParameter(f"{path}: no such file or directory", param_hint="--crds")
    inputs = InputSet(paths)
    findings = Findings()
    catalog, problems = read_crds(inputs.files(findings))
    lines = [text_line(f, inputs.shown) for f in findings.sorted()]
    for problem in problems:
        where = inputs.shown(problem.file) or problem.file
        lines.append(f"{where}{f':{problem.line}' if problem.line else ''}: {problem.message}")
    if not lines and not len(catalog):
        lines.append(f"no CustomResourceDefinition found in {' '.join(paths)}")
    if lines:
        raise typer.BadParameter("\n".join(lines), param_hint="--crds")
    return catalog


def error_lines(report: Report, where: str, document: int, positions: Positions | None = None) -> list[str]:
    """The report's errors and warnings as output lines."""

    def line(error_path: tuple[str | int, ...]) -> str:
        pos = positions.key(error_path) if positions is not None else None
        return f"{where}:{pos.line}" if pos is not None else where

    head = f"document {document}: {report.subject}"
    out = [f"{line(('apiVersion',))}: {head}: apiVersion: warning: {text}" for text in report.warnings]
    out.extend(f"{line(e.path)}: {head}: {e.field}: {e.detail}" for e in report.errors)
    return out


def cel_notes(engine: Engine | None, reports: Iterable[Report], catalog: Catalog) -> list[str]:
    """What was not checked, one line each, for stderr."""
    notes = [f"{PREFIX}: note: a schema pattern was not checked: {p}" for p in catalog.unchecked_patterns()]
    if engine is None:
        return [*notes, NO_CEL] if any(r.cel_unchecked for r in reports) else notes
    notes.extend(
        f"{PREFIX}: note: CEL rule not checked, {why}: {rule.strip()}" for rule, why in engine.unchecked.items()
    )
    return notes


def cel_status(engine: Engine | None, reports: Sequence[Report]) -> str:
    if engine is None and any(r.cel_unchecked for r in reports):
        return f"CEL rules NOT checked (pip install '{CEL_EXTRA}')"
    if engine is not None and engine.unchecked:
        return f"CEL rules checked, {len(engine.unchecked)} of them could not be"
    return "CEL rules checked"


def _with_duplicates(report: Report, doc: Document, findings: list[Finding]) -> Report:
    """Add the keys written twice in this document (kubectl refuses the file), found back by position."""
    from migrate.apiserver.fielderrors import ErrorType, FieldError, render_path

    where = {place: path for path, place in doc.positions.keys.items()}
    found = [where.get((f.line or 0, f.column or 0)) for f in findings]
    duplicates = tuple(
        FieldError(path, ErrorType.DUPLICATE, f'duplicate field "{render_path(path)}"', "strict")
        for path in found
        if path is not None
    )
    return dataclasses.replace(report, errors=duplicates + report.errors) if duplicates else report


def _summary(reports: list[Report], files: int, catalog: Catalog, engine: Engine | None) -> str:
    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'s' if number != 1 else ''}"

    invalid = sum(not r.valid for r in reports)
    errors = sum(len(r.errors) for r in reports)
    summary = (
        f"{PREFIX}: {count(len(reports), 'object')} in {count(files, 'file')} validated against "
        f"{count(len(catalog), 'CRD')}: {len(reports) - invalid} valid, {invalid} invalid "
        f"({count(errors, 'error')}); {cel_status(engine, reports)}"
    )
    return summary if reports else summary + "; no Gateway API object was found"


def _validate_inputs(paths: list[str], catalog: Catalog, engine: Engine | None) -> int:
    from migrate import codes
    from migrate.apiserver.validate import Validator
    from migrate.cli.inputs import InputSet
    from migrate.findings import Finding, Findings, Severity
    from migrate.formats.text import text_line
    from migrate.yamldoc import load

    inputs = InputSet(paths)
    validator = Validator(catalog, engine)
    unreadable = Findings()
    problems: list[Finding] = []
    reports: list[Report] = []
    files = 0
    for source in inputs.files(unreadable):
        files += 1
        findings = Findings()
        documents = list(load(source, findings, catalog.claims))
        duplicates = [f for f in findings.items if f.code is codes.DUPLICATE_KEY]
        problems.extend(f for f in findings.items if f.code is not codes.DUPLICATE_KEY)
        shown = inputs.shown(source.path) or source.path
        for doc in documents:
            if validator.claims(doc.data):
                report = _with_duplicates(validator.validate(doc.data), doc, duplicates)
                reports.append(report)
                for text in error_lines(report, shown, doc.index + 1, doc.positions):
                    typer.echo(text)
    problems.extend(unreadable.items)
    for finding in sorted(problems, key=Finding.sort_key):
        typer.echo(text_line(finding, inputs.shown), err=True)
    for note in cel_notes(engine, reports, catalog):
        typer.echo(note, err=True)
    typer.echo(_summary(reports, files, catalog, engine), err=True)
    if any(f.code in (codes.UNREADABLE, codes.NO_INPUT) for f in problems):
        return 2
    return 1 if any(not r.valid for r in reports) or any(f.severity is Severity.ERROR for f in problems) else 0


def command(paths: Paths, crds: Crds = None) -> None:
    """Validate Gateway API objects as a kube-apiserver would on create: schema, defaults, list types,
    metadata and CEL rules."""
    from migrate.apiserver.celrules import load_engine
    from migrate.cli.run import guarded

    check_paths(paths)
    if not crds:
        raise typer.BadParameter("give the CRDs to validate against", param_hint="--crds")
    if STDIN in paths and STDIN in crds:
        raise typer.BadParameter("standard input (-) can feed PATH or --crds, not both", param_hint="--crds")
    catalog = read_catalog(crds)
    with guarded():
        sys.exit(_validate_inputs(paths, catalog, load_engine()))


@dataclasses.dataclass
class OutputCheck:
    """`convert --validate`: the generated objects validated before anything is written."""

    catalog: Catalog
    engine: Engine | None
    reports: list[Report] = dataclasses.field(default_factory=list)

    def errors(
        self, objects: Sequence[Object], rendered: Sequence[Rendered], directory: Path | None, as_json: bool
    ) -> list[str]:
        """One line per error of an invalid generated object, against the file it would go to (`directory`,
        or stdout); empty when all are valid."""
        from migrate.apiserver.validate import validate_objects
        from migrate.output import file_name

        extension = "json" if as_json else "yaml"
        # Every generated object is a Gateway API one, so each gets a report.
        self.reports = validate_objects([r.data for r in rendered], self.catalog, self.engine)
        lines: list[str] = []
        documents: dict[str, int] = {}
        for obj, report in zip(objects, self.reports, strict=True):
            where = "<stdout>" if directory is None else (directory / file_name(obj, extension)).as_posix()
            documents[where] = documents.get(where, 0) + 1
            lines.extend(error_lines(report, where, documents[where]))
        return lines

    def notes(self) -> list[str]:
        return cel_notes(self.engine, self.reports, self.catalog)

    def summary(self) -> str:
        invalid = sum(not r.valid for r in self.reports)
        if invalid:
            return f"; nothing written: {invalid} generated object{'s are' if invalid != 1 else ' is'} invalid"
        return f"; output valid against {len(self.catalog)} CRDs, {cel_status(self.engine, self.reports)}"


def output_check(validate: bool, crds: list[str] | None) -> OutputCheck | None:
    """What `convert --validate --crds` checks its output with (a usage error when one goes without the other)."""
    if validate and not crds:
        raise typer.BadParameter("--validate needs the CRDs to validate against", param_hint="--crds")
    if crds and not validate:
        raise typer.BadParameter("the CRDs are read only with --validate; add it", param_hint="--crds")
    if not crds:
        return None
    from migrate.apiserver.celrules import load_engine

    return OutputCheck(read_catalog(crds), load_engine())
