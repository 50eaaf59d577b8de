"""auth-url and friends: the ExternalAuth filter on the experimental channel, and what ingress-nginx refused."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest, service

URL = "http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth"


def _filters(annotations: dict[str, str], *extra: str) -> list[dict[str, Any]]:
    converted = convert(manifest(annotations), *extra, channel="experimental")
    return [f for rule in converted.rules() for f in rule.get("filters", [])]


@pytest.mark.parametrize(
    ("annotations", "extra", "expected"),
    [
        pytest.param(
            {"auth-url": URL, "auth-response-headers": "X-Auth-Request-User, X-Auth-Request-Email"},
            (),
            {
                "protocol": "HTTP",
                "backendRef": {
                    "group": "",
                    "kind": "Service",
                    "name": "oauth2-proxy",
                    "namespace": "auth",
                    "port": 4180,
                },
                "http": {
                    "path": "/oauth2/auth",
                    "allowedResponseHeaders": ["X-Auth-Request-User", "X-Auth-Request-Email"],
                },
            },
            id="cluster-dns-url",
        ),
        pytest.param(
            {"auth-url": "http://authz/check"},
            (service("authz", [("http", 80)]),),
            {
                "protocol": "HTTP",
                "backendRef": {"group": "", "kind": "Service", "name": "authz", "port": 80},
                "http": {"path": "/check"},
            },
            id="service-of-the-input-by-its-short-name",
        ),
        pytest.param(
            {"auth-url": "http://authz.svc"},
            (),
            None,
            id="svc-suffix-needs-a-namespace",
        ),
    ],
)
def test_filter(annotations: dict[str, str], extra: tuple[str, ...], expected: dict[str, Any] | None) -> None:
    found = [f["externalAuth"] for f in _filters(annotations, *extra) if f["type"] == "ExternalAuth"]
    assert found == ([expected] if expected else [])


def test_url_through_the_same_host_resolves_to_the_backend_of_its_path() -> None:
    app = manifest(
        {"auth-url": "https://$host/oauth2/auth"},
        paths=(("/", "Prefix", "app", 80), ("/oauth2", "Prefix", "oauth2-proxy", 4180)),
    )
    converted = convert(app, channel="experimental")
    filters = [f for rule in converted.rules() for f in rule.get("filters", []) if f["type"] == "ExternalAuth"]
    assert filters and all(f["externalAuth"]["backendRef"]["name"] == "oauth2-proxy" for f in filters)


def test_cross_namespace_auth_service_gets_a_reference_grant() -> None:
    converted = convert(manifest({"auth-url": URL}), channel="experimental")
    grant = converted.one("ReferenceGrant", "shop-routes")
    assert grant["metadata"]["namespace"] == "auth"
    assert grant["spec"]["from"] == [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "shop"}]
    assert grant["spec"]["to"] == [{"group": "", "kind": "Service", "name": "oauth2-proxy"}]


@pytest.mark.parametrize(
    ("annotations", "channel", "code", "severity"),
    [
        pytest.param({"auth-url": URL}, "standard", "IM559", "error", id="standard-channel-leaves-routes-open"),
        pytest.param({"auth-url": URL}, "experimental", "IM556", "warning", id="semantics-flagged"),
        pytest.param({"auth-url": "https://auth.example.org/check"}, "experimental", "IM555", "error", id="external"),
        pytest.param({"auth-url": "http://auth.svc.cluster.local/x#y"}, "standard", "IM595", "error", id="refused"),
        pytest.param({"auth-url": "auth/check"}, "standard", "IM597", "error", id="not-a-url-503"),
        pytest.param({"auth-url": "http://invalid..host/"}, "standard", "IM597", "error", id="bad-host-503"),
        pytest.param({"auth-url": URL, "auth-method": "FETCH"}, "standard", "IM597", "error", id="bad-method-503"),
        pytest.param({"auth-url": URL, "auth-response-headers": "X-A;B"}, "experimental", "IM597", "error", id="hdr"),
        pytest.param({"auth-url": URL, "auth-signin": "https://x/start"}, "experimental", "IM543", "warning", id="in"),
        pytest.param({"enable-global-auth": "false"}, "standard", "IM554", "warning", id="global-auth-policy"),
        pytest.param({"auth-response-headers": "X-User"}, "experimental", "IM541", "warning", id="without-url"),
    ],
)
def test_findings(annotations: dict[str, str], channel: str, code: str, severity: str) -> None:
    converted = convert(manifest(annotations), channel=channel)
    found = [f for f in converted.findings if f.code.id == code]
    assert found, converted.codes()
    assert {f.severity.value for f in found} == {severity}
    assert "IM803" not in converted.codes()


def test_semantics_name_the_differences_that_break_setups() -> None:
    converted = convert(manifest({"auth-url": URL}), channel="experimental")
    (message,) = converted.messages("IM556")
    for words in ("appends each request's path", "only a 200", "cookies included", "copies all"):
        assert words in message


def test_unresolvable_url_leaves_no_filter_and_says_the_routes_are_open() -> None:
    converted = convert(manifest({"auth-url": "https://auth.example.org/check"}), channel="experimental")
    assert not any("filters" in rule for rule in converted.rules())
    assert "NOT authenticated" in converted.messages("IM555")[0]


def test_grpc_routes_cannot_be_authenticated_which_is_an_error() -> None:
    converted = convert(manifest({"auth-url": URL, "backend-protocol": "GRPC"}), channel="experimental")
    (finding,) = [f for f in converted.findings if f.code.id == "IM559"]
    assert finding.severity.value == "error"
