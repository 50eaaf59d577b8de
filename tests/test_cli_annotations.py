"""`ingress-migrate annotations`: the support table on stdout in three formats, usage errors with exit 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from migrate.annotations import registry
from migrate.cli import app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["annotations", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_every_annotation_with_status_and_code() -> None:
    code, out, err = _run()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == len(registry())
    limit = next(line for line in lines if line.startswith("nginx.ingress.kubernetes.io/limit-rps "))
    assert limit.split()[1:3] == ["policy", "IM580"]
    assert any(line.startswith("nginx.ingress.kubernetes.io/secure-backends ") and " legacy " in line for line in lines)


def test_json_is_a_list_of_rows() -> None:
    code, out, _ = _run("-o", "json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == len(registry())
    assert set(items[0]) == {"annotation", "status", "becomes", "code", "family", "aliasOf", "why", "use"}


def test_markdown_is_a_table() -> None:
    code, out, _ = _run("--output", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| Annotation | Status | Becomes | Finding | Family |"
    assert len(lines) == len(registry()) + 2


def test_custom_prefix_is_used_in_every_name() -> None:
    code, out, _ = _run("--annotation-prefix", "ingress.example.com", "-o", "json")
    assert code == 0
    assert all(item["annotation"].startswith("ingress.example.com/") for item in json.loads(out))


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--annotation-prefix", "not a prefix"], id="bad-prefix"),
        pytest.param(["-o", "yaml"], id="unknown-format"),
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, out, err = _run(*args)
    assert code == 2 and out == ""
    assert "Error" in err
