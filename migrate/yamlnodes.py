"""libyaml composition with a lean tag resolver, and a fast conversion of composed nodes to plain values.

PyYAML's C parser still calls back into Python for every node: to resolve its tag and to track path
resolvers (which nothing here uses). On large repositories those callbacks cost more than the parsing;
`Composer` resolves with the same YAML 1.1 rules as `yaml.SafeLoader` without the rest. `plain` turns a
node tree into the values `yaml.safe_load` gives, without the constructor's generic machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

try:  # pragma: no branch - depends on how PyYAML was built
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml: same nodes, slower

    class _Parser(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


try:  # pragma: no branch - depends on how PyYAML was built
    SAFE_LOADER: type[Any] = yaml.CSafeLoader  # for yaml.load and yaml.compose where plain PyYAML is enough
except AttributeError:  # pragma: no cover
    SAFE_LOADER = yaml.SafeLoader

_SCALAR = yaml.ScalarNode
_SEQUENCE = yaml.SequenceNode
_RESOLVERS: dict[Any, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_WILDCARD = _RESOLVERS.get(None, [])
_BY_FIRST = {first: [*found, *_WILDCARD] for first, found in _RESOLVERS.items() if first is not None}
STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = _CONSTRUCTOR.yaml_constructors


_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_KEPT = 4096


def _plain_tag(value: str) -> str:
    for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return str(tag)
    return STR


class Composer(_Parser):
    """`yaml.compose_all` with `CSafeLoader`, minus the per-node Python work that nothing here needs."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR:
            if implicit[0]:
                # Plain scalars are mostly the same few keys (`name`, `port`, `path`...): their tags are
                # remembered, up to a bound, instead of trying the resolvers' patterns on each.
                tag = _PLAIN_TAGS.get(value)
                if tag is None:
                    tag = _plain_tag(value)
                    if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT:
                        _PLAIN_TAGS[value] = tag
                return tag
            return STR
        return _SEQ if kind is _SEQUENCE else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def compose_all(text: str) -> Iterator[Any]:
    """The node tree of every document in `text` (None for an empty one), as `yaml.compose_all` gives."""
    composer = Composer(text)
    try:
        while composer.check_node():
            yield composer.get_node()
    finally:
        composer.dispose()


def scalar(node: Any) -> Any:
    """A scalar node's value as `yaml.safe_load` reads it (timestamps and binary kept as text)."""
    tag = node.tag
    if tag == STR:
        return node.value
    construct = _CONSTRUCTORS.get(tag)
    if construct is None or tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
        return node.value
    return construct(_CONSTRUCTOR, node)


def plain(node: Any) -> Any:
    """A node tree as plain values, as `yaml.safe_load` gives them. For trees we wrote (rendered output):
    there is no alias budget. Anything unusual (merge keys, keys that are not scalars) goes through
    PyYAML's own constructor, errors included."""
    kind = node.__class__
    if kind is _SCALAR:
        return node.value if node.tag == STR else scalar(node)
    if kind is _SEQUENCE:
        return [item.value if item.__class__ is _SCALAR and item.tag == STR else plain(item) for item in node.value]
    result = {}
    # Strings, the most common leaves by far, are taken in place rather than through a call each.
    for key, value in node.value:
        if key.__class__ is not _SCALAR or key.tag == _MERGE:
            return yaml.constructor.SafeConstructor().construct_document(node)
        name = key.value if key.tag == STR else scalar(key)
        result[name] = value.value if value.__class__ is _SCALAR and value.tag == STR else plain(value)
    return result
