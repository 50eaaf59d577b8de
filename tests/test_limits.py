"""The Gateway API limits check: its numbers are the CRDs', and it finds every kind of overflow."""

from __future__ import annotations

from typing import Any

import pytest
from validate_support import release_crds

from migrate.gateway.limits import MAX_ITEMS, MAX_ROUTE_MATCHES, problems


def _crd_schemas(channel: str) -> dict[str, dict[str, Any]]:
    schemas = {}
    for document in release_crds(channel):
        version = next(v for v in document["spec"]["versions"] if v.get("storage"))
        schemas[document["spec"]["names"]["kind"]] = version["schema"]["openAPIV3Schema"]
    return schemas


def _schema_at(schema: dict[str, Any], path: str) -> dict[str, Any]:
    for step in path.split("."):
        schema = schema["properties"][step.removesuffix("[]")]
        if step.endswith("[]"):
            schema = schema["items"]
    return schema


@pytest.mark.parametrize("channel", ["standard", "experimental"])
def test_limits_are_the_crds(channel: str) -> None:
    schemas = _crd_schemas(channel)
    for kind, path, limit in MAX_ITEMS:
        assert _schema_at(schemas[kind], path).get("maxItems") == limit, (kind, path)
    rules = _schema_at(schemas["HTTPRoute"], "spec.rules").get("x-kubernetes-validations", [])
    assert any(f"<= {MAX_ROUTE_MATCHES}" in rule["rule"] for rule in rules)


def _route(rules: list[dict[str, Any]], hostnames: int = 1) -> dict[str, Any]:
    return {
        "kind": "HTTPRoute",
        "metadata": {"name": "r", "namespace": "a"},
        "spec": {"hostnames": [f"h{n}.example.com" for n in range(hostnames)], "rules": rules},
    }


def _matches(count: int) -> dict[str, Any]:
    return {"matches": [{"path": {"type": "PathPrefix", "value": f"/{n}"}} for n in range(count)]}


def _gateway(listeners: list[dict[str, Any]], kind: str = "Gateway") -> dict[str, Any]:
    return {"kind": kind, "metadata": {"name": "g", "namespace": "gw"}, "spec": {"listeners": listeners}}


def _listener(number: int, hostname: str | None = None) -> dict[str, Any]:
    return {"name": f"l{number}", "port": 443, "protocol": "HTTPS", "hostname": hostname or f"h{number}.example.com"}


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        pytest.param(_route([_matches(64), _matches(64)]), [], id="route-at-the-limits"),
        pytest.param(_route([_matches(1)] * 17), ["spec.rules has 17 items, more than 16"], id="rules"),
        pytest.param(_route([_matches(65)]), ["spec.rules[0].matches has 65 items, more than 64"], id="matches"),
        pytest.param(
            _route([_matches(64), _matches(64), _matches(1)]),
            ["spec.rules hold 129 matches in all, more than 128"],
            id="route-matches",
        ),
        pytest.param(_route([], hostnames=17), ["spec.hostnames has 17 items, more than 16"], id="hostnames"),
        pytest.param(_gateway([_listener(n) for n in range(64)]), [], id="64-listeners"),
        pytest.param(
            _gateway([_listener(n) for n in range(65)], "ListenerSet"),
            ["spec.listeners has 65 items, more than 64"],
            id="listenerset-listeners",
        ),
        pytest.param(
            _gateway([_listener(1), _listener(1)]),
            [
                "listener name 'l1' is used twice",
                "two listeners share port, protocol and hostname (443, 'HTTPS', 'h1.example.com')",
            ],
            id="duplicate-listener",
        ),
        pytest.param(
            {"kind": "ReferenceGrant", "metadata": {"name": "x" * 254}, "spec": {"to": [{}] * 17}},
            [
                "metadata.name 'xxxxx" + "x" * 249 + "' is empty or longer than 253",
                "spec.to has 17 items, more than 16",
            ],
            id="grant",
        ),
    ],
)
def test_problems(obj: dict[str, Any], expected: list[str]) -> None:
    found = problems([obj])
    assert [item.split(": ", 1)[1] for item in found] == expected
