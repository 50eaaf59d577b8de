"""Objects to YAML text through the templates in `templates/`, checked by parsing the text back.

Templates hold layout only: every value reaches the text through the `q` filter, which writes it as a JSON
string (a valid YAML double-quoted scalar) or number, so no value can change the document's structure.
Each rendered object is parsed back and must be exactly one mapping naming the object it was made from.
"""

from __future__ import annotations

import functools
import json
import pickle
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from migrate.gateway.ir import Object
from migrate.yamlnodes import compose_all, plain

TEMPLATES = {
    "Gateway": ("gateway.yaml.j2", "gateway"),
    "ListenerSet": ("listenerset.yaml.j2", "listener_set"),
    "HTTPRoute": ("httproute.yaml.j2", "route"),
    "ReferenceGrant": ("referencegrant.yaml.j2", "grant"),
    "GRPCRoute": ("grpcroute.yaml.j2", "route"),
    "TLSRoute": ("tlsroute.yaml.j2", "route"),
    "BackendTLSPolicy": ("backendtlspolicy.yaml.j2", "policy"),
}

# Characters a YAML double-quoted scalar must not hold raw: C0/C1 controls, DEL, the YAML 1.1 line breaks
# (NEL, LS, PS), the byte-order mark, surrogates and non-characters. JSON escapes most C0 controls itself.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")


# What json.dumps(text, ensure_ascii=False) returns for a string, without its per-call set-up: this
# runs for every value of every generated object.
_json_string = json.encoder.encode_basestring


class RenderError(Exception):
    """A template produced text that is not the object it was given."""


def quote(value: Any) -> str:
    """The one quoting filter: a value as a YAML scalar that can only be read back as itself."""
    if value is None or isinstance(value, dict | list | tuple | set):
        raise RenderError(f"template tried to write {type(value).__name__} {value!r} as a scalar")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = _json_string(str(value))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def comment(text: Any) -> str:
    """A comment's text on one line: line breaks become spaces, other control characters are escaped."""
    one_line = _LINE_BREAKS.sub(" ", str(text)).rstrip()
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", one_line)


def builtin_templates() -> Path:
    """The bundled templates: inside the installed package, or the checkout's top-level folder."""
    packaged = resources.files("migrate").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; the bundled templates' one is made once per process and keeps them
    compiled (compiling costs more than rendering a small input, and a process may convert many times:
    the tests, a program using the package). One with `--templates` is always new, so that files added
    to that folder are seen."""
    return _environment(overrides) if overrides else _bundled()


@functools.cache
def _bundled() -> jinja2.Environment:
    return _environment(None)


def _environment(overrides: Path | None) -> jinja2.Environment:
    search = [str(overrides)] if overrides else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(builtin_templates())]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a run renders thousands of objects: no stat of the template file for each
    )
    env.filters["q"] = quote
    env.filters["comment"] = comment
    return env


class Rendered:
    """An object's YAML text and the plain data it parses back to. Rendered in a worker, the data of a
    whole slice comes back pickled in one piece (`Packed`) and is unpickled only when one of them is read:
    writing needs only the text."""

    __slots__ = ("_data", "_index", "_packed", "text")

    def __init__(self, text: str, data: dict[str, Any] | None = None, packed: Packed | None = None, index: int = 0):
        assert (data is None) != (packed is None), "a Rendered has its data or the slice that holds it"
        self.text = text
        self._data = data
        self._packed = packed
        self._index = index

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            assert self._packed is not None
            self._data = self._packed.documents()[self._index]
        return self._data

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rendered):
            return NotImplemented
        return (self.text, self.data) == (other.text, other.data)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rendered(text={self.text!r}, data={self.data!r})"


class Packed:
    """The data of a slice of rendered objects, pickled where they were rendered."""

    __slots__ = ("_documents", "blob")

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._documents: list[dict[str, Any]] | None = None

    def documents(self) -> list[dict[str, Any]]:
        if self._documents is None:
            self._documents = pickle.loads(self.blob)  # written by our own worker process
        return self._documents


class Renderer:
    def __init__(self, overrides: Path | None = None) -> None:
        self.env = environment(overrides)
        self.overrides = overrides

    def render(self, obj: Object) -> Rendered:
        name, variable = TEMPLATES[obj.kind]
        try:
            text = self.env.get_template(name).render({variable: obj})
        except RenderError:
            raise
        except jinja2.TemplateError as exc:
            raise RenderError(f"template {name}: {exc}") from exc
        except Exception as exc:  # an expression in a template failed (`{{ 1 / 0 }}`, a bad filter argument)
            raise RenderError(f"template {name}: {type(exc).__name__}: {exc}") from exc
        # Templates are written for reading; whitespace-only lines are layout noise, and no value can
        # span lines (every scalar is a one-line quoted string), so they are dropped.
        text = "".join(line for line in text.splitlines(keepends=True) if line.strip())
        return Rendered(text, _check(text, obj, name))


def _check(text: str, obj: Object, template: str) -> dict[str, Any]:
    """Parse the text back: one mapping, and the identity of the object it was rendered from."""
    try:
        documents = [plain(node) for node in compose_all(text) if node is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise RenderError(
            f"template {template} produced invalid YAML for {obj.kind} {obj.metadata.name}: {problem}{where}"
        ) from exc
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise RenderError(
            f"template {template} must produce exactly one mapping for {obj.kind} "
            f"{obj.metadata.name}, not {len(documents)} documents"
        )
    data = documents[0]
    metadata: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
    expected = (obj.api_version, obj.kind, obj.metadata.name, obj.metadata.namespace)
    found = (data.get("apiVersion"), data.get("kind"), metadata.get("name"), metadata.get("namespace"))
    if found != expected:
        fields = ("apiVersion", "kind", "metadata.name", "metadata.namespace")
        pairs = zip(fields, found, expected, strict=True)
        wrong = ", ".join(f"{f} {got!r} (expected {want!r})" for f, got, want in pairs if got != want)
        raise RenderError(f"template {template} rendered the wrong object for {obj.kind} {obj.metadata.name}: {wrong}")
    return data
