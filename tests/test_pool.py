"""Reading in worker processes gives exactly what a serial read gives: same objects, order and findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.cli.inputs import InputSet
from migrate.cli.pool import read_all
from migrate.convert import convert_inputs, read_inputs
from migrate.findings import Findings
from migrate.options import Options
from migrate.output import yaml_stream
from migrate.render import Renderer

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _convert(read: object) -> tuple[str, list[str]]:
    findings = Findings()
    inputs = InputSet([str(GOLDEN)])
    if read == "serial":
        model = read_inputs(inputs.files(findings), Options(), findings)
    else:
        # Every file after the first goes to the pool, in chunks.
        model = read_all(inputs.files(findings), Options(), findings, workers=2, serial_bytes=1)
    result = convert_inputs(model, Options(), findings)
    renderer = Renderer()
    text = yaml_stream([renderer.render(obj) for obj in result.objects])
    return text, [f"{f.file}:{f.line}:{f.column} {f.code.id} {f.message}" for f in findings.sorted()]


@pytest.mark.parametrize("chunk_files", [pytest.param(1, id="one-file-chunks"), pytest.param(7, id="seven")])
def test_parallel_read_is_the_serial_read(monkeypatch: pytest.MonkeyPatch, chunk_files: int) -> None:
    monkeypatch.setattr("migrate.cli.pool.CHUNK_FILES", chunk_files)
    serial_text, serial_findings = _convert("serial")
    parallel_text, parallel_findings = _convert("parallel")
    assert serial_findings
    assert parallel_text == serial_text
    assert parallel_findings == serial_findings
