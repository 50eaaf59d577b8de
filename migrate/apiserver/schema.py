"""A CRD's structural schema compiled once into `Node`s: patterns compiled, enums hashed, defaults copied.

`structural` walks objects against these nodes; `celrules` evaluates their rules. A node
keeps only what the apiserver reads from the OpenAPI v3 schema of a CRD version (descriptions, examples and
unsupported formats are dropped, as apiextensions drops them).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from migrate.apiserver.fielderrors import canonical
from migrate.apiserver.formats import format_check
from migrate.apiserver.re2 import UnsupportedPattern, compile_go

NO_DEFAULT: Any = object()


@dataclass(frozen=True)
class Rule:
    """One `x-kubernetes-validations` entry."""

    rule: str
    message: str | None = None
    message_expression: str | None = None
    field_path: str | None = None
    reason: str | None = None
    optional_old_self: bool = False


@dataclass(eq=False)
class Node:
    type: str | None = None
    nullable: bool = False
    properties: dict[str, Node] | None = None
    additional: Node | None = None
    additional_allowed: bool = False  # additionalProperties: true, or a schema
    items: Node | None = None
    required: tuple[str, ...] = ()
    enum: tuple[Any, ...] | None = None
    enum_keys: frozenset[str] = frozenset()
    pattern: str | None = None
    matcher: Any = None  # compiled pattern, or None when the pattern could not be translated
    format: str | None = None
    format_ok: Any = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    min_properties: int | None = None
    max_properties: int | None = None
    default: Any = NO_DEFAULT
    preserve_unknown: bool = False
    int_or_string: bool = False
    embedded: bool = False
    list_type: str | None = None
    list_map_keys: tuple[str, ...] = ()
    all_of: tuple[Node, ...] = ()
    any_of: tuple[Node, ...] = ()
    one_of: tuple[Node, ...] = ()
    not_: Node | None = None
    rules: tuple[Rule, ...] = ()
    has_rules: bool = False  # this node or one below it has rules
    has_defaults: bool = False  # a property of this node or below it has a default
    unchecked: list[str] = field(default_factory=list)  # patterns that could not be translated

    def child(self, key: str) -> Node | None:
        """The schema of an object's member `key`: its property, else additionalProperties."""
        if self.properties is not None and key in self.properties:
            return self.properties[key]
        return self.additional

    @property
    def cel_type(self) -> str:
        """The type name the apiserver shows in a CEL rule's error (`Invalid value: "object"`)."""
        return self.type or ""


def compile_schema(raw: Any) -> Node:
    """Compile an `openAPIV3Schema`; unknown keywords are ignored, as they cannot appear in a structural schema."""
    if not isinstance(raw, dict):
        return Node(preserve_unknown=True)
    node = Node(
        type=raw.get("type") if isinstance(raw.get("type"), str) else None,
        nullable=raw.get("nullable") is True,
        required=tuple(r for r in raw.get("required") or () if isinstance(r, str)),
        format=raw.get("format") if isinstance(raw.get("format"), str) else None,
        preserve_unknown=raw.get("x-kubernetes-preserve-unknown-fields") is True,
        int_or_string=raw.get("x-kubernetes-int-or-string") is True,
        embedded=raw.get("x-kubernetes-embedded-resource") is True,
        list_type=raw.get("x-kubernetes-list-type"),
        list_map_keys=tuple(raw.get("x-kubernetes-list-map-keys") or ()),
    )
    _numbers(node, raw)
    if node.type == "string" or node.type is None:
        node.format_ok = format_check(node.format)
    if isinstance(raw.get("pattern"), str):
        node.pattern = raw["pattern"]
        try:
            node.matcher = compile_go(node.pattern)
        except UnsupportedPattern as exc:
            node.unchecked.append(f"pattern {node.pattern!r}: {exc}")
    if isinstance(raw.get("enum"), list):
        node.enum = tuple(raw["enum"])
        node.enum_keys = frozenset(canonical(v) for v in node.enum)
    if "default" in raw:
        node.default = copy.deepcopy(raw["default"])
    if isinstance(raw.get("properties"), dict):
        node.properties = {name: compile_schema(sub) for name, sub in raw["properties"].items()}
    additional = raw.get("additionalProperties")
    if isinstance(additional, dict):
        node.additional, node.additional_allowed = compile_schema(additional), True
    elif additional is True:
        node.additional_allowed = True
    if isinstance(raw.get("items"), dict):
        node.items = compile_schema(raw["items"])
    for keyword in ("allOf", "anyOf", "oneOf"):
        if isinstance(raw.get(keyword), list):
            branches = tuple(compile_schema(sub) for sub in raw[keyword])
            setattr(node, {"allOf": "all_of", "anyOf": "any_of", "oneOf": "one_of"}[keyword], branches)
    if isinstance(raw.get("not"), dict):
        node.not_ = compile_schema(raw["not"])
    node.rules = tuple(_rule(r) for r in raw.get("x-kubernetes-validations") or () if isinstance(r, dict))
    children = [*(node.properties or {}).values(), node.additional, node.items]
    present = [c for c in children if c is not None]
    node.has_rules = bool(node.rules) or any(c.has_rules for c in present)
    node.has_defaults = any(c.default is not NO_DEFAULT or c.has_defaults for c in present)
    for sub in (*present, *node.all_of, *node.any_of, *node.one_of, *([node.not_] if node.not_ else [])):
        node.unchecked.extend(sub.unchecked)
    return node


def _numbers(node: Node, raw: dict[str, Any]) -> None:
    for key, attr in (("minimum", "minimum"), ("maximum", "maximum"), ("multipleOf", "multiple_of")):
        value = raw.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            setattr(node, attr, value)
    node.exclusive_minimum = raw.get("exclusiveMinimum") is True
    node.exclusive_maximum = raw.get("exclusiveMaximum") is True
    for key, attr in (
        ("minLength", "min_length"),
        ("maxLength", "max_length"),
        ("minItems", "min_items"),
        ("maxItems", "max_items"),
        ("minProperties", "min_properties"),
        ("maxProperties", "max_properties"),
    ):
        value = raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(node, attr, value)


def _rule(raw: dict[str, Any]) -> Rule:
    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) and value else None

    return Rule(
        rule=str(raw.get("rule", "")),
        message=text("message"),
        message_expression=text("messageExpression"),
        field_path=text("fieldPath"),
        reason=text("reason"),
        optional_old_self=raw.get("optionalOldSelf") is True,
    )
