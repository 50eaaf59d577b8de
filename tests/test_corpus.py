"""Every file of the real-world corpus and of the Helm templates converts without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared
from support import check_gateway_api, cli


def _files(folder: str) -> list[Path]:
    root = shared("corpus", folder)
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "folder", [pytest.param("real-world", id="real-world"), pytest.param("helm-templates", id="helm")]
)
def test_every_corpus_file_converts(folder: str) -> None:
    files = _files(folder)
    assert files
    crashed, converted = [], 0
    for file in files:  # hidden folders too: each file is named explicitly
        run = cli("convert", str(file))
        if run.exit_code not in (0, 1) or "Traceback" in run.stderr:
            crashed.append(f"{file}: exit {run.exit_code}: {run.stderr.strip().splitlines()[-1:]}")
            continue
        assert run.stderr.splitlines()[-1].startswith("ingress-migrate: ")
        if run.stdout:
            check_gateway_api(run.documents)
            converted += 1
    assert not crashed, "\n".join(crashed)
    if folder == "helm-templates":  # not YAML: each one is refused with a clear finding, never converted
        assert converted == 0
    else:
        assert converted > len(files) // 2


def test_the_whole_corpus_at_once() -> None:
    root = shared("corpus")
    run = cli("convert", str(root / "real-world"), str(root / "helm-templates"))
    assert run.exit_code == 1  # some input is bad, the rest converts
    check_gateway_api(run.documents)
    helm = [line for line in run.finding_lines if " IM002 " in line]
    assert helm and all("helm-templates/" in line for line in helm)
