"""access: allow and deny lists, the old whitelist name, empty lists and satisfy."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param(
        {"allowlist-source-range": "10.0.0.0/8, 192.168.1.7"},
        "allowlist-source-range",
        [("IM570", "It let in only 10.0.0.0/8, 192.168.1.7")],
        id="allowlist-lists-addresses",
    ),
    pytest.param(
        {"whitelist-source-range": "10.0.0.0/8"},
        "whitelist-source-range",
        [("IM571", "It let in only 10.0.0.0/8")],
        id="old-name-alone-is-read",
    ),
    pytest.param(
        {"allowlist-source-range": "10.0.0.0/8", "whitelist-source-range": "0.0.0.0/0"},
        "whitelist-source-range",
        [("IM574", "reads this old name only when allowlist-source-range is absent or empty")],
        id="old-name-yields-to-the-new",
    ),
    pytest.param(
        {"allowlist-source-range": "", "whitelist-source-range": "10.0.0.0/8"},
        "allowlist-source-range",
        [("IM574", "it is empty, so ingress-nginx read whitelist-source-range instead")],
        id="empty-new-name-reads-the-old",
    ),
    pytest.param(
        {"allowlist-source-range": ""},
        "allowlist-source-range",
        [("IM575", "denied every path of this Ingress (503)")],
        id="empty-list-denies-every-path",
    ),
    pytest.param(
        {"whitelist-source-range": ""},
        "whitelist-source-range",
        [("IM574", "reads an empty old name as absent")],
        id="empty-old-name-alone-is-absent",
    ),
    pytest.param(
        {"denylist-source-range": "203.0.113.0/24"},
        "denylist-source-range",
        [("IM572", "turned away (with 403, before any allow entry) 203.0.113.0/24")],
        id="denylist",
    ),
    pytest.param(
        {"allowlist-source-range": "10.0.0.0/33"},
        "allowlist-source-range",
        [("IM597", "all its paths answered 503")],
        id="invalid-list-denies-every-path",
    ),
    pytest.param(
        {"satisfy": "any", "auth-type": "basic", "auth-secret": "h", "allowlist-source-range": "10.0.0.0/8"},
        "satisfy",
        [("IM573", "let a request in when either the address rules or the authentication passed")],
        id="satisfy-any-with-both",
    ),
    pytest.param(
        {"satisfy": "all", "auth-url": "http://auth.shop.svc/check", "denylist-source-range": "10.0.0.1"},
        "satisfy",
        [("IM573", "when both the address rules and the authentication passed")],
        id="satisfy-all-with-external-auth",
    ),
    pytest.param(
        {"satisfy": "all"},
        "satisfy",
        [("IM573", "had no effect")],
        id="satisfy-alone-does-nothing",
    ),
    pytest.param(
        {"satisfy": "ANY"},
        "satisfy",
        [("IM596", "ignored it and used nginx's default (all)")],
        id="satisfy-is-case-sensitive",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_access(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
