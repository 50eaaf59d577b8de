"""Host behaviours Gateway API cannot keep are reported: wildcard fall-through, the catch-all on port 443;
and a host under a wildcard with a certificate is served as ingress-nginx served it."""

from __future__ import annotations

import pytest
from manifests import convert_text, ingress

from migrate.options import Options


def _codes(text: str, options: Options | None = None) -> list[tuple[str, str | None, str | None]]:
    result = convert_text(text, options)
    return [(f.code.id, f.ingress, f.field) for f in result.findings if f.code.id in ("IM224", "IM313")]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        pytest.param(
            ingress(host="a.example.com"),
            None,
            [("IM313", "app/app", "spec.rules[0].host")],  # the catch-all serves only the default backend's 404
            id="catch-all-default-backend-only",
        ),
        pytest.param(
            ingress(host=None),
            None,
            [("IM313", "app/app", "spec.rules[0].http.paths[0].path")],
            id="catch-all-with-paths",
        ),
        pytest.param(
            ingress(paths="", extra="defaultBackend: {service: {name: fallback, port: {number: 80}}}"),
            None,
            [("IM313", "app/app", "spec.defaultBackend")],
            id="catch-all-default-backend-ingress",
        ),
        pytest.param(
            ingress(host=None),
            Options(default_certificate=("ingress-nginx", "default")),
            [],
            id="default-certificate-keeps-443",
        ),
        pytest.param(
            ingress(name="wild", host="*.example.com")
            + ingress(
                host="a.example.com",
                paths="- {path: /v1, pathType: Prefix, backend: {service: {name: v1, port: {number: 80}}}}",
            ),
            Options(default_certificate=("ingress-nginx", "default")),
            [("IM224", "app/app", "spec.rules[0].host")],
            id="host-without-root-under-wildcard",
        ),
        pytest.param(
            ingress(name="wild", host="*.example.com") + ingress(host="a.example.com"),
            Options(default_certificate=("ingress-nginx", "default")),
            [],
            id="host-with-root-under-wildcard",
        ),
    ],
)
def test_host_findings(text: str, options: Options | None, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert sorted(_codes(text, options), key=str) == sorted(expected, key=str)


def test_host_under_certified_wildcard_joins_its_listener() -> None:
    """certificate.lua finds `*.example.com`'s certificate for a.example.com: HTTPS with it, and a redirect."""
    text = ingress(name="wild", host="*.example.com", extra="tls: [{hosts: ['*.example.com'], secretName: wild}]")
    text += ingress(host="a.example.com")
    routes = {
        (obj.metadata.name, parent.section_name)
        for obj in convert_text(text).objects
        if obj.kind == "HTTPRoute"
        for parent in obj.parent_refs
    }
    assert ("a.example.com", "https-wildcard.example.com") in routes
    assert ("a.example.com-http", "http") in routes
