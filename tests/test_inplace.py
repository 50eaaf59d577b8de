"""`convert --in-place` on whole trees: `tests/inplace/<case>/before` becomes exactly `after`, with the
findings of `findings.txt`; a second run changes nothing; `diff` shows the same change, applicable with
`git apply`. Regenerate with `pytest tests/test_inplace.py --update-golden` and review the diff."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate.cli import app

CASES = Path(__file__).parent / "inplace"


def cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


def args_of(case: Path) -> list[str]:
    file = case / "args"
    return shlex.split(file.read_text()) if file.exists() else []


def invoke(*arguments: str) -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(app, list(arguments), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr.splitlines()


def assert_tree(found: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert sorted(found) == sorted(expected), "different files"
    for path, data in expected.items():
        assert found[path] == data, f"{path} differs"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_in_place(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    work = tmp_path / "repo"
    shutil.copytree(case / "before", work)
    monkeypatch.chdir(work)
    code, stdout, stderr = invoke("convert", "--in-place", *args_of(case), ".")
    assert stdout == ""
    findings = [line for line in stderr if not line.startswith("ingress-migrate: ")]
    if update_golden:
        shutil.rmtree(case / "after", ignore_errors=True)
        shutil.copytree(work, case / "after")
        (case / "findings.txt").write_text("".join(f"{line}\n" for line in findings), encoding="utf-8")
    expected = tree(case / "after")
    assert_tree(tree(work), expected)
    assert findings == (case / "findings.txt").read_text(encoding="utf-8").splitlines()
    assert code == (1 if any(": error " in line for line in findings) else 0)

    # Running twice changes nothing the second time, and diff agrees.
    _, _, again = invoke("convert", "--in-place", *args_of(case), ".")
    assert not [line for line in again if line.startswith(("ingress-migrate: created", "ingress-migrate: modified"))]
    assert_tree(tree(work), expected)
    code, stdout, _ = invoke("diff", *args_of(case), ".")
    assert (code, stdout) == (0, "")


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_diff_is_the_same_change(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "repo"
    shutil.copytree(case / "before", work)
    before = tree(work)
    monkeypatch.chdir(work)
    # click's `stdout` folds CRLF into LF: the patch is taken as the bytes written.
    result = CliRunner().invoke(app, ["diff", "--no-color", *args_of(case), "."], catch_exceptions=False)
    assert result.exit_code == 1
    assert tree(work) == before, "diff wrote something"
    subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=result.stdout_bytes, cwd=work, check=True)
    assert_tree(tree(work), tree(case / "after"))
