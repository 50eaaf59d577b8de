"""verify over the real-world manifests: every difference it finds is explained by a finding.

Each file is verified on its own (the way a user points the tool at one manifest), and the whole corpus at
once (where Ingresses of different files share hosts and upstreams, as in one cluster).
"""

from __future__ import annotations

from pathlib import Path

from conftest import shared
from typer.testing import CliRunner

from migrate.cli import app

SUMMARY = "ingress-migrate: verify: "
ALL_ALIKE = "all answered as ingress-nginx answered them"


def _verify(*paths: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(app, ["verify", "--hide-explained", *map(str, paths)], catch_exceptions=False)
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith(SUMMARY), result.stderr
    return result.exit_code, result.stdout.splitlines(), lines[-1]


def _clean(summary: str) -> bool:
    return summary.endswith((ALL_ALIKE, " 0 unexplained"))


def test_every_corpus_file_verifies_with_every_difference_explained() -> None:
    root = shared("corpus", "real-world")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json"))
    assert files
    failed = []
    for file in files:
        code, listed, summary = _verify(file)
        unexplained = [line for line in listed if " IM950 " in line]
        if code != 0 or unexplained or not _clean(summary):
            failed.append(f"{file.relative_to(root)}: exit {code}: {summary}\n  " + "\n  ".join(unexplained))
    assert not failed, "\n".join(failed)


def test_the_whole_corpus_verifies_with_every_difference_explained() -> None:
    code, listed, summary = _verify(shared("corpus", "real-world"))
    assert [line for line in listed if " IM950 " in line] == []
    assert all(" IM95" in line for line in listed)  # only verification notes (IM954) are listed
    assert _clean(summary), summary
    assert code == 0
