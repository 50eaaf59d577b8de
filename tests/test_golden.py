"""Every golden case converts to exactly its expected output and findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from deepdiff import DeepDiff
from golden_cases import Case, cases, run
from support import check_gateway_api, load_all


def _parse(text: str, as_json: bool) -> Any:
    return json.loads(text) if as_json else load_all(text)


def _documents(text: str, as_json: bool) -> list[dict[str, Any]]:
    parsed = _parse(text, as_json)
    return list(parsed["items"]) if as_json else list(parsed)


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _compare(name: str, expected: str, actual: str, as_json: bool) -> None:
    difference = DeepDiff(_parse(expected, as_json), _parse(actual, as_json), verbose_level=2)
    assert not difference, f"{name}: output differs:\n{difference.pretty()}"
    assert actual == expected, f"{name}: same objects, different text (layout or comments)"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_golden(case: Case, monkeypatch: pytest.MonkeyPatch, update_golden: bool, tmp_path: Path) -> None:
    findings_file = case.folder / "findings.txt"
    as_json = "json" in case.args or "-ojson" in case.args
    out = tmp_path / "out" if case.tree else None
    result = run(case, monkeypatch, out)
    actual = _tree(out) if out is not None and out.exists() else {}
    if update_golden:
        if out is not None:
            folder = case.expected  # taken before the folder is removed: removing it changes `expected`
            shutil.rmtree(folder)
            if out.exists():
                shutil.copytree(out, folder)
            else:
                folder.mkdir()
        else:
            case.expected.write_text(result.stdout, encoding="utf-8")
        if result.findings:
            findings_file.write_text("\n".join(result.findings) + "\n", encoding="utf-8")
        else:
            findings_file.unlink(missing_ok=True)
    if out is not None:
        assert result.stdout == "", "with --output-dir nothing goes to standard output"
        expected = _tree(case.expected)
        assert sorted(actual) == sorted(expected), f"{case.name}: other files written"
        documents = []
        for name, text in expected.items():
            _compare(f"{case.name}/{name}", text, actual[name], name.endswith(".json"))
            documents += _documents(text, name.endswith(".json"))
    else:
        expected_text = case.expected.read_text(encoding="utf-8")
        _compare(f"{case.name}/{case.expected.name}", expected_text, result.stdout, as_json)
        documents = _documents(expected_text, as_json) if expected_text else []
    check_gateway_api(documents)  # every expected output keeps Gateway API's limits and references
    wanted = findings_file.read_text(encoding="utf-8").splitlines() if findings_file.exists() else []
    assert result.findings == wanted
    failing = (": error ", ": warning ") if "--strict" in case.args else (": error ",)
    assert result.exit_code == (1 if any(s in line for line in wanted for s in failing) else 0)
