"""CEL rule text, read without a full parser: calls renamed to their Kubernetes versions, and the properties a
node's rules can reach.

Handing a value to the CEL engine costs time in proportion to its size, and so does every selection on it;
a filter's rules that test `self.type` and `has(self.requestRedirect)` need neither the redirect's fields
nor anything else. `reach` names the properties the rules of a node can touch, and `narrow` drops the
others from the value before it is bound. Typed CEL reaches a property only by selecting it by name
(`.name`, `.?name`), so a property named nowhere in the rules is unreachable, with one exception:
comparing whole objects or lists (`a == b`) sees every field. `reach` therefore gives up (None: bind the
value whole) unless every `==`, `!=` and `in` has a literal or a scalar property on one side.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from migrate.apiserver.schema import Node

_TOKENS = re.compile(
    r"""(?P<string>(?:[rR][bB]?|[bB][rR])(?:'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|"[^"\n]*")
      |[bB]?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
    |(?P<comment>//[^\n]*)
    |(?P<space>\s+)
    |(?P<ident>[_A-Za-z][_A-Za-z0-9]*)
    |(?P<number>\d[\w.]*)
    |(?P<operator>==|!=|\S)""",
    re.S | re.X,
)
_RESERVED = frozenset({  # CEL's reserved words, reachable as `__word__`
    "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
    "let", "loop", "package", "namespace", "return", "var", "void", "while",
})  # fmt: skip
_ESCAPES = {"__": "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__"}
_ESCAPABLE = re.compile(r"__|[-./]|[^A-Za-z0-9_]")


@functools.lru_cache(maxsize=4096)
def escape(name: str) -> str | None:
    """A property's CEL name (apiserver `cel.Escape`), or None when CEL cannot reach it."""
    if not name or name[0].isdigit():
        return None
    if name in _RESERVED:
        return f"__{name}__"
    if any(m.group() not in _ESCAPES for m in _ESCAPABLE.finditer(name)):
        return None
    return _ESCAPABLE.sub(lambda m: _ESCAPES[m.group()], name)


_REPLACED = {"size": "_k8s_size", "matches": "_k8s_matches"}
_STRING_BODY = re.compile(r"[rRbB]*('''|\"\"\"|'|\")(.*)\1\Z", re.S)
_SCALARS = frozenset({"string", "integer", "number", "boolean"})
_LITERAL_WORDS = frozenset({"true", "false", "null"})


def _tokens(expression: str) -> Iterator[tuple[str, str]]:
    for match in _TOKENS.finditer(expression):
        kind = match.lastgroup or "operator"
        yield kind, match.group()


def rewrite(expression: str) -> str:
    """The expression with `size(...)` and `matches(...)` calls (global or member) renamed to their
    Kubernetes versions (code points, RE2); string literals, comments and field names are left alone."""
    out: list[str] = []
    for match in _TOKENS.finditer(expression):
        text = match.group()
        if match.lastgroup == "ident" and text in _REPLACED and expression[match.end() :].lstrip().startswith("("):
            text = _REPLACED[text]
        out.append(text)
    return "".join(out)


def _literal(token: tuple[str, str]) -> bool:
    kind, text = token
    return kind in ("string", "number") or (kind == "ident" and text in _LITERAL_WORDS) or text == "-"


@functools.cache
def _property_types(node: Node) -> dict[str, frozenset[str]]:
    """Escaped property name -> the types it has anywhere in the subtree of `node`."""
    found: dict[str, set[str]] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        for name, child in (current.properties or {}).items():
            cel_name = escape(name)
            if cel_name is not None:
                found.setdefault(cel_name, set()).add("string" if child.int_or_string else child.type or "")
            stack.append(child)
        stack.extend(c for c in (current.additional, current.items) if c is not None)
    return {name: frozenset(types) for name, types in found.items()}


def _scalar_selection(tokens: list[tuple[str, str]], index: int, node: Node) -> bool:
    """Whether tokens[index] is a property selected with `.` (or `.?`) whose type is always a scalar."""
    kind, name = tokens[index]
    before = tokens[index - 1][1] if index >= 1 else ""
    dotted = before == "." or (before == "?" and index >= 2 and tokens[index - 2][1] == ".")
    types = _property_types(node).get(name)
    return kind == "ident" and dotted and types is not None and types <= _SCALARS


def _comparison_is_scalar(tokens: list[tuple[str, str]], index: int, node: Node) -> bool:
    left = index - 1
    if left >= 0 and (_literal(tokens[left]) or _scalar_selection(tokens, left, node)):
        return True
    if tokens[index][1] == "in":
        return False  # the element compared is on the left
    right = index + 1
    if right < len(tokens) and _literal(tokens[right]):
        return True
    # The right operand's chain `a.b.c`, ending before anything that is not a selection.
    end = right
    while end + 2 < len(tokens) and tokens[end + 1][1] == "." and tokens[end + 2][0] == "ident":
        end += 2
    follows = tokens[end + 1][1] if end + 1 < len(tokens) else ""
    return end > right and follows not in ("(", "[", ".") and _scalar_selection(tokens, end, node)


@functools.cache
def reach(node: Node) -> frozenset[str] | None:
    """The property names (escaped) the rules of `node` can reach, or None when they may need everything."""
    names: set[str] = set()
    for rule in node.rules:
        for text in (rule.rule, rule.message_expression or ""):
            tokens = [t for t in _tokens(text) if t[0] not in ("space", "comment")]
            for index, (kind, value) in enumerate(tokens):
                if kind == "ident":
                    names.add(value)  # over-approximates: every identifier, not only selections
                elif kind == "string" and (literal := _STRING_BODY.match(value)):
                    names.add(literal.group(2))
                if value in ("==", "!=", "in") and not _comparison_is_scalar(tokens, index, node):
                    return None
    return frozenset(names)


def narrow(view: Any, node: Node | None, names: frozenset[str]) -> Any:
    """The CEL view of a value without the declared properties no rule names. Maps keep every key."""
    if node is None:
        return view
    if isinstance(view, dict) and node.properties is not None:
        children = _children(node)
        return {k: narrow(v, children.get(k), names) for k, v in view.items() if k in names}
    if isinstance(view, dict) and node.additional is not None:
        return {k: narrow(v, node.additional, names) for k, v in view.items()}
    if isinstance(view, list) and node.items is not None:
        return [narrow(item, node.items, names) for item in view]
    return view


@functools.cache
def _children(node: Node) -> dict[str, Node]:
    return {cel: child for name, child in (node.properties or {}).items() if (cel := escape(name)) is not None}
