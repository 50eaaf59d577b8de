"""Gateway API objects from plain data (the rendered output or files from `--against`), with the
defaults the v1.6 CRDs apply.

Reading never fails: a field of the wrong shape is read as absent, and a route whose rules the CRD's CEL
rules reject (RequestRedirect next to backendRefs, ReplacePrefixMatch without exactly one PathPrefix
match) is kept with a `problem`, so that it is not attached: the apiserver would not have stored it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from migrate.verify.gateway_objects import (
    GROUP,
    ROUTE_KINDS,
    BackendRef,
    Filter,
    GatewaySpec,
    Grant,
    Listener,
    ListenerSetSpec,
    Match,
    Namespaces,
    Objects,
    ParentRef,
    RouteSpec,
    Rule,
    Selector,
    ValueMatch,
)

# The field holding each filter type's settings, where it is not the type with a lower-case first letter.
_FILTER_KEYS = {"URLRewrite": "urlRewrite", "CORS": "cors"}


def read(documents: Iterable[Any]) -> Objects:
    objects = Objects()
    for doc in documents:
        if not isinstance(doc, dict) or not str(doc.get("apiVersion", "")).startswith(f"{GROUP}/"):
            continue
        kind = doc.get("kind")
        metadata = _map(doc, "metadata")
        name, namespace = _text(metadata.get("name")), _text(metadata.get("namespace"))
        if name is None:
            continue
        spec = _map(doc, "spec")
        created = _text(metadata.get("creationTimestamp")) or ""
        if kind == "Gateway":
            objects.gateways[(namespace, name)] = GatewaySpec(
                namespace,
                name,
                _listeners(spec.get("listeners")),
                _namespaces(_map(_map(spec, "allowedListeners"), "namespaces"), default="None"),
                created,
                _strings(metadata.get("annotations")),
            )
        elif kind == "ListenerSet":
            parent = _map(spec, "parentRef")
            ref = ParentRef("Gateway", _text(parent.get("namespace")) or namespace, _text(parent.get("name")) or "")
            objects.listener_sets.append(
                ListenerSetSpec(namespace, name, ref, _listeners(spec.get("listeners")), created)
            )
        elif kind in ROUTE_KINDS:
            objects.routes.append(_route(str(kind), namespace, name, created, spec, metadata))
        elif kind == "ReferenceGrant":
            objects.grants.append(_grant(namespace, spec))
        elif isinstance(kind, str) and kind.endswith("Route"):
            objects.ignored.append(f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}")
    return objects


def _listeners(raw: Any) -> list[Listener]:
    result = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("port"), int):
            continue
        tls = _map(item, "tls")
        allowed = _map(item, "allowedRoutes")
        certificates = tuple(
            (
                str(ref.get("group") or ""),
                str(ref.get("kind") or "Secret"),
                _text(ref.get("namespace")),
                str(ref["name"]),
            )
            for ref in _list(tls.get("certificateRefs"))
            if isinstance(ref, dict) and isinstance(ref.get("name"), str)
        )
        kinds = [_text(k.get("kind")) for k in _list(allowed.get("kinds")) if isinstance(k, dict)]
        result.append(
            Listener(
                name=str(item.get("name") or ""),
                port=item["port"],
                protocol=str(item.get("protocol") or ""),
                hostname=_text(item.get("hostname")),
                tls_mode=(str(tls.get("mode") or "Terminate")) if tls else None,
                certificates=certificates,
                namespaces=_namespaces(_map(allowed, "namespaces"), default="Same"),
                kinds=tuple(k for k in kinds if k) or None,
            )
        )
    return result


def _namespaces(raw: dict[str, Any], default: str) -> Namespaces:
    selector = _map(raw, "selector")
    labels = tuple((str(k), str(v)) for k, v in _map(selector, "matchLabels").items())
    expressions = tuple(
        (str(e.get("key")), str(e.get("operator")), tuple(str(v) for v in _list(e.get("values"))))
        for e in _list(selector.get("matchExpressions"))
        if isinstance(e, dict)
    )
    return Namespaces(str(raw.get("from") or default), Selector(labels, expressions))


def _route(
    kind: str, namespace: str | None, name: str, created: str, spec: dict[str, Any], metadata: dict[str, Any]
) -> RouteSpec:
    parents = [
        ParentRef(
            str(ref.get("kind") or "Gateway"),
            _text(ref.get("namespace")) or namespace,
            str(ref.get("name") or ""),
            _text(ref.get("sectionName")),
            ref.get("port") if isinstance(ref.get("port"), int) else None,
        )
        for ref in _list(spec.get("parentRefs"))
        if isinstance(ref, dict) and str(ref.get("group") or GROUP) == GROUP
    ]
    route = RouteSpec(
        kind,
        namespace,
        name,
        created,
        [h.lower() for h in _list(spec.get("hostnames")) if isinstance(h, str)],
        parents,
        [],
        _strings(metadata.get("annotations")),
    )
    for raw in _list(spec.get("rules")):
        if isinstance(raw, dict):
            rule = _rule(kind, raw, namespace)
            route.problem = route.problem or _rule_problem(rule)
            route.rules.append(rule)
    return route


def _rule(kind: str, raw: dict[str, Any], namespace: str | None) -> Rule:
    matches = [_match(kind, m) for m in _list(raw.get("matches")) if isinstance(m, dict)]
    backends = []
    for ref in _list(raw.get("backendRefs")):
        if not isinstance(ref, dict) or not isinstance(ref.get("name"), str):
            continue
        weight = ref.get("weight")
        backends.append(
            BackendRef(
                str(ref.get("group") or ""),
                str(ref.get("kind") or "Service"),
                _text(ref.get("namespace")) or namespace,
                ref["name"],
                ref.get("port") if isinstance(ref.get("port"), int) else None,
                weight if isinstance(weight, int) and not isinstance(weight, bool) else 1,
                _filters(ref.get("filters")),
            )
        )
    return Rule(matches or [Match()], list(_filters(raw.get("filters"))), backends)


def _match(kind: str, raw: dict[str, Any]) -> Match:
    def values(key: str) -> tuple[ValueMatch, ...]:
        seen: set[str] = set()
        found = []
        for item in _list(raw.get(key)):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                continue
            # Only the first entry of an equivalent name counts (header names are case-insensitive).
            name = item["name"].lower() if key == "headers" else item["name"]
            if name in seen:
                continue
            seen.add(name)
            found.append(ValueMatch(name, str(item.get("type") or "Exact"), str(item.get("value") or "")))
        return tuple(found)

    if kind == "GRPCRoute":
        method = _map(raw, "method")
        return Match(
            path_type=str(method.get("type") or "Exact"),
            path="",
            headers=values("headers"),
            grpc_service=_text(method.get("service")),
            grpc_method=_text(method.get("method")),
        )
    path = _map(raw, "path")
    return Match(
        path_type=str(path.get("type") or "PathPrefix"),
        path=str(path.get("value") or "/"),
        headers=values("headers"),
        query=values("queryParams"),
        method=_text(raw.get("method")),
    )


def _filters(raw: Any) -> tuple[Filter, ...]:
    found = []
    for item in _list(raw):
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            key = _FILTER_KEYS.get(item["type"], item["type"][:1].lower() + item["type"][1:])
            found.append(Filter(item["type"], _map(item, key)))
    return tuple(found)


def _rule_problem(rule: Rule) -> str | None:
    """The CEL rules of the HTTPRoute CRD that make the apiserver refuse the whole route."""
    filters = [*rule.filters, *(f for b in rule.backends for f in b.filters)]
    if rule.backends and any(f.type == "RequestRedirect" for f in rule.filters):
        return "a rule has both a RequestRedirect filter and backendRefs"
    single_prefix = len(rule.matches) == 1 and rule.matches[0].path_type == "PathPrefix"
    for f in filters:
        replaces_prefix = _map(f.spec, "path").get("type") == "ReplacePrefixMatch"
        if f.type in ("RequestRedirect", "URLRewrite") and replaces_prefix and not single_prefix:
            return f"a {f.type} with ReplacePrefixMatch needs exactly one PathPrefix match"
    return None


def _grant(namespace: str | None, spec: dict[str, Any]) -> Grant:
    sources = tuple(
        (str(s.get("group") or ""), str(s.get("kind") or ""), str(s.get("namespace") or ""))
        for s in _list(spec.get("from"))
        if isinstance(s, dict)
    )
    targets = tuple(
        (str(t.get("group") or ""), str(t.get("kind") or ""), _text(t.get("name")))
        for t in _list(spec.get("to"))
        if isinstance(t, dict)
    )
    return Grant(namespace, sources, targets)


def _map(obj: Any, key: str) -> dict[str, Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _strings(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
