"""Planned file changes as a unified diff, the way `git diff` shows them (`--- a/path`, `+++ b/path`,
`/dev/null` for a created or deleted file), so `ingress-migrate diff | git apply` makes the same change."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from migrate.workflow.changes import Change

NO_NEWLINE = "\\ No newline at end of file\n"
BOLD, RED, GREEN, CYAN, RESET = "\033[1m", "\033[31m", "\033[32m", "\033[36m", "\033[0m"


def unified_diff(changes: Sequence[Change], shown: Callable[[str], str], color: bool = False) -> str:
    return "".join(_one(change, shown(change.path), color) for change in changes)


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)


def _one(change: Change, path: str, color: bool) -> str:
    before = "/dev/null" if change.before is None else f"a/{path}"
    after = "/dev/null" if change.after is None else f"b/{path}"
    out = []
    for line in difflib.unified_diff(_lines(change.before), _lines(change.after), before, after):
        complete = line if line.endswith("\n") else f"{line}\n{NO_NEWLINE}"
        out.append(_paint(complete) if color else complete)
    return "".join(out)


def _paint(line: str) -> str:
    if line.startswith(("---", "+++")):
        colour = BOLD
    elif line.startswith("@@"):
        colour = CYAN
    elif line.startswith("-"):
        colour = RED
    elif line.startswith("+"):
        colour = GREEN
    else:
        return line
    body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    return f"{colour}{body}{RESET}{newline}"
