"""The authors' comments in a manifest, attached to the field they describe.

A comment on its own line describes the field written on the next line that holds one, unless that field is
indented less than the comment: then the comment closes the block above it (commented-out paths at the end
of a list) and describes the innermost field before it that is indented no deeper. A comment at the end of a
line describes the most specific field that starts on that line. Comments before the first field
of a document (the file or document header) belong to the whole document. The converter later takes the
comments of each construct it generates from, most specific first, so every comment lands next to the
generated object, rule, match or backend that came from the field it described.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

Path = tuple[str | int, ...]
Comment = tuple[int, str]  # (0-based line, text)

# Tool directives that would mislead editors and linters if copied onto another kind of object.
_DIRECTIVES = ("yaml-language-server:", "$schema", "kics-scan", "checkov:skip", "nosec")


@dataclass
class Comments:
    """Comments of one document, each with the path of the field it describes."""

    entries: list[tuple[int, Path, str]] = field(default_factory=list)
    # For each path prefix, the positions in `entries` of the comments at or below it; built on the first
    # `take`, so that taking the comments of every rule, path and backend of a large Ingress stays linear.
    _below: dict[Path, list[int]] | None = field(default=None, init=False, repr=False, compare=False)
    _taken: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def take(self, prefix: Path) -> list[Comment]:
        """Remove and return, in file order, every comment at `prefix` or below it."""
        if self._below is None:
            self._below = {}
            for position, (_, path, _) in enumerate(self.entries):
                for size in range(len(path) + 1):
                    self._below.setdefault(path[:size], []).append(position)
        found = [p for p in self._below.pop(prefix, ()) if p not in self._taken]
        if not found:
            return []
        self._taken.update(found)
        taken = [self.entries[p] for p in found]
        return [(line, text) for line, _, text in sorted(taken, key=lambda e: e[0])]


def texts(comments: list[Comment] | tuple[Comment, ...]) -> list[str]:
    """The texts of comments, in file order, each once."""
    return list(dict.fromkeys(text for _, text in sorted(comments)))


def scan_comments(
    lines: list[str],
    spans: list[tuple[int, int, int, int]],
    line_paths: dict[int, list[Path]],
    regions: list[tuple[int, int]],
    columns: dict[Path, int] | None = None,
) -> Comments:
    """Find the comments of the line ranges `regions` (0-based, both ends included) and attach each to a path.

    `spans` are the (start line, start column, end line, end column) of quoted and block scalars, inside
    which `#` is text; `line_paths` lists, per line, the paths of the fields that start there, outermost
    first; `columns` gives the 0-based column where each path starts.
    """
    covered = _covered(spans)
    path_lines = sorted(line_paths)
    found = Comments()
    end_line = max(end for _, end in regions)
    numbers = sorted({n for first, last in regions for n in range(first, min(last + 1, len(lines)))})
    for number in numbers:
        line = lines[number]
        if "#" not in line:
            continue
        column = _comment_column(line, covered.get(number, ()))
        if column is None:
            continue
        # Keep the author's indentation inside the comment (commented-out YAML), minus the usual one space.
        text = line[column + 1 :].rstrip()
        text = text[1:] if text.startswith(" ") else text
        if not text.strip() or text.lstrip().startswith(_DIRECTIVES):
            continue
        if line[:column].strip():
            path = _deepest_at_or_before(number, line_paths, path_lines)
        else:
            path = _own_line(number, column, end_line, line_paths, path_lines, columns or {})
        found.entries.append((number, path, text))
    return found


def _covered(spans: list[tuple[int, int, int, int]]) -> dict[int, list[tuple[int, int]]]:
    covered: dict[int, list[tuple[int, int]]] = {}
    for start_line, start_col, end_line, end_col in spans:
        for number in range(start_line, end_line + 1):
            low = start_col if number == start_line else 0
            high = end_col if number == end_line else 1 << 30
            covered.setdefault(number, []).append((low, high))
    return covered


def _comment_column(line: str, covered: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> int | None:
    column = line.find("#")
    while column != -1:
        starts_comment = column == 0 or line[column - 1] in " \t"
        if starts_comment and not any(low <= column < high for low, high in covered):
            return column
        column = line.find("#", column + 1)
    return None


def _deepest_at_or_before(number: int, line_paths: dict[int, list[Path]], path_lines: list[int]) -> Path:
    if number in line_paths:
        return line_paths[number][-1]
    index = bisect_left(path_lines, number)
    return line_paths[path_lines[index - 1]][-1] if index else ()


def _own_line(
    number: int,
    column: int,
    end_line: int,
    line_paths: dict[int, list[Path]],
    path_lines: list[int],
    columns: dict[Path, int],
) -> Path:
    after = _outermost_after(number, end_line, line_paths, path_lines)
    if after and columns.get(after, column) >= column:
        return after
    # The block above ends here: the innermost earlier field that starts at or left of the comment.
    for index in range(bisect_left(path_lines, number) - 1, -1, -1):
        for path in reversed(line_paths[path_lines[index]]):
            if columns.get(path, 0) <= column:
                return path
    return after


def _outermost_after(number: int, end_line: int, line_paths: dict[int, list[Path]], path_lines: list[int]) -> Path:
    index = bisect_right(path_lines, number)
    if index < len(path_lines) and path_lines[index] <= end_line:
        return line_paths[path_lines[index]][0]
    return ()
