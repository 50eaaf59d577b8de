"""YAML and JSON documents with the line and column of every field, and the comments around them.

libyaml (through PyYAML's C parser) composes the node graph; this module turns the nodes of the documents
we care about into plain Python values and records where each field is written. Documents of other kinds
are never built: we only peek at their `kind`, so a large repository costs little more than parsing it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from migrate import codes
from migrate.comments import Comments, scan_comments
from migrate.findings import Findings, Position
from migrate.source import SourceFile, TextProblem, decode, template_action
from migrate.yamlnodes import compose_all, scalar

Path = tuple[str | int, ...]

# Kinds whose documents are built; every other document is skipped after a glance at its `kind`.
WANTED_KINDS = frozenset({"Ingress", "Service", "IngressClass", "ConfigMap"})
Select = Callable[[str, "str | None"], bool]
"""Whether to build a document, from its `kind` and `apiVersion` (when they are plain scalars)."""
# A document holds at most this many nodes once aliases are expanded ("billion laughs" guard).
NODE_BUDGET = 2_000_000
# libyaml composes an alias as a second reference to the anchored node, so a 300-byte "billion laughs"
# composes instantly; only building values expands it. Values reached through aliases are counted on
# their own: real manifests alias a few labels or env lists, never a hundred thousand values.
ALIAS_BUDGET = 100_000
# Kubernetes objects nest a dozen levels; the limit keeps the builder and every later walk over the
# data far from Python's recursion limit (libyaml refuses past 1,000 levels itself).
MAX_DEPTH = 100
# The apiserver refuses requests over 3 MiB (and etcd stores objects up to 1.5 MiB): a bigger object is
# not a manifest anyone applied, and building it would only cost memory.
MAX_OBJECT_BYTES = 3 << 20

_DOC_MARKER = re.compile(r"^(---|\.\.\.)(\s|$)")


class BudgetExceeded(Exception):
    """A document expands past the node budget or nests too deep."""


Place = tuple[int, int]  # 1-based line and column


@dataclass
class Positions:
    """Where each field of a document is written, by path from the document root.

    The maps hold plain `(line, column)` pairs: a document has one per field, they are built for every
    Ingress read and sent back from the reading workers, and only a few of them are ever asked for, as a
    `Position`, by `key` or `at`."""

    keys: dict[Path, Place] = field(default_factory=dict)
    values: dict[Path, Place] = field(default_factory=dict)

    def key(self, path: Path) -> Position | None:
        """The position of the field's name, falling back to the nearest written ancestor."""
        found = self.keys.get(path)
        return Position(*found) if found else self.at(path)

    def at(self, path: Path) -> Position | None:
        """The position of the value at `path`, or of its nearest written ancestor."""
        while True:
            found = self.values.get(path) or self.keys.get(path)
            if found:
                return Position(*found)
            if not path:
                return None
            path = path[:-1]


@dataclass
class Document:
    """One built document: its data, where each field is, and its comments."""

    file: str
    index: int
    data: Any
    positions: Positions
    comments: Comments
    # Where a mapping key is itself a mapping: never in a manifest, but what YAML makes of a Go template
    # action such as `name: {{ .Values.name }}` (a flow mapping whose key is a flow mapping).
    complex_key: Position | None = None

    @property
    def kind(self) -> str | None:
        kind = self.data.get("kind") if isinstance(self.data, dict) else None
        return kind if isinstance(kind, str) else None


def _conversion_inputs(kind: str, api_version: str | None) -> bool:
    return kind in WANTED_KINDS


def load(source: SourceFile, findings: Findings, select: Select = _conversion_inputs) -> Iterator[Document]:
    """Every wanted document of a file (by default the kinds the conversion reads); problems become findings
    and never stop the run."""
    text = decode(source.data)
    if isinstance(text, TextProblem):
        findings.add(text.code, text.message, file=source.path, pos=text.pos)
        return
    if not text.strip():
        findings.add(codes.EMPTY_FILE, "the file is empty; nothing to convert", file=source.path)
        return
    try:
        nodes = list(compose_all(text))
    except yaml.YAMLError as exc:
        yield from _load_after_error(source, text, exc, findings, select)
        return
    except RecursionError:  # a parser without libyaml's own depth limit
        findings.add(codes.TOO_COMPLEX, "nested too deeply to read; the file was skipped", file=source.path)
        return
    if all(node is None or (isinstance(node, yaml.ScalarNode) and node.value == "") for node in nodes):
        findings.add(
            codes.EMPTY_FILE, "the file holds only comments or empty documents; nothing to convert", file=source.path
        )
        return
    yield from _build_all(source.path, text, nodes, 0, findings, select)


