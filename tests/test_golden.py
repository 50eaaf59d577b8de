"""Every golden case converts to exactly its expected output and findings."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from deepdiff import DeepDiff
from golden_cases import Case, cases, run


def _parse(text: str, as_json: bool) -> Any:
    return json.loads(text) if as_json else list(yaml.safe_load_all(text))


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_golden(case: Case, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    result = run(case, monkeypatch)
    findings_file = case.folder / "findings.txt"
    if update_golden:
        case.expected.write_text(result.stdout, encoding="utf-8")
        if result.findings:
            findings_file.write_text("\n".join(result.findings) + "\n", encoding="utf-8")
        else:
            findings_file.unlink(missing_ok=True)
    expected = case.expected.read_text(encoding="utf-8")
    as_json = case.expected.suffix == ".json"
    difference = DeepDiff(_parse(expected, as_json), _parse(result.stdout, as_json), verbose_level=2)
    assert not difference, f"{case.name}: output differs from {case.expected.name}:\n{difference.pretty()}"
    assert result.stdout == expected, f"{case.name}: same objects, different text (layout or comments)"
    wanted = findings_file.read_text(encoding="utf-8").splitlines() if findings_file.exists() else []
    assert result.findings == wanted
    failing = (": error ", ": warning ") if "--strict" in case.args else (": error ",)
    assert result.exit_code == (1 if any(s in line for line in wanted for s in failing) else 0)
