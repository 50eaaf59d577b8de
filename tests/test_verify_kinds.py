"""verify: differences Gateway API cannot avoid are classified as the loss a finding announced.

Each case is a small cluster the random-Ingress property found a difference in; the request is answered
differently, and the kind it is classified as is the one the conversion's finding explains.
"""

from __future__ import annotations

import pytest
from manifests import read

from migrate.convert import convert_inputs
from migrate.options import Options
from migrate.render import Renderer
from migrate.verify.compare import verify

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


@pytest.mark.parametrize(
    ("manifests", "url", "kind", "code"),
    [
        pytest.param(
            WILDCARD_LISTENER,
            "https://im-probe.y.example.com/static",
            "https-not-served",
            "IM303",
            id="another-hosts-wildcard-listener",
        ),
        pytest.param(
            NARROWER_WILDCARD,
            "http://im-probe.y.example.com/",
            "fallthrough",
            "IM224",
            id="fell-through-to-a-broader-wildcard",
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
