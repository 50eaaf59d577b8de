"""observability: access logs and tracing, and the tracing options ingress-nginx reads only when tracing is on."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param(
        {"enable-access-log": "false"}, "enable-access-log", [("IM610", "switched access logs off")], id="off"
    ),
    pytest.param({"enable-access-log": "true"}, "enable-access-log", [("IM615", "default")], id="default"),
    pytest.param({"enable-rewrite-log": "true"}, "enable-rewrite-log", [("IM611", "notice-level")], id="rewrite-log"),
    pytest.param({"enable-rewrite-log": "false"}, "enable-rewrite-log", [("IM615", "default")], id="rewrite-log-off"),
    pytest.param(
        {"enable-opentelemetry": "true"},
        "enable-opentelemetry",
        [("IM612", "traced every path of this Ingress")],
        id="tracing-on",
    ),
    pytest.param(
        {"enable-opentelemetry": "false"}, "enable-opentelemetry", [("IM612", "switched tracing off")], id="tracing-off"
    ),
    pytest.param(
        {"opentelemetry-trust-incoming-span": "false"},
        "opentelemetry-trust-incoming-span",
        [("IM615", "only when enable-opentelemetry is true")],
        id="trust-without-tracing-is-ignored",
    ),
    pytest.param(
        {"opentelemetry-trust-incoming-span": "false", "enable-opentelemetry": "true"},
        "opentelemetry-trust-incoming-span",
        [("IM614", "ObservabilityPolicy.spec.tracing.context")],
        id="trust-with-tracing",
    ),
    pytest.param(
        {"opentelemetry-operation-name": "bad name!", "enable-opentelemetry": "true"},
        "opentelemetry-operation-name",
        [("IM595", "skip this whole Ingress")],
        id="bad-operation-name-refuses-the-ingress",
    ),
    pytest.param(
        {"opentelemetry-operation-name": "bad name!"},
        "opentelemetry-operation-name",
        [("IM615", "only when enable-opentelemetry is true")],
        id="bad-operation-name-unread-without-tracing",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_observability(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