def _load_after_error(
    source: SourceFile, text: str, exc: yaml.YAMLError, findings: Findings, select: Select
) -> Iterator[Document]:
    if source.path.endswith(".json"):
        try:
            data = json.loads(text)
        except RecursionError:
            findings.add(codes.TOO_COMPLEX, "nested too deeply to read; the file was skipped", file=source.path)
            return
        except json.JSONDecodeError as jexc:
            findings.add(
                codes.JSON_SYNTAX,
                f"invalid JSON: {jexc.msg}; fix the file or remove it from the input",
                file=source.path,
                pos=Position(jexc.lineno, jexc.colno),
            )
            return
        yield from _from_json(source.path, data, select)
        return
    action = template_action(text)
    if action is not None:
        findings.add(
            codes.HELM_TEMPLATE,
            "a Helm/Go template, not a manifest; render it first (`helm template ... | ingress-migrate convert -`)",
            file=source.path,
            pos=action,
        )
        return
    # One broken document must not hide the others: parse each `---` section on its own and report
    # every section that fails, with its own line.
    yield from _load_sections(source.path, text, findings, select)


def _load_sections(path: str, text: str, findings: Findings, select: Select) -> Iterator[Document]:
    lines = text.splitlines(keepends=True)
    starts = [0] + [i for i, line in enumerate(lines) if i and _DOC_MARKER.match(line)]
    index = 0
    for first, last in zip(starts, [*starts[1:], len(lines)], strict=True):
        # Pad the section with the lines before it so that marks keep the file's line numbers.
        section = "\n" * first + "".join(lines[first:last])
        try:
            nodes = list(compose_all(section))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            pos = Position(mark.line + 1, mark.column + 1) if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            findings.add(
                codes.YAML_SYNTAX,
                f"YAML syntax error: {problem}; fix it, the other documents of the file are still read",
                file=path,
                pos=pos,
            )
            index += 1
            continue
        yield from _build_all(path, section, nodes, index, findings, select)
        index += len(nodes)


def _build_all(
    path: str, text: str, nodes: list[Any], first_index: int, findings: Findings, select: Select
) -> Iterator[Document]:
    lines: list[str] | None = None
    previous_end = 0
    first_content = next((n.start_mark.line for n in nodes if n is not None), 0)
    file_header_given = first_index > 0
    for offset, node in enumerate(nodes):
        if node is None:
            continue
        region_start = previous_end
        previous_end = node.end_mark.line
        if not _wanted(node, select):
            continue
        if lines is None:
            lines = text.splitlines()
        if first_index + offset == 0:
            regions = [(0, node.end_mark.line)]
        else:
            regions = [(_after_last_marker(lines, region_start, node.start_mark.line), node.end_mark.line)]
            # The file's header (before its first document) belongs to its first Ingress.
            if not file_header_given and _kind_of(node) == "Ingress":
                regions.insert(0, (0, first_content - 1))
        file_header_given = file_header_given or _kind_of(node) == "Ingress"
        yield from _build_document(path, first_index + offset, node, lines, regions, findings, select)


def _build_document(
    path: str,
    index: int,
    node: Any,
    lines: list[str],
    regions: list[tuple[int, int]],
    findings: Findings,
    select: Select,
) -> Iterator[Document]:
    # One builder, so one budget, for a whole top-level document: the items of a List share it.
    builder = _Builder(path, findings)
    if _is_list(node):
        items = next((v for k, v in node.value if k.value == "items"), None)
        for item in items.value if isinstance(items, yaml.SequenceNode) else []:
            if _wanted(item, select) and not _is_list(item):
                yield from _build_one(builder, index, item, lines, [(item.start_mark.line, item.end_mark.line)])
        return
    yield from _build_one(builder, index, node, lines, regions)


def _build_one(
    builder: _Builder, index: int, node: Any, lines: list[str], regions: list[tuple[int, int]]
) -> Iterator[Document]:
    where = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    size = node.end_mark.index - node.start_mark.index
    try:
        if size > MAX_OBJECT_BYTES:
            raise BudgetExceeded(
                f"the object is {size / 2**20:.1f} MiB of text, more than the apiserver accepts "
                f"({MAX_OBJECT_BYTES >> 20} MiB)"
            )
        yield builder.document(index, node, lines, regions)
    except (BudgetExceeded, RecursionError) as exc:
        message = str(exc) if isinstance(exc, BudgetExceeded) else f"nested deeper than {MAX_DEPTH} levels"
        builder.findings.add(codes.TOO_COMPLEX, f"{message}; the document was skipped", file=builder.path, pos=where)


