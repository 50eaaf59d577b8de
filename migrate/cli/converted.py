"""One conversion of the input paths, and what every command reads from it (findings, the summary line)."""

from __future__ import annotations

import gc
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from migrate.cli.inputs import InputSet
from migrate.cli.timing import Timings
from migrate.findings import Finding, Findings, Severity
from migrate.options import Options

if TYPE_CHECKING:  # the pipeline is imported when a command runs, so that --help stays quick
    from migrate.cli.ahead import Ahead
    from migrate.convert import Inputs, Result
    from migrate.render import Rendered
    from migrate.source import SourceFile


@dataclass
class Converted:
    """One conversion of the input paths, with what the workflows need to plan file changes."""

    inputs: InputSet
    findings: Findings
    result: Result
    rendered: list[Rendered]
    sources: dict[str, bytes] = field(default_factory=dict)  # input files by path relative to the root
    timings: Timings = field(default_factory=Timings)  # the commands add their own phases (validate, write)
    manifests: Inputs | None = None  # the Ingresses, Services and IngressClasses read (verify reads them)
    ahead: Ahead | None = None  # the verification running ahead, when the command verifies a large input

    def close(self) -> None:
        """Stop what still runs for this conversion (a verification ahead that was not needed)."""
        if self.ahead is not None:
            self.ahead.close()

    def failing(self, strict: bool) -> bool:
        levels = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(f.severity in levels for f in self.findings.items)

    def reported(self) -> list[Finding]:
        return self.findings.sorted()

    def echo_findings(self, findings: list[Finding] | None = None) -> None:
        """The findings (default: all of them) on stderr, one line each, their paths as the user gave them."""
        from migrate.formats.text import text_line

        for finding in self.reported() if findings is None else findings:
            typer.echo(text_line(finding, self.shown), err=True)

    def summary(self, findings: list[Finding] | None = None) -> str:
        """The closing line: what was converted into what, and the findings counted by severity."""
        from migrate.formats.text import summary

        result = self.result
        return summary(self.reported() if findings is None else findings, len(result.objects), len(result.converted))

    def shown(self, path: str | None) -> str | None:
        """A path relative to the input root as the user can open it from here."""
        shown = self.inputs.shown(path)
        return posixpath.normpath(shown) if shown else shown


def convert_paths(
    paths: list[str], options: Options, templates: Path | None, keep_sources: bool = False, verified: bool = False
) -> Converted:
    """With `verified` (the command will verify the output), the ingress-nginx half of the verification
    starts as soon as the inputs are read, beside the conversion (see `ahead`)."""
    from migrate.cli import ahead
    from migrate.cli.pool import read_all, render_all
    from migrate.cli.progress import Progress, count_files
    from migrate.convert import convert_inputs

    _fewer_collections()
    timings = Timings()
    inputs = InputSet(paths)
    findings = Findings()
    sources: dict[str, bytes] = {}
    progress = Progress()
    files: Iterator[SourceFile] = inputs.files(findings)
    if keep_sources:
        files = _kept(files, sources)
    if progress.enabled:
        files = progress.track(files, "ingress-migrate: reading", count_files(paths))
    with timings.phase("read"):
        read = read_all(files, options, findings)
    early = ahead.start(read, options) if verified else None
    with timings.phase("convert"):
        result = convert_inputs(read, options, findings)
    with timings.phase("render"):
        rendered = render_all(result.objects, templates, sink=early.feed if early else None)
    return Converted(inputs, findings, result, rendered, sources, timings, read, early)


def _fewer_collections() -> None:
    """A conversion allocates millions of small objects that live until it ends and form almost no
    cycles; CPython's default collector thresholds spent a third of the run re-scanning them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)


def _kept(files: Iterator[SourceFile], sources: dict[str, bytes]) -> Iterator[SourceFile]:
    for source in files:
        sources[source.path] = source.data
        yield source
