"""Golden cases: `golden/<case>/` holds an input (`input.yaml`, `input.json` or an `input/` folder), the
expected output (`expected.yaml` or `expected.json` for standard output, or an `expected/` folder: the case
then runs with `--output-dir` and the folder holds every file written), optional `findings.txt` (the
findings, one per line) and optional `args` (extra command-line arguments, shell syntax; a lone `-` means
the input is fed on standard input instead of being named)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from migrate.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@dataclass(frozen=True)
class Case:
    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def input(self) -> str:
        found = sorted(p.name for p in self.folder.iterdir() if p.name == "input" or p.stem == "input")
        assert len(found) == 1, f"{self.folder}: exactly one input expected, found {found}"
        return found[0]

    @property
    def args(self) -> list[str]:
        file = self.folder / "args"
        return shlex.split(file.read_text(), comments=True) if file.exists() else []

    @property
    def stdin(self) -> bool:
        return "-" in self.args

    @property
    def tree(self) -> bool:
        """The expected output is a folder of files written with --output-dir."""
        return (self.folder / "expected").is_dir()

    @property
    def expected(self) -> Path:
        if self.tree:
            return self.folder / "expected"
        as_json = "json" in self.args or "-ojson" in self.args
        return self.folder / ("expected.json" if as_json else "expected.yaml")


VERIFY_SUMMARY = "ingress-migrate: verify: "


@dataclass(frozen=True)
class Run:
    stdout: str
    findings: list[str]
    exit_code: int
    verify: str | None  # the summary line of the verification convert runs after converting, if any converted
    summary: str  # convert's own summary line


def cases() -> list[Case]:
    return [Case(p) for p in sorted(GOLDEN.iterdir()) if p.is_dir()]


def run(case: Case, monkeypatch: object, output_dir: Path | None = None) -> Run:
    """Convert a case from inside its folder, so findings name `input.yaml` as a user would see it."""
    monkeypatch.chdir(case.folder)  # type: ignore[attr-defined]
    args = ["convert", *case.args]
    stdin = None
    if case.stdin:
        stdin = (case.folder / case.input).read_bytes()
    else:
        args.append(case.input)
    if output_dir is not None:
        args += ["--output-dir", str(output_dir)]
    result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
    lines = result.stderr.splitlines()
    verify = [line for line in lines if line.startswith(VERIFY_SUMMARY)]
    lines = [line for line in lines if not line.startswith(VERIFY_SUMMARY)]
    assert lines and lines[-1].startswith("ingress-migrate: "), result.stderr
    assert len(verify) <= 1, result.stderr
    return Run(result.stdout, lines[:-1], result.exit_code, verify[0] if verify else None, lines[-1])
