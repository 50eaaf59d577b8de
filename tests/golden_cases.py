"""Golden cases: `golden/<case>/` holds an input (`input.yaml`, `input.json` or an `input/` folder), the
expected output (`expected.yaml` or `expected.json`), optional `findings.txt` (the findings, one per line)
and optional `args` (extra command-line arguments, shell syntax)."""

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
    def expected(self) -> Path:
        as_json = "json" in self.args or "-ojson" in self.args
        return self.folder / ("expected.json" if as_json else "expected.yaml")


@dataclass(frozen=True)
class Run:
    stdout: str
    findings: list[str]
    exit_code: int


def cases() -> list[Case]:
    return [Case(p) for p in sorted(GOLDEN.iterdir()) if p.is_dir()]


def run(case: Case, monkeypatch: object) -> Run:
    """Convert a case from inside its folder, so findings name `input.yaml` as a user would see it."""
    monkeypatch.chdir(case.folder)  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, ["convert", *case.args, case.input], catch_exceptions=False)
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith("ingress-migrate: "), result.stderr
    return Run(result.stdout, lines[:-1], result.exit_code)
