"""errors: intercepted status codes, the per-Ingress default backend and the Service it names."""

from __future__ import annotations

import json

import pytest
from ingress_findings import about, findings_of, ingress

SERVICE = json.dumps(
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "error-pages", "namespace": "shop"},
        "spec": {"ports": [{"port": 8080}]},
    }
)

CASES = [
    pytest.param(
        {"custom-http-errors": "404,503"},
        "custom-http-errors",
        [
            (
                "IM640",
                "replaced the backends' 404, 503 answers on every path of this Ingress with the answer of the "
                "controller's default backend",
            )
        ],
        id="codes-go-to-the-controller-default-backend",
    ),
    pytest.param(
        {"custom-http-errors": "404,503", "default-backend": "error-pages"},
        "custom-http-errors",
        [("IM640", "with the answer of Service shop/error-pages")],
        id="codes-go-to-the-default-backend",
    ),
    pytest.param(
        {"custom-http-errors": "404, 503"},
        "custom-http-errors",
        [("IM598", "dropped its custom-http-errors")],
        id="space-after-comma-drops-them",
    ),
    pytest.param(
        {"custom-http-errors": "200,404"},
        "custom-http-errors",
        [("IM595", "a comma-separated list of 4xx and 5xx codes")],
        id="non-error-code-refuses",
    ),
    pytest.param(
        {"default-backend": "error-pages"},
        "default-backend",
        [("IM641", "Service shop/error-pages served the paths of this Ingress whose Service had no endpoints")],
        id="default-backend",
    ),
    pytest.param(
        {"default-backend": "Error_Pages"},
        "default-backend",
        [("IM595", "is not a Service name")],
        id="bad-service-name-refuses",
    ),
    pytest.param(
        {"disable-proxy-intercept-errors": "true"},
        "disable-proxy-intercept-errors",
        [("IM643", "without custom-http-errors")],
        id="no-intercept-alone",
    ),
    pytest.param(
        {"disable-proxy-intercept-errors": "true", "custom-http-errors": "503"},
        "disable-proxy-intercept-errors",
        [("IM642", "it goes with custom-http-errors")],
        id="no-intercept-with-errors",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_errors(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message


@pytest.mark.parametrize(
    ("documents", "fragment"),
    [
        pytest.param([SERVICE], "(port 8080, in the input)", id="service-in-the-input"),
        pytest.param(
            [SERVICE.replace("error-pages", "other")], "not in the input: if it did not exist", id="service-missing"
        ),
    ],
)
def test_default_backend_service_is_looked_up(documents: list[str], fragment: str) -> None:
    found = about(findings_of(ingress({"default-backend": "error-pages"}), *documents), "default-backend")
    assert [f.code for f in found] == ["IM641"]
    assert fragment in found[0].message
