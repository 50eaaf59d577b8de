"""Kustomizations: reading them, editing their `resources:` lists, and what kustomize will do to the
generated routes. Pure.

Edits are made on the text, the way `removal` edits manifests: a new entry is a copy of the line of the
entry it follows (same indentation, dash spacing and quotes), a dropped entry takes its own line, and flow
lists (`[a.yaml, b.yaml]`) get or lose one item and one comma. The result is parsed back and must differ
from the original in `resources` only. Comments, order and every other byte stay.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from migrate.findings import Position
from migrate.yamlnodes import SAFE_LOADER

Reader = Callable[[str], bytes | None]
PatchTarget = tuple[str | None, str] | None
NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_PLAIN = re.compile(r"^[A-Za-z0-9_./][A-Za-z0-9_./@+=~-]*$")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^(github|gitlab|bitbucket)\.(com|org)/|^git@")


class KustomizeError(Exception):
    """A kustomization that cannot be read or edited safely; it is left as it is."""


@dataclass(frozen=True)
class Entry:
    value: str  # as written
    path: str | None  # resolved against the input root; None for remote or outside the root
    node: Any


@dataclass
class Kustomization:
    path: str  # the file, relative to the input root
    text: str
    data: dict[str, Any]
    root: Any  # the composed mapping node
    resources: list[Entry] = field(default_factory=list)

    @property
    def directory(self) -> str:
        return posixpath.dirname(self.path)

    def key_pos(self, key: str) -> Position | None:
        for key_node, _ in self.root.value:
            if key_node.value == key:
                return Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return None

    def value_node(self, key: str) -> Any:
        return next((v for k, v in self.root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)

    def entries(self, key: str) -> list[Entry]:
        """The resolved entries of a list of paths (`resources`, `components`, `bases`)."""
        node = self.value_node(key)
        if not isinstance(node, yaml.SequenceNode):
            return []
        return [
            Entry(str(item.value), resolve(self.directory, str(item.value)), item)
            for item in node.value
            if isinstance(item, yaml.ScalarNode)
        ]


def resolve(directory: str, value: str) -> str | None:
    """`value` (relative to `directory`) relative to the input root; None when remote or outside it."""
    if _REMOTE.match(value) or posixpath.isabs(value):
        return None
    joined = posixpath.normpath(posixpath.join(directory, value))
    return None if joined == ".." or joined.startswith("../") else joined


def relative(directory: str, path: str) -> str:
    return posixpath.relpath(path, directory or ".")


def parse(path: str, data: bytes) -> Kustomization:
    try:
        text = data.decode("utf-8-sig")
        root = yaml.compose(text, Loader=SAFE_LOADER)
        loaded = yaml.load(text, Loader=SAFE_LOADER)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KustomizeError(f"not valid YAML ({type(exc).__name__})") from exc
    if root is None:
        root, loaded = yaml.compose("{}", Loader=SAFE_LOADER), {}
    if not isinstance(root, yaml.MappingNode) or not isinstance(loaded, dict):
        raise KustomizeError("not a mapping")
    kustomization = Kustomization(path, text, loaded, root)
    kustomization.resources = kustomization.entries("resources")
    return kustomization


@dataclass
class Edit:
    """Changes to one kustomization's `resources`: entries to add after an entry, to drop, to append."""

    after: dict[int, list[str]] = field(default_factory=dict)  # entry index -> values to insert after it
    drop: set[int] = field(default_factory=set)
    append: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.after or self.drop or self.append)


def edit(kustomization: Kustomization, change: Edit) -> str:
    """The kustomization's new text; raises KustomizeError when the edit cannot be made exactly."""
    editor = _TextEditor(kustomization)
    values = [e.value for e in kustomization.resources]
    expected: list[str] = []
    for index, value in enumerate(values):
        if index not in change.drop:
            expected.append(value)
        expected.extend(change.after.get(index, []))
    expected.extend(change.append)
    text = editor.apply(change)
    try:
        found = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:  # pragma: no cover - guarded by the comparison below
        raise KustomizeError("the edit would break the file's YAML") from exc
    before = {k: v for k, v in kustomization.data.items() if k != "resources"}
    after = {k: v for k, v in found.items() if k != "resources"} if isinstance(found, dict) else None
    if after != before or (found.get("resources") or []) != expected:
        raise KustomizeError("the edit would change more than its resources list")
    return text


