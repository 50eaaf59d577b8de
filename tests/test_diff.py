"""`diff`: what --in-place would do, as a diff; exit 0 nothing to change, 1 something, 2 usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from workflow_trees import ingress, run, snapshot, write

from migrate.cli.diff import use_color
from migrate.formats.diff import NO_NEWLINE, unified_diff
from migrate.workflow.changes import Change


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, {"apps/ingress.yaml": ingress("shop", "shop.example.com")})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_writes_nothing_and_exits_1(tree: Path) -> None:
    before = snapshot(tree)
    code, stdout, stderr = run("diff", "--remove-ingress", ".")
    assert code == 1
    assert snapshot(tree) == before
    assert "--- /dev/null\n+++ b/apps/ingress.routes.yaml\n" in stdout
    assert "--- a/apps/ingress.yaml\n+++ /dev/null\n" in stdout
    assert "\033[" not in stdout, "no colour in a pipe"
    assert stderr.splitlines()[-1].endswith("files: 2 to create, 1 to delete")


def test_nothing_to_change_exits_0(tree: Path) -> None:
    run("convert", "--in-place", ".")
    assert run("diff", ".")[:2] == (0, "")


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["diff", "-"], id="stdin"),
        pytest.param(["diff", "missing"], id="missing-path"),
        pytest.param(["diff", "--gateway", "nope", "."], id="bad-option"),
        pytest.param(["convert", "--remove-ingress", "."], id="remove-without-in-place"),
        pytest.param(["convert", "--in-place", "--output-dir", "out", "."], id="in-place-and-output-dir"),
        pytest.param(["convert", "--in-place", "-"], id="in-place-stdin"),
    ],
)
def test_usage_errors_exit_2(tree: Path, arguments: list[str]) -> None:
    assert run(*arguments)[0] == 2
    assert snapshot(tree) == {"apps/ingress.yaml": ingress("shop", "shop.example.com").encode()}


def test_forced_colour(tree: Path) -> None:
    _, stdout, _ = run("diff", "--color", ".")
    assert "\033[32m+apiVersion" in stdout and "\033[1m+++ b/apps/ingress.routes.yaml\033[0m" in stdout


@pytest.mark.parametrize(
    ("flag", "tty", "no_color", "expected"),
    [
        pytest.param(None, True, "", True, id="terminal"),
        pytest.param(None, False, "", False, id="pipe"),
        pytest.param(None, True, "1", False, id="NO_COLOR"),
        pytest.param(True, False, "1", True, id="--color wins"),
        pytest.param(False, True, "", False, id="--no-color"),
    ],
)
def test_use_color(
    monkeypatch: pytest.MonkeyPatch, flag: bool | None, tty: bool, no_color: str, expected: bool
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color(flag) is expected


def test_missing_final_newline_is_marked() -> None:
    text = unified_diff([Change("a.yaml", b"a\nb", b"a\nc\n")], lambda p: p)
    assert text.endswith(f"-b\n{NO_NEWLINE}+c\n")
