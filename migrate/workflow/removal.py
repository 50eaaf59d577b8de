"""Removing converted Ingress documents from their files, every other byte kept. Pure.

The file is edited as text, never re-dumped: a removed document takes its own lines (from its `---` to
the next one) and nothing else, so every other document keeps its indentation, quotes, comments, line
endings and byte-order mark exactly. An Ingress inside a `kind: List` (what `kubectl get -o yaml|json`
writes) takes its item's lines (block style) or its characters and one comma (flow style and JSON).
The result is parsed back and must hold exactly the original documents minus the removed ones; anything
else raises `RemovalError` and the file is left alone. (A round-trip through ruamel would re-emit the
whole file and cannot promise that: line widths, empty values and flow styles drift.)

Comments around a removed document (its own were carried into the generated routes):
- comments between its `---` and its first key go with it, except in the file's first document, where
  paragraphs separated from it by a blank line are the file's header (licence, notes) and stay;
- comments after its last value go with it, except paragraphs at column 0 after a blank line, which
  introduce what follows and stay.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from migrate.source import byte_order_mark
from migrate.yamlnodes import SAFE_LOADER

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_MARKER = re.compile(r"(---|\.\.\.)(\s|$)")
_START = re.compile(r"---(\s|$)")


class RemovalError(Exception):
    """The documents could not be removed without touching anything else; the file is kept as it is."""


@dataclass(frozen=True)
class Target:
    """An Ingress to remove: where its object starts (1-based, as `Ingress.pos(())` gives it)."""

    line: int
    column: int
    ref: str


def remove(data: bytes, targets: Collection[Target]) -> bytes | None:
    """The file without the target Ingresses; None when no document is left (delete the file)."""
    bom, encoding = byte_order_mark(data)
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        raise RemovalError("the file is not valid text") from exc
    try:
        nodes = list(yaml.compose_all(text, Loader=SAFE_LOADER))
        original = list(yaml.load_all(text, Loader=SAFE_LOADER))
    except yaml.YAMLError as exc:
        raise RemovalError("the file does not parse as a whole; fix its YAML first") from exc
    new_text, expected = _Editor(text, nodes, original).remove(targets)
    if new_text is None:
        return None
    try:
        found = list(yaml.load_all(new_text, Loader=SAFE_LOADER))
    except yaml.YAMLError as exc:  # pragma: no cover - the checks below exist for what the editor missed
        raise RemovalError("removing the Ingress would break the file's YAML") from exc
    if found != expected:
        raise RemovalError("removing the Ingress would change other documents of the file")
    return bom + new_text.encode(encoding)


class _Editor:
    def __init__(self, text: str, nodes: list[Any], original: list[Any]) -> None:
        self.text = text
        self.nodes = nodes
        self.original = original
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        self.lines = [text[a:b] for a, b in zip(self.starts, [*self.starts[1:], len(text)], strict=True)]
        markers = [i for i, line in enumerate(self.lines) if _START.match(line)]
        self.segments = list(zip([0, *markers], [*markers, len(self.lines)], strict=True))
        self.segments = [(a, b) for a, b in self.segments if a < b]

    def remove(self, targets: Collection[Target]) -> tuple[str | None, list[Any]]:
        wanted = {(t.line - 1, t.column - 1): t for t in targets}
        edits: list[tuple[int, int]] = []
        expected = list(self.original)
        removed_docs: set[int] = set()
        for index, node in enumerate(self.nodes):
            if _empty(node):
                continue
            key = (node.start_mark.line, node.start_mark.column)
            if key in wanted:
                removed_docs.add(index)
                wanted.pop(key)
                continue
            items = _list_items(node)
            hits = [i for i, item in enumerate(items) if (item.start_mark.line, item.start_mark.column) in wanted]
            for i in hits:
                wanted.pop((items[i].start_mark.line, items[i].start_mark.column))
            if hits and len(hits) == len(items):
                removed_docs.add(index)
            elif hits:
                edits.extend(self._item_edits(node, items, hits))
                kept = [v for i, v in enumerate(expected[index]["items"]) if i not in hits]
                expected[index] = {**expected[index], "items": kept}
        if wanted:
            missing = next(iter(wanted.values()))
            raise RemovalError(f"Ingress {missing.ref} was not found at line {missing.line} of the file")
        if all(_empty(node) or i in removed_docs for i, node in enumerate(self.nodes)):
            return None, []
        for index in sorted(removed_docs):
            edits.extend(self._document_edits(self.nodes[index]))
        expected = [doc for i, doc in enumerate(expected) if i not in removed_docs]
        return _apply(self.text, edits), expected

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + column if line < len(self.starts) else len(self.text)

    def _document_edits(self, node: Any) -> Iterator[tuple[int, int]]:
        first = node.start_mark.line
        segment = next(s for s in self.segments if s[0] <= first < s[1])
        start, end = segment
        last = _last_line(node)
        if segment == self.segments[0]:
            lead = start + 1 if _START.match(self.lines[start]) else start
            blanks = [i for i in range(lead, first) if not self.lines[i].strip()]
            keep_to = blanks[-1] + 1 if blanks else lead
            yield self.starts[start], self.starts[lead]
            start = keep_to
        trail = self._kept_trail(last + 1, end)
        yield self.starts[start], self.offset(trail, 0)

    def _kept_trail(self, first: int, end: int) -> int:
        """The first line of the comments after a document that stay: a column-0 paragraph after a blank."""
        blank = next((i for i in range(first, end) if not self.lines[i].strip()), None)
        if blank is None or not any(self.lines[i].startswith("#") for i in range(blank, end)):
            return end
        return blank

    def _item_edits(self, node: Any, items: list[Any], hits: list[int]) -> Iterator[tuple[int, int]]:
        sequence = _items_node(node)
        if sequence.flow_style:
            yield from self._flow_edits(items, set(hits))
            return
        for i in hits:
            start = self._dash_line(items[i])
            end = self._dash_line(items[i + 1]) if i + 1 < len(items) else _last_line(items[i]) + 1
            yield self.starts[start], self.offset(end, 0)

    def _dash_line(self, item: Any) -> int:
        """The line of the `-` that introduces a block sequence item (the item may start on the next line)."""
        offset = self.offset(item.start_mark.line, item.start_mark.column)
        dash = self.text.rfind("-", 0, offset)
        return max(i for i, start in enumerate(self.starts) if start <= dash)

    def _flow_edits(self, items: list[Any], hits: set[int]) -> Iterator[tuple[int, int]]:
        start_of = [self.offset(i.start_mark.line, i.start_mark.column) for i in items]
        end_of = [self.offset(i.end_mark.line, i.end_mark.column) for i in items]
        index = 0
        while index < len(items):
            if index not in hits:
                index += 1
                continue
            last = index
            while last + 1 in hits:
                last += 1
            if last + 1 < len(items):
                yield start_of[index], start_of[last + 1]
            else:  # the run ends the sequence: take the comma before it
                yield end_of[index - 1], end_of[last]
            index = last + 1


def _apply(text: str, edits: list[tuple[int, int]]) -> str:
    out = []
    position = 0
    for start, end in sorted(edits):
        if start < position:
            raise RemovalError("overlapping edits")  # pragma: no cover - the spans are disjoint by construction
        out.append(text[position:start])
        position = end
    out.append(text[position:])
    return "".join(out)


def _last_line(node: Any) -> int:
    """The last line holding part of the node's value (block mappings end where the next token starts)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        line: int = end.line
        return line if end.column > 0 else line - 1
    children = node.value if isinstance(node, yaml.SequenceNode) else [v for pair in node.value for v in pair]
    return max((_last_line(child) for child in children), default=node.start_mark.line)


def _empty(node: Any) -> bool:
    """An empty document (a `---` with nothing after it) holds nothing worth keeping a file for."""
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value)


def _kind(node: Any) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "kind" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def _items_node(node: Any) -> Any:
    return next(v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "items")


def _list_items(node: Any) -> list[Any]:
    kind = _kind(node)
    if kind is None or not kind.endswith("List"):
        return []
    items = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "items"), None)
    return list(items.value) if isinstance(items, yaml.SequenceNode) else []
