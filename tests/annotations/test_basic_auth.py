"""basic_auth: what ingress-nginx did with auth-type, auth-secret, auth-secret-type and auth-realm."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param(
        {"auth-type": "basic", "auth-secret": "htpasswd"},
        "auth-type",
        [("IM560", "warning", "asked for HTTP Basic")],
        id="basic-is-flagged-with-policies",
    ),
    pytest.param(
        {"auth-type": "digest", "auth-secret": "htpasswd"},
        "auth-type",
        [("IM560", "warning", "HTTP Digest authentication")],
        id="digest-has-no-implementation",
    ),
    pytest.param(
        # authTypeRegex is unanchored: the validator accepts it, and only exactly "basic" is Basic.
        {"auth-type": "basicx", "auth-secret": "htpasswd"},
        "auth-type",
        [("IM560", "warning", "every value but exactly `basic` selects Digest")],
        id="anything-but-basic-is-digest",
    ),
    pytest.param(
        {"auth-type": "basic"},
        "auth-type",
        [("IM560", "warning", "HTTP Basic"), ("IM565", "error", "denied every path of this Ingress (503)")],
        id="missing-secret-denies-every-path",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "other/htpasswd"},
        "auth-secret",
        [("IM566", "error", "allow-cross-namespace-resources off")],
        id="cross-namespace-secret-is-denied",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "a/b/c"},
        "auth-secret",
        [("IM566", "error", "not a Secret name or namespace/name")],
        id="malformed-secret-is-denied",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "shop/htpasswd"},
        "auth-secret",
        [("IM561", "warning", "Secret shop/htpasswd holds an htpasswd file under the key auth (auth-file)")],
        id="auth-file-layout",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "users", "auth-secret-type": "auth-map"},
        "auth-secret",
        [("IM561", "warning", "one key per user with the password hash as value (auth-map)")],
        id="auth-map-layout",
    ),
    pytest.param(
        {"auth-secret": "htpasswd", "auth-realm": "Members"},
        "auth-secret",
        [("IM564", "info", "turned authentication on only with auth-type")],
        id="secret-without-type-is-ignored",
    ),
    pytest.param(
        {"auth-realm": "Members"},
        "auth-realm",
        [("IM564", "info", "turned authentication on only with auth-type")],
        id="realm-without-type-is-ignored",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "htpasswd", "auth-realm": "Members only"},
        "auth-realm",
        [("IM563", "warning", "AuthenticationFilter.spec.basic.realm")],
        id="realm-is-flagged",
    ),
    pytest.param(
        {"auth-type": "basic", "auth-secret": "htpasswd", "auth-realm": "Members; deny all"},
        "auth-realm",
        [("IM595", "error", "skip this whole Ingress")],
        id="realm-with-forbidden-characters-refuses-the-ingress",
    ),
    pytest.param(
        {"auth-type": "ntlm", "auth-secret": "htpasswd"},
        "auth-type",
        [("IM595", "error", "is not basic or digest")],
        id="unknown-type-refuses-the-ingress",
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_basic_auth(annotations: dict[str, str], key: str, expected: list[tuple[str, str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [(f.code, f.severity) for f in found] == [(code, severity) for code, severity, _ in expected]
    for finding, (_, _, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message


def test_every_key_is_reported_once() -> None:
    annotations = {"auth-type": "basic", "auth-secret": "htpasswd", "auth-secret-type": "auth-file", "auth-realm": "x"}
    found = findings_of(ingress(annotations))
    for key in annotations:
        assert len(about(found, key)) == 1, key