def _after_last_marker(lines: list[str], start: int, end: int) -> int:
    """The first line of a document's header region: after the last `---` before its content."""
    for number in range(end - 1, start - 1, -1):
        if number < len(lines) and _DOC_MARKER.match(lines[number]):
            return number + 1
    return start


def _kind_of(node: Any) -> str | None:
    return _scalar_field(node, "kind")


def _scalar_field(node: Any, name: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name and isinstance(value, yaml.ScalarNode):
            return str(value.value)
    return None


def _is_list(node: Any) -> bool:
    kind = _kind_of(node)
    return kind is not None and kind.endswith("List")


def _wanted(node: Any, select: Select) -> bool:
    kind = _kind_of(node)
    return kind is not None and (kind.endswith("List") or select(kind, _scalar_field(node, "apiVersion")))


def _from_json(path: str, data: Any, select: Select) -> Iterator[Document]:
    """A JSON file that YAML could not read (tabs, for instance): no positions, same data."""
    items = data.get("items") if isinstance(data, dict) and str(data.get("kind", "")).endswith("List") else [data]
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            continue
        api_version = item.get("apiVersion")
        if select(item["kind"], api_version if isinstance(api_version, str) else None):
            yield Document(path, index, item, Positions(), Comments())


class _Builder:
    """Turns one composed node tree into plain values, recording positions as it goes."""

    def __init__(self, path: str, findings: Findings) -> None:
        self.path = path
        self.findings = findings
        self.budget = NODE_BUDGET
        self.alias_budget = ALIAS_BUDGET
        self.built: set[int] = set()  # collection nodes built once: seeing one again is an alias
        self.aliased = 0  # > 0 while building a second copy of a node

    def document(self, index: int, node: Any, lines: list[str], regions: list[tuple[int, int]]) -> Document:
        self.positions = Positions()
        self.line_paths: dict[int, list[Path]] = {}
        self.columns: dict[Path, int] = {}
        self.spans: list[tuple[int, int, int, int]] = []
        self.complex_key: Position | None = None
        self._mark_line(node, ())
        data = self._value(node, (), 0)
        comments = scan_comments(lines, self.spans, self.line_paths, regions, self.columns)
        return Document(self.path, index, data, self.positions, comments, self.complex_key)

    def _mark_line(self, node: Any, path: Path) -> None:
        self.line_paths.setdefault(node.start_mark.line, []).append(path)
        self.columns.setdefault(path, node.start_mark.column)

    def _value(self, node: Any, path: Path, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise BudgetExceeded(f"more than {NODE_BUDGET:,} values once YAML aliases are expanded")
        if self.aliased:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise BudgetExceeded(f"YAML aliases expand to more than {ALIAS_BUDGET:,} values (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise BudgetExceeded(f"nested deeper than {MAX_DEPTH} levels")
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.built:
            self.aliased += 1
            try:
                return self._collection(node, path, depth)
            finally:
                self.aliased -= 1
        self.built.add(id(node))
        return self._collection(node, path, depth)

    def _collection(self, node: Any, path: Path, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode):
            items = []
            for number, item in enumerate(node.value):
                self._mark_line(item, (*path, number))
                items.append(self._value(item, (*path, number), depth + 1))
            return items
        return self._mapping(node, path, depth)

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.update(self._merge_source(value_node, path, depth))
                continue
            if isinstance(key_node, yaml.ScalarNode):
                key = str(self._scalar(key_node))
            else:
                key = str(key_node.value)
                if self.complex_key is None:
                    self.complex_key = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            # Every document repeats the same few keys; one string each keeps thousands of field paths small.
            key = sys.intern(key)
            child = (*path, key)
            if key in result:
                self.findings.add(
                    codes.DUPLICATE_KEY,
                    f"key {key!r} is repeated; kubectl rejects this, and the last value is used here",
                    file=self.path,
                    pos=Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    field=".".join(str(p) for p in child),
                )
            self.positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            self._mark_line(key_node, child)
            if isinstance(key_node, yaml.ScalarNode):
                self._span(key_node)
            result[key] = self._value(value_node, child, depth + 1)
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def _merge_source(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            value = self._value(source, path, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged

    def _scalar(self, node: Any) -> Any:
        self._span(node)
        return scalar(node)

    def _span(self, node: Any) -> None:
        # Only quoted and block scalars can hide a ` #` that is not a comment.
        if node.style:
            start, end = node.start_mark, node.end_mark
            self.spans.append((start.line, start.column, end.line, end.column))
