"""verify runs over every real-world manifest without a traceback."""

from __future__ import annotations

from conftest import shared
from typer.testing import CliRunner

from migrate.cli import app


def test_real_world_corpus_verifies_without_error() -> None:
    corpus = shared("corpus", "real-world")
    result = CliRunner().invoke(app, ["verify", "--hide-explained", str(corpus)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr.splitlines()[-1].startswith("ingress-migrate: verify: ")
    assert all(" IM95" in line for line in result.stdout.splitlines())
