"""legacy: removed names, what replaced them, and what the last releases did without the replacement."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

from migrate.annotations import legacy
from migrate.annotations.base import Key

CASES = [
    pytest.param(
        {"secure-backends": "true"},
        "secure-backends",
        [
            (
                "IM700",
                "spoke plain HTTP to its backends, so it is not converted: if HTTPS is still wanted, add "
                "backend-protocol: HTTPS",
            )
        ],
        id="secure-backends-without-replacement",
    ),
    pytest.param(
        {"secure-backends": "true", "backend-protocol": "HTTPS"},
        "secure-backends",
        [("IM700", "this Ingress sets backend-protocol, which is what the last releases read")],
        id="secure-backends-with-replacement",
    ),
    pytest.param(
        {"grpc-backend": "true"}, "grpc-backend", [("IM701", "add backend-protocol: GRPC")], id="grpc-backend"
    ),
    pytest.param(
        {"enable-opentracing": "true"},
        "enable-opentracing",
        [("IM719", "only if the controller ConfigMap enabled OpenTelemetry")],
        id="opentracing",
    ),
    pytest.param(
        {"global-rate-limit": "100"},
        "global-rate-limit",
        [("IM721", "BackendTrafficPolicy.spec.rateLimit.global")],
        id="global-rate-limit",
    ),
    pytest.param({"add-base-url": "true"}, "add-base-url", [("IM702", "nothing replaces it")], id="no-replacement"),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_legacy(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message


@pytest.mark.parametrize("key", [pytest.param(key, id=key.name) for key in legacy.KEYS])
def test_every_removed_name_is_reported_and_never_validated(key: Key) -> None:
    found = about(findings_of(ingress({key.name: "not-a-value"})), key.name)
    assert [f.code for f in found] == [key.id]
    assert "the last ingress-nginx releases ignored it" in found[0].message