class _TextEditor:
    def __init__(self, kustomization: Kustomization) -> None:
        self.k = kustomization
        self.text = kustomization.text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        first_break = _BREAK.search(self.text)
        self.newline = first_break.group() if first_break else "\n"

    def offset(self, mark: Any) -> int:
        return self.starts[mark.line] + mark.column if mark.line < len(self.starts) else len(self.text)

    def apply(self, change: Edit) -> str:
        node = self.k.value_node("resources")
        inserts: list[tuple[int, int, str]] = []  # (start, end, replacement)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            if change.append:
                inserts.append(self._new_list(node, change.append))
        elif not isinstance(node, yaml.SequenceNode):
            raise KustomizeError("resources is not a list")
        elif node.flow_style:
            inserts.extend(self._flow(node, change))
        else:
            inserts.extend(self._block(node, change))
        out, position = [], 0
        for start, end, replacement in sorted(inserts, key=lambda e: (e[0], e[1])):
            out.append(self.text[position:start] + replacement)
            position = end
        return "".join(out) + self.text[position:]

    def _line_of(self, offset: int) -> int:
        return max(i for i, start in enumerate(self.starts) if start <= offset)

    def _block(self, node: Any, change: Edit) -> Iterator[tuple[int, int, str]]:
        items = node.value
        for index, item in enumerate(items):
            start = self.offset(item.start_mark)
            dash = self.text.rfind("-", 0, start)
            line = self._line_of(dash)
            next_line = self.starts[item.end_mark.line + 1] if item.end_mark.line + 1 < len(self.starts) else None
            if next_line is None:  # the last line of a file without a final newline
                self.text += self.newline
                self.starts.append(len(self.text))
                next_line = len(self.text)
            prefix = self.text[self.starts[line] : start]
            if index in change.drop:
                yield self.starts[line], next_line, ""
            added = change.after.get(index, []) + (change.append if index == len(items) - 1 else [])
            if added:
                style = getattr(item, "style", None)
                lines = "".join(f"{prefix}{_quoted(v, style)}{self.newline}" for v in added)
                yield next_line, next_line, lines

    def _flow(self, node: Any, change: Edit) -> Iterator[tuple[int, int, str]]:
        items = node.value
        if not items:
            if change.append:
                end = self.offset(node.end_mark) - 1
                yield end, end, ", ".join(_quoted(v, None) for v in change.append)
            return
        for index, item in enumerate(items):
            added = change.after.get(index, []) + (change.append if index == len(items) - 1 else [])
            start, end = self.offset(item.start_mark), self.offset(item.end_mark)
            text = ", ".join(_quoted(v, getattr(item, "style", None)) for v in added)
            if index in change.drop and added:
                yield start, end, text  # replaced in place
            elif index in change.drop:
                if index + 1 < len(items):
                    yield start, self.offset(items[index + 1].start_mark), ""
                elif index > 0:
                    yield self.offset(items[index - 1].end_mark), end, ""
                else:
                    yield start, end, ""
            elif added:
                yield end, end, f", {text}"

    def _new_list(self, node: Any, values: list[str]) -> tuple[int, int, str]:
        lines = "".join(f"- {_quoted(v, None)}{self.newline}" for v in values)
        if node is not None:  # `resources:` with no value
            line = node.start_mark.line
            at = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
            lead = "" if self.text[:at].endswith(("\n", "\r")) else self.newline
            return at, at, lead + lines
        lead = "" if not self.text or self.text.endswith(("\n", "\r")) else self.newline
        return len(self.text), len(self.text), f"{lead}resources:{self.newline}{lines}"


def _quoted(value: str, style: str | None) -> str:
    if style == "'" and "'" not in value:
        return f"'{value}'"
    if style == '"' or not _PLAIN.match(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


# -- what kustomize does to the generated routes ----------------------------------------------------------


@dataclass(frozen=True)
class IngressPatch:
    """A patch in a kustomization that changes an Ingress."""

    kustomization: str
    field: str  # e.g. patches[1]
    pos: Position
    ingress: str | None  # the Ingress name it targets, when it says
    source: str  # the patch file or "an inline patch"


def ingress_patches(kustomization: Kustomization, read: Reader) -> list[IngressPatch]:
    """Every patch (patches, patchesStrategicMerge, patchesJson6902) that targets kind Ingress."""
    found = []
    for key in ("patches", "patchesStrategicMerge", "patchesJson6902"):
        node = kustomization.value_node(key)
        if not isinstance(node, yaml.SequenceNode):
            continue
        values = kustomization.data.get(key) or []
        for index, (item, value) in enumerate(zip(node.value, values, strict=False)):
            hit = _patch_target(kustomization, value, read)
            if hit is not None:
                name, source = hit
                pos = Position(item.start_mark.line + 1, item.start_mark.column + 1)
                found.append(IngressPatch(kustomization.path, f"{key}[{index}]", pos, name, source))
    return found


def _patch_target(
    kustomization: Kustomization, value: Any, read: Callable[[str], bytes | None]
) -> tuple[str | None, str] | None:
    if isinstance(value, str):  # patchesStrategicMerge: a file, or an inline patch
        if "\n" in value or value.lstrip().startswith(("apiVersion", "kind", "{")):
            return _patch_content(value, "an inline patch")
        return _patch_file(kustomization, value, read)
    if not isinstance(value, dict):
        return None
    target = value.get("target")
    source = f"{value['path']}" if isinstance(value.get("path"), str) else "an inline patch"
    if isinstance(target, dict):
        if target.get("kind") != "Ingress":
            return None
        name = target.get("name")
        return (name if isinstance(name, str) else None), source
    if isinstance(value.get("patch"), str):
        return _patch_content(value["patch"], source)
    if isinstance(value.get("path"), str):
        return _patch_file(kustomization, value["path"], read)
    return None


def _patch_file(kustomization: Kustomization, value: str, read: Reader) -> PatchTarget:
    path = resolve(kustomization.directory, value)
    data = read(path) if path is not None else None
    if data is None:
        return None
    try:
        return _patch_content(data.decode("utf-8-sig"), value)
    except UnicodeDecodeError:
        return None


def _patch_content(text: str, source: str) -> PatchTarget:
    try:
        documents = list(yaml.load_all(text, Loader=SAFE_LOADER))
    except yaml.YAMLError:
        return None
    for document in documents:
        if isinstance(document, dict) and document.get("kind") == "Ingress":
            name = (document.get("metadata") or {}).get("name")
            return (name if isinstance(name, str) else None), source
    return None


def reachable(start: Kustomization, by_directory: dict[str, Kustomization]) -> list[Kustomization]:
    """The kustomization and every kustomization it builds on through directory entries, each once."""
    seen: dict[str, Kustomization] = {}
    pending = [start]
    while pending:
        current = pending.pop()
        if current.path in seen:
            continue
        seen[current.path] = current
        for key in ("resources", "bases", "components"):
            for entry in current.entries(key):
                if entry.path is not None and entry.path in by_directory:
                    pending.append(by_directory[entry.path])
    return list(seen.values())
