"""The size limits Gateway API v1.6 puts on the objects we generate, checked on their rendered data.

An independent check of the output, not of the code that splits it: the numbers are the CRDs' `maxItems`
and CEL size rules (a test compares them with the v1.6.1 CRDs), applied to the parsed objects. The
benchmark and the property tests run it over everything `convert` writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_NAME = 253
# (kind, path of a list inside the object, maxItems); `[]` steps into every item of a list.
MAX_ITEMS: tuple[tuple[str, str, int], ...] = (
    ("Gateway", "spec.listeners", 64),
    ("Gateway", "spec.addresses", 16),
    ("Gateway", "spec.listeners[].tls.certificateRefs", 64),
    ("Gateway", "spec.listeners[].allowedRoutes.kinds", 8),
    ("ListenerSet", "spec.listeners", 64),
    ("ListenerSet", "spec.listeners[].tls.certificateRefs", 64),
    ("ListenerSet", "spec.listeners[].allowedRoutes.kinds", 8),
    ("HTTPRoute", "spec.hostnames", 16),
    ("HTTPRoute", "spec.parentRefs", 32),
    ("HTTPRoute", "spec.rules", 16),
    ("HTTPRoute", "spec.rules[].matches", 64),
    ("HTTPRoute", "spec.rules[].matches[].headers", 16),
    ("HTTPRoute", "spec.rules[].matches[].queryParams", 16),
    ("HTTPRoute", "spec.rules[].filters", 16),
    ("HTTPRoute", "spec.rules[].backendRefs", 16),
    ("HTTPRoute", "spec.rules[].backendRefs[].filters", 16),
    ("ReferenceGrant", "spec.from", 16),
    ("ReferenceGrant", "spec.to", 16),
)
# HTTPRoute CEL rule on spec.rules: the matches of all rules together.
MAX_ROUTE_MATCHES = 128


def problems(objects: Iterable[dict[str, Any]]) -> list[str]:
    """Every limit the objects break, as `Kind namespace/name: what`; empty when all are within limits."""
    found: list[str] = []
    for obj in objects:
        kind = str(obj.get("kind"))
        metadata = obj.get("metadata") or {}
        label = f"{kind} {metadata.get('namespace') or ''}/{metadata.get('name')}"
        found.extend(f"{label}: {problem}" for problem in _object_problems(kind, obj, metadata))
    return found


def _object_problems(kind: str, obj: dict[str, Any], metadata: dict[str, Any]) -> Iterable[str]:
    name = metadata.get("name")
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME:
        yield f"metadata.name {name!r} is empty or longer than {MAX_NAME}"
    for limit_kind, path, limit in MAX_ITEMS:
        if limit_kind == kind:
            for where, items in _lists(obj, path.split(".")):
                if len(items) > limit:
                    yield f"{where} has {len(items)} items, more than {limit}"
    spec = obj.get("spec") or {}
    if kind == "HTTPRoute":
        total = sum(len(rule.get("matches") or ()) for rule in spec.get("rules") or ())
        if total > MAX_ROUTE_MATCHES:
            yield f"spec.rules hold {total} matches in all, more than {MAX_ROUTE_MATCHES}"
    if kind in ("Gateway", "ListenerSet"):
        yield from _listener_problems(spec.get("listeners") or [])


def _listener_problems(listeners: list[dict[str, Any]]) -> Iterable[str]:
    """Listener names are unique, and so is each (port, protocol, hostname) (Gateway CEL rules)."""
    names: set[Any] = set()
    bindings: set[tuple[Any, Any, Any]] = set()
    for listener in listeners:
        name = listener.get("name")
        if name in names:
            yield f"listener name {name!r} is used twice"
        names.add(name)
        binding = (listener.get("port"), listener.get("protocol"), listener.get("hostname"))
        if binding in bindings:
            yield f"two listeners share port, protocol and hostname {binding}"
        bindings.add(binding)


def _lists(value: Any, steps: list[str], where: str = "") -> Iterable[tuple[str, list[Any]]]:
    if not steps:
        if isinstance(value, list):
            yield where, value
        return
    step, rest = steps[0], steps[1:]
    key = step.removesuffix("[]")
    child = value.get(key) if isinstance(value, dict) else None
    here = f"{where}.{key}" if where else key
    if step.endswith("[]"):
        for index, item in enumerate(child if isinstance(child, list) else []):
            yield from _lists(item, rest, f"{here}[{index}]")
    else:
        yield from _lists(child, rest, here)
