"""mirror-target: a RequestMirror filter to the Service its URL names."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest, service


def _mirrors(annotations: dict[str, str], *extra: str) -> list[dict[str, Any]]:
    converted = convert(manifest(annotations), *extra)
    return [
        f["requestMirror"]
        for rule in converted.rules()
        for f in rule.get("filters", [])
        if f["type"] == "RequestMirror"
    ]


@pytest.mark.parametrize(
    ("target", "extra", "backend"),
    [
        pytest.param(
            "http://shadow.shop.svc.cluster.local:8080$request_uri",
            (),
            {"group": "", "kind": "Service", "name": "shadow", "port": 8080},
            id="cluster-dns-same-namespace",
        ),
        pytest.param(
            "http://shadow.test.svc/$request_uri",
            (),
            {"group": "", "kind": "Service", "name": "shadow", "namespace": "test", "port": 80},
            id="other-namespace-default-port",
        ),
        pytest.param(
            "http://shadow:9000",
            (service("shadow", [("http", 9000)]),),
            {"group": "", "kind": "Service", "name": "shadow", "port": 9000},
            id="short-name-of-a-service-in-the-input",
        ),
        pytest.param("http://shadow:9000", (), None, id="short-name-not-in-the-input"),
        pytest.param("https://test.env.com/$request_uri", (), None, id="external-host"),
        pytest.param("http://shadow:1234", (service("shadow", [("http", 9000)]),), None, id="port-the-service-lacks"),
        pytest.param("http://$upstream/$request_uri", (), None, id="variable-host"),
    ],
)
def test_mirror_backend(target: str, extra: tuple[str, ...], backend: dict[str, Any] | None) -> None:
    mirrors = _mirrors({"mirror-target": target}, *extra)
    assert mirrors == ([{"backendRef": backend}] if backend else [])


@pytest.mark.parametrize(
    ("annotations", "code", "words"),
    [
        pytest.param({"mirror-target": "https://test.env.com/"}, "IM493", "needs a Service", id="unresolved"),
        pytest.param({"mirror-target": "no-scheme"}, "IM493", "scheme", id="not-a-url"),
        pytest.param({"mirror-target": 'http://a"b'}, "IM596", "no mirror", id="validator-rejects"),
        pytest.param(
            {"mirror-target": "http://m.shop.svc/$request_uri"}, "IM490", "Host header", id="host-header-noted"
        ),
        pytest.param({"mirror-target": "http://m.shop.svc/copies"}, "IM490", "own path", id="fixed-path-noted"),
        pytest.param({"mirror-request-body": "off"}, "IM492", "bodies", id="body-off"),
        pytest.param({"mirror-host": "m.example.com"}, "IM491", "cannot be set", id="host"),
    ],
)
def test_findings(annotations: dict[str, str], code: str, words: str) -> None:
    converted = convert(manifest(annotations))
    assert any(words in m for m in converted.messages(code)), converted.findings
    assert "IM803" not in converted.codes()


def test_request_body_on_is_what_gateway_does() -> None:
    assert "IM492" not in convert(manifest({"mirror-request-body": "on"})).codes()


def test_https_mirror_gets_a_backend_tls_policy() -> None:
    converted = convert(manifest({"mirror-target": "https://shadow.shop.svc.cluster.local$request_uri"}))
    policy = converted.one("BackendTLSPolicy", "shadow")
    assert policy["spec"]["validation"]["hostname"] == "shadow.shop.svc.cluster.local"


def test_mirror_in_another_namespace_gets_a_reference_grant() -> None:
    converted = convert(manifest({"mirror-target": "http://shadow.test.svc.cluster.local"}))
    grant = converted.one("ReferenceGrant", "shop-routes")
    assert grant["metadata"]["namespace"] == "test"
