"""waf: ModSecurity on and off, and the options that need it."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param({"enable-modsecurity": "true"}, "enable-modsecurity", [("IM600", "WAFPolicy")], id="on"),
    pytest.param({"enable-modsecurity": "false"}, "enable-modsecurity", [("IM603", "kept ModSecurity off")], id="off"),
    pytest.param(
        {"enable-owasp-core-rules": "true"},
        "enable-owasp-core-rules",
        [("IM603", "only where ModSecurity is on")],
        id="owasp-without-modsecurity",
    ),
    pytest.param(
        {"enable-owasp-core-rules": "true", "enable-modsecurity": "false"},
        "enable-owasp-core-rules",
        [("IM603", "this Ingress switches ModSecurity off")],
        id="owasp-with-modsecurity-off",
    ),
    pytest.param(
        {"enable-owasp-core-rules": "true", "enable-modsecurity": "true"},
        "enable-owasp-core-rules",
        [("IM601", "F5 WAF for NGINX")],
        id="owasp-with-modsecurity",
    ),
    pytest.param(
        {"modsecurity-transaction-id": "$request_id", "enable-modsecurity": "true"},
        "modsecurity-transaction-id",
        [("IM602", "logs its own request ids")],
        id="transaction-id",
    ),
    pytest.param(
        {"enable-modsecurity": "on"},
        "enable-modsecurity",
        [("IM596", "is not a boolean")],
        id="not-a-boolean-is-ignored",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_waf(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
