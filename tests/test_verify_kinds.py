"""verify: differences Gateway API cannot avoid are classified as the loss a finding announced.

Each case is a small cluster the random-Ingress property found a difference in; the request is answered
differently, and the kind it is classified as is the one the conversion's finding explains.
"""

from __future__ import annotations

from typing import Any

import pytest
from manifests import read

from migrate.convert import convert_inputs
from migrate.findings import Finding
from migrate.options import Options
from migrate.render import Renderer
from migrate.verify.compare import Report, verify

OPTIONS = Options()


def _ingress(name: str, namespace: str, created: str, rules: str, extra: str = "", annotations: str = "") -> str:
    metadata = f"{{name: {name}, namespace: {namespace}, creationTimestamp: '{created}'{annotations}}}"
    return (
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n"
        f"metadata: {metadata}\nspec:\n  ingressClassName: nginx\n  rules:\n{rules}{extra}"
    )


def _rule(host: str, path: str, path_type: str, service: str) -> str:
    backend = f"{{service: {{name: {service}, port: {{number: 80}}}}}}"
    return f"  - host: '{host}'\n    http: {{paths: [{{path: '{path}', pathType: {path_type}, backend: {backend}}}]}}\n"


WILDCARD_LISTENER = _ingress(
    "ing",
    "shop",
    "2024-01-01T00:00:00Z",
    _rule("*.example.com", "/api", "Prefix", "api") + _rule("*.y.example.com", "/static", "Exact", "static"),
    "  tls: [{hosts: ['*.example.com'], secretName: tls}]\n",
)
NARROWER_WILDCARD = _ingress(
    "narrow", "shop", "2024-01-01T00:00:00Z", _rule("*.y.example.com", "/api", "Prefix", "web")
) + _ingress(
    "broad",
    "blog",
    "2024-01-01T00:00:01Z",
    _rule("*.example.com", "/a/b", "Exact", "static"),
    "  defaultBackend: {service: {name: static, port: {number: 80}}}\n",
)
CANARY_ON_HTTPS_HOST = _ingress(
    "app",
    "shop",
    "2024-01-01T00:00:00Z",
    _rule("example.com", "/a/", "Prefix", "web") + _rule("a.example.com", "/a/", "Prefix", "web"),
    "  tls: [{hosts: [a.example.com], secretName: tls}]\n",
) + _ingress(
    "canary",
    "shop",
    "2024-01-01T00:00:01Z",
    _rule("example.com", "/a/", "Prefix", "web-next"),
    annotations=", annotations: {nginx.ingress.kubernetes.io/canary: 'true', "
    "nginx.ingress.kubernetes.io/canary-by-header: X-Canary}",
)

UNDER_A_DEFAULT_CERTIFICATE_WILDCARD = _ingress(
    "app", "blog", "2024-01-01T00:00:00Z", _rule("a.example.com", "/api/v1/", "Exact", "web")
) + _ingress(
    "wildcard",
    "blog",
    "2024-01-01T00:00:01Z",
    _rule("*.example.com", "/static", "Prefix", "static"),
    "  tls: [{hosts: [other.example.org], secretName: tls}]\n",
)
REGEX_PRECEDENCE = _ingress(
    "moved",
    "shop",
    "2024-01-01T00:00:00Z",
    _rule("x.example.com", "/api(/|$)(.*)", "ImplementationSpecific", "web"),
    annotations=", annotations: {nginx.ingress.kubernetes.io/permanent-redirect: 'https://moved.example.org/', "
    "nginx.ingress.kubernetes.io/rewrite-target: /$2}",
) + _ingress(
    "v1",
    "shop",
    "2024-01-01T00:00:01Z",
    _rule("x.example.com", "/api/v1/", "ImplementationSpecific", "web"),
    "  tls: [{hosts: [x.example.com], secretName: tls}]\n",
)


