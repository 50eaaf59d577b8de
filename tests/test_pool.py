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


def test_parallel_render_is_the_serial_render(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from migrate.cli.pool import render_all

    monkeypatch.setattr("migrate.cli.pool.SERIAL_OBJECTS", 1)
    for number in range(30):
        (tmp_path / f"app-{number}.yaml").write_text(
            f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-{number}
  namespace: team-{number % 4}
spec:
  ingressClassName: nginx
  tls:
  - hosts: [app-{number}.example.com]
    secretName: app-{number}-tls
  rules:
  - host: app-{number}.example.com
    http:
      paths:
      - path: /  # the site
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""
        )
    findings = Findings()
    model = read_inputs(InputSet([str(tmp_path)]).files(findings), Options(), findings)
    objects = convert_inputs(model, Options(), findings).objects
    assert len(objects) > 30
    assert render_all(objects, None, workers=2) == render_all(objects, None, workers=1)


def test_a_render_error_in_a_worker_reaches_the_caller(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from migrate.cli.pool import render_all
    from migrate.render import RenderError

    monkeypatch.setattr("migrate.cli.pool.SERIAL_OBJECTS", 1)
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "httproute.yaml.j2").write_text("kind: [unclosed\n")
    findings = Findings()
    model = read_inputs(InputSet([str(GOLDEN / "basic-prefix-exact")]).files(findings), Options(), findings)
    objects = convert_inputs(model, Options(), findings).objects
    with pytest.raises(RenderError, match="httproute"):
        render_all(objects, overrides, workers=2)
