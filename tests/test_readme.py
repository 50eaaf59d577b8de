"""The README stays true: its set-up commands, what .ci/run does, and the table of finding codes."""

from __future__ import annotations

import os
import re
import shlex

from conftest import REPO

from migrate.annotations import codes as annotation_codes
from migrate.codes import CORE_CODES, RETIRED

README = REPO / "README.md"
CI = REPO / ".ci" / "run"
START, END = "<!-- codes:start -->", "<!-- codes:end -->"


def _setup_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"\A# [^\n]+\n\n```sh\n(.*?)\n```", text, re.DOTALL)
    assert block, "the README must open with its title and a sh block of set-up commands"
    return block.group(1).splitlines()


def test_readme_opens_with_two_one_line_commands() -> None:
    convert, test = _setup_commands()
    assert convert.startswith("python3 -m venv .venv && ") and "ingress-migrate convert examples/" in convert
    example = convert.rsplit(" ", 1)[1]
    assert (REPO / example).is_dir()
    assert test.startswith("python3 -m venv .venv && ") and "'.[test]'" in test and test.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    _, test = _setup_commands()
    steps = [shlex.split(step) for step in test.split("&&")]
    install = next(step for step in steps if "install" in step)
    runner = steps[-1]
    script = CI.read_text(encoding="utf-8")
    assert os.access(CI, os.X_OK) and script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert "mktemp -d" in script and "-m venv" in script  # a fresh environment every run
    ci_install = next(line for line in script.splitlines() if "pip" in line and " install " in line)
    assert shlex.split(ci_install)[-2:] == install[-2:]  # `install ... -e '.[test]'`, as the README says
    last = shlex.split(script.rstrip().splitlines()[-1])
    assert last[0].endswith(f"/bin/{os.path.basename(runner[0])}") and last[1:] == runner[1:]


def codes_table() -> str:
    rows = ["| code | name | severity | meaning |", "|---|---|---|---|"]
    rows += [
        f"| {c.id} | {c.name} | {c.severity.value} | {c.summary} |" for c in sorted(CORE_CODES, key=lambda c: c.id)
    ]
    return "\n".join(rows)


def test_codes_table_is_current(update_golden: bool) -> None:
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START + "\n", 1)
    _, after = rest.split(END, 1)
    current = f"{before}{START}\n{codes_table()}\n{END}{after}"
    if update_golden:
        README.write_text(current, encoding="utf-8")
    assert text == current, "README codes table is stale: run pytest tests/test_readme.py --update-golden"


def test_codes_are_unique_and_stable() -> None:
    ids = [c.id for c in CORE_CODES]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"IM\d{3}", i) for i in ids)
    assert len({c.name for c in CORE_CODES}) == len(ids)


def test_retired_codes_are_not_reused() -> None:
    assert not {c.id for c in (*CORE_CODES, *annotation_codes())} & RETIRED
