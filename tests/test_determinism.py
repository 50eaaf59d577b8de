"""Same input, same bytes; orders that carry no meaning change nothing; converting the output changes nothing."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from support import cli, dump, ingress, rule, service, write

EXAMPLE = REPO / "examples" / "shop"

FILES = {
    "web.yaml": dump(
        ingress(
            "web",
            [rule("web.example.com", ("/", "Prefix", "web", "http"), ("/static", "Prefix", "cdn", 80))],
            namespace="web",
            tls=[{"hosts": ["web.example.com"], "secretName": "web-tls"}],
        ),
        service("web", [{"name": "http", "port": 80, "targetPort": 8080}], namespace="web"),
    ),
    "api.yaml": dump(
        ingress("api", [rule("api.example.com", ("/v1", "Prefix", "api", 80))], namespace="api"),
        ingress("docs", [rule("docs.example.com", ("/", "Prefix", "docs", 80))], namespace="api"),
    ),
    "classes.yaml": dump(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "IngressClass",
            "metadata": {"name": "nginx"},
            "spec": {"controller": "k8s.io/ingress-nginx"},
        }
    ),
    "catch-all.yaml": dump(ingress("fallback", default_backend={"service": {"name": "nf", "port": {"number": 80}}})),
}


def test_same_input_same_bytes() -> None:
    first = cli("convert", str(EXAMPLE))
    second = cli("convert", str(EXAMPLE))
    assert first.exit_code == 0
    assert first.stdout == second.stdout and first.stderr == second.stderr
    json_first, json_second = cli("convert", "-o", "json", str(EXAMPLE)), cli("convert", "-o", "json", str(EXAMPLE))
    assert json_first.stdout == json_second.stdout


def test_file_order_on_the_command_line_does_not_matter(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    outputs = set()
    for order in itertools.permutations(sorted(FILES)):
        run = cli("convert", *(str(tmp_path / name) for name in order))
        assert run.exit_code == 0, run.stderr
        outputs.add((run.stdout, "\n".join(sorted(run.finding_lines))))
    assert len(outputs) == 1


def test_document_order_does_not_matter(tmp_path: Path) -> None:
    documents = list(FILES.values())
    outputs = set()
    for index, order in enumerate(itertools.permutations(documents)):
        single = write(tmp_path / str(index), {"all.yaml": "---\n".join(order)})
        outputs.add(cli("convert", str(single / "all.yaml")).stdout)
    assert len(outputs) == 1


def test_the_example_converts_cleanly() -> None:
    """The README's first command."""
    run = cli("convert", str(EXAMPLE))
    assert run.exit_code == 0
    assert not [line for line in run.finding_lines if ": error " in line or ": warning " in line]
    kinds = [d["kind"] for d in run.documents]
    assert kinds.count("Gateway") == 1 and kinds.count("HTTPRoute") >= 6 and "ReferenceGrant" in kinds


@pytest.mark.parametrize("output", [pytest.param("yaml", id="yaml"), pytest.param("json", id="json")])
def test_converting_the_output_yields_nothing(tmp_path: Path, output: str) -> None:
    out = tmp_path / "out"
    assert cli("convert", "-o", output, str(EXAMPLE), "--output-dir", str(out)).exit_code == 0
    again = cli("convert", "-o", output, str(out))
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1].startswith("ingress-migrate: 0 Ingresses converted into 0 objects")
    stream = tmp_path / "stream.yaml"
    stream.write_text(cli("convert", str(EXAMPLE)).stdout, encoding="utf-8")
    assert cli("convert", str(stream)).stdout == ""


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_rerunning_output_dir_changes_no_byte(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("convert", str(EXAMPLE), "--output-dir", str(out))
    first = _snapshot(out)
    assert len(first) >= 4
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    cli("convert", str(EXAMPLE), "--output-dir", str(out))
    assert _snapshot(out) == first
    assert set(mtimes) == {p for p in out.rglob("*") if p.is_file()}  # no temporary file left behind


def test_output_dir_inside_the_repository_is_idempotent(tmp_path: Path) -> None:
    """Writing routes beside the sources, then converting the tree again (generated files included): the
    inputs are untouched and a second run changes no byte."""
    repo = tmp_path / "shop"
    shutil.copytree(EXAMPLE, repo)
    inputs = _snapshot(repo)
    first = cli("convert", str(repo), "--output-dir", str(repo))
    assert first.exit_code == 0, first.stderr
    after_first = _snapshot(repo)
    assert {k: v for k, v in after_first.items() if k in inputs} == inputs
    assert any(k.endswith(".routes.yaml") for k in after_first)
    assert cli("convert", str(repo), "--output-dir", str(repo)).exit_code == 0
    assert _snapshot(repo) == after_first