@pytest.mark.parametrize(
    ("manifests", "url", "kind", "code"),
    [
        pytest.param(
            NARROWER_WILDCARD,
            "http://im-probe.y.example.com/",
            "fallthrough",
            "IM224",
            id="fell-through-to-a-broader-wildcard",
        ),
        pytest.param(
            UNDER_A_DEFAULT_CERTIFICATE_WILDCARD,
            "http://a.example.com/api/v1/",
            "https-redirect-missing",
            "IM303",
            id="certificate-lookup-finds-a-default-certificate-wildcard",
        ),
        pytest.param(
            REGEX_PRECEDENCE,
            "http://x.example.com/api/v1/",
            "https-redirect-extra",
            "IM405",
            id="regex-precedence-decides-whose-redirect",
        ),
        pytest.param(
            CANARY_ON_HTTPS_HOST,
            "http://example.com/a/",
            "https-redirect-missing",
            "IM303",
            id="https-redirect-before-the-canary",
        ),
    ],
)
def test_the_difference_is_the_announced_loss(manifests: str, url: str, kind: str, code: str) -> None:
    inputs, findings = read(manifests, OPTIONS)
    result = convert_inputs(inputs, OPTIONS, findings)
    renderer = Renderer()
    documents = [renderer.render(obj).data for obj in result.objects]
    report = verify(inputs.ingresses, inputs.services, inputs.ingress_classes, OPTIONS, documents, result.findings)
    assert not report.unexplained, [d.probe.request.show() for d in report.unexplained]
    found = [d for d in report.differences if d.probe.request.show().startswith(f"GET {url}")]
    assert found, [d.probe.request.show() for d in report.differences]
    assert {d.kind for d in found} == {kind}
    assert all(d.explanation is not None and d.explanation.code.id == code for d in found)


def _report(manifests: str) -> tuple[list[dict[str, Any]], list[Finding], Report]:
    inputs, findings = read(manifests, OPTIONS)
    result = convert_inputs(inputs, OPTIONS, findings)
    renderer = Renderer()
    documents = [renderer.render(obj).data for obj in result.objects]
    report = verify(inputs.ingresses, inputs.services, inputs.ingress_classes, OPTIONS, documents, result.findings)
    return documents, result.findings, report


def test_a_host_under_a_broader_wildcard_listener_is_served_there() -> None:
    """x.y.example.com has no certificate of its own (nginx: the default one on 443), and the Gateway's
    *.example.com listener takes its HTTPS requests: its routes attach there, so they answer them (IM314)."""
    documents, findings, report = _report(WILDCARD_LISTENER)
    routes = [d for d in documents if d["kind"] == "HTTPRoute" and d["spec"]["hostnames"] == ["*.y.example.com"]]
    parents = {ref["sectionName"] for route in routes for ref in route["spec"]["parentRefs"]}
    assert parents == {"http", "https-wildcard.example.com"}
    assert [f.code.id for f in findings if f.code.id in ("IM303", "IM313", "IM314")] == ["IM314"]
    https = [d for d in report.differences if d.probe.request.show().startswith("GET https://im-probe.y.example.com")]
    assert not [d for d in https if d.kind != "wildcard-depth"], [d.probe.request.show() for d in https]
    assert not report.unexplained


SIBLING_ON_AN_HTTPS_HOST = _ingress(
    "site", "shop", "2024-01-01T00:00:00Z", _rule("a.example.com", "/a", "Prefix", "web")
) + _ingress(
    "plain",
    "shop",
    "2024-01-01T00:00:01Z",
    _rule("a.example.com", "/a/", "Prefix", "files"),
    "  tls: [{hosts: [a.example.com], secretName: tls}]\n",
    annotations=", annotations: {nginx.ingress.kubernetes.io/ssl-redirect: 'false'}",
)


def test_an_exact_copy_is_redirected_to_https_with_its_path() -> None:
    """The Exact /a kept beside a Prefix /a/ (which has ssl-redirect off) answers port 80 as /a did: with
    the HTTPS redirect, not with the other rule's backend."""
    _, _, report = _report(SIBLING_ON_AN_HTTPS_HOST)
    assert not [d.probe.request.show() for d in report.differences if "/a " in d.probe.request.show() + " "]
    assert not report.unexplained
