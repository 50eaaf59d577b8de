"""backend-protocol and proxy-ssl-*: BackendTLSPolicy, GRPCRoute, and what ingress-nginx did with bad values."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest, service

from migrate.annotations import FAMILIES
from migrate.annotations.base import Family, Status
from migrate.gateway import grpc
from migrate.gateway.ir import BackendTLSPolicy, Metadata, MethodMatch, PathMatch, PolicyTarget
from migrate.output import file_name

HTTPS = {"backend-protocol": "HTTPS"}
SECRET = {**HTTPS, "proxy-ssl-secret": "shop/backend-ca"}


def _validation(annotations: dict[str, str], *extra: str) -> dict[str, Any]:
    converted = convert(manifest(annotations), *extra)
    return converted.one("BackendTLSPolicy")["spec"]["validation"]


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        pytest.param(
            HTTPS,
            {"hostname": "app.shop.svc.cluster.local", "wellKnownCACertificates": "System"},
            id="https-alone-verifies-the-service-name-against-system-cas",
        ),
        pytest.param(
            {"backend-protocol": " https "},
            {"hostname": "app.shop.svc.cluster.local", "wellKnownCACertificates": "System"},
            id="value-is-case-insensitive-and-trimmed",
        ),
        pytest.param(
            {**SECRET, "proxy-ssl-verify": "on", "proxy-ssl-name": "API.Shop.Internal"},
            {
                "hostname": "api.shop.internal",
                "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "backend-ca"}],
            },
            id="secret-and-name-become-ca-configmap-and-hostname",
        ),
        pytest.param(
            {**HTTPS, "proxy-ssl-name": "api.internal"},
            {"hostname": "api.internal", "wellKnownCACertificates": "System"},
            id="name-without-secret-is-still-the-best-hostname",
        ),
        pytest.param(
            {**SECRET, "proxy-ssl-name": "$host"},
            {
                "hostname": "app.shop.svc.cluster.local",
                "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "backend-ca"}],
            },
            id="variable-name-falls-back-to-service-dns",
        ),
        pytest.param(
            {"backend-protocol": "GRPCS"},
            {"hostname": "app.shop.svc.cluster.local", "wellKnownCACertificates": "System"},
            id="grpcs-gets-a-policy-too",
        ),
    ],
)
def test_policy_validation(annotations: dict[str, str], expected: dict[str, Any]) -> None:
    assert _validation(annotations) == expected


@pytest.mark.parametrize(
    ("annotations", "present", "absent"),
    [
        pytest.param(HTTPS, ["IM508"], ["IM509", "IM511"], id="unverified-by-default-is-flagged"),
        pytest.param({**SECRET, "proxy-ssl-verify": "on"}, ["IM509", "IM511"], ["IM508"], id="verified-needs-ca-copy"),
        pytest.param({**SECRET, "proxy-ssl-verify": "off"}, ["IM508", "IM509"], [], id="secret-without-verify"),
        pytest.param({**SECRET, "proxy-ssl-verify": "yes"}, ["IM596", "IM508"], [], id="bad-verify-falls-back-to-off"),
        pytest.param({**SECRET, "proxy-ssl-server-name": "true"}, ["IM596"], [], id="bad-server-name-falls-back"),
        pytest.param({**HTTPS, "proxy-ssl-verify": "on"}, ["IM502", "IM508"], [], id="verify-without-secret-ignored"),
        pytest.param({"backend-protocol": "AJP"}, ["IM596"], ["IM508"], id="unknown-protocol-falls-back-to-http"),
        pytest.param({"backend-protocol": "FCGI"}, ["IM653"], ["IM508"], id="fastcgi-is-an-error"),
        pytest.param({"backend-protocol": "AUTO_HTTP"}, ["IM654"], ["IM508"], id="auto-http-uses-http"),
        pytest.param({**HTTPS, "proxy-ssl-secret": "backend-ca"}, ["IM518"], [], id="secret-without-namespace-503"),
        pytest.param({**HTTPS, "proxy-ssl-secret": "shop/ca!"}, ["IM595", "IM508"], ["IM509"], id="secret-refused"),
        pytest.param({**HTTPS, "proxy-ssl-secret": "other/ca"}, ["IM518"], ["IM509"], id="cross-namespace-secret-503"),
        pytest.param({"proxy-ssl-secret": "shop/ca"}, ["IM501"], ["IM508"], id="secret-on-http-backend-no-effect"),
        pytest.param({**SECRET, "proxy-ssl-verify-depth": "2"}, ["IM505"], [], id="depth-is-not-carried"),
        pytest.param({**SECRET, "proxy-ssl-ciphers": "HIGH"}, ["IM506"], [], id="ciphers-need-a-policy"),
        pytest.param({**SECRET, "proxy-ssl-protocols": "TLSv1.3"}, ["IM507"], [], id="protocols-need-a-policy"),
    ],
)
def test_findings(annotations: dict[str, str], present: list[str], absent: list[str]) -> None:
    codes = convert(manifest(annotations)).codes()
    for code in present:
        assert code in codes
    for code in absent:
        assert code not in codes
    assert "IM803" not in codes


def test_refused_and_denied_are_errors_that_say_what_the_controller_did() -> None:
    refused = convert(manifest({**HTTPS, "proxy-ssl-secret": "shop/ca!", "proxy-ssl-verify": "on"}))
    (finding,) = [f for f in refused.findings if f.code.id == "IM595"]
    assert finding.severity.value == "error"
    assert finding.field == "nginx.ingress.kubernetes.io/proxy-ssl-secret" and finding.line
    assert refused.of("HTTPRoute"), "the routing is still converted"
    # Without the refused Secret nothing else of proxy-ssl-* was read: the backend is reached unverified.
    assert refused.one("BackendTLSPolicy")["spec"]["validation"]["wellKnownCACertificates"] == "System"
    assert "IM502" not in refused.codes()
    denied = convert(manifest({**HTTPS, "proxy-ssl-secret": "ca"}))
    (finding,) = [f for f in denied.findings if f.code.id == "IM518"]
    assert finding.severity.value == "error" and "503" in finding.message


def test_policy_names_the_port_when_the_service_has_others() -> None:
    converted = convert(
        manifest(HTTPS, paths=(("/", "Prefix", "app", 8443),)),
        service("app", [("https", 8443), ("metrics", 9090)]),
    )
    policy = converted.one("BackendTLSPolicy", "app-https")
    assert policy["spec"]["targetRefs"] == [{"group": "", "kind": "Service", "name": "app", "sectionName": "https"}]


def test_single_port_service_needs_no_section_name() -> None:
    converted = convert(manifest(HTTPS, paths=(("/", "Prefix", "app", 8443),)), service("app", [("https", 8443)]))
    assert converted.one("BackendTLSPolicy", "app")["spec"]["targetRefs"] == [
        {"group": "", "kind": "Service", "name": "app"}
    ]


def test_external_name_service_is_verified_under_its_external_name() -> None:
    external = service("app", [(None, 443)], type="ExternalName", externalName="API.Partner.Example.")
    converted = convert(manifest(HTTPS, paths=(("/", "Prefix", "app", 443),)), external)
    assert converted.one("BackendTLSPolicy")["spec"]["validation"]["hostname"] == "api.partner.example"


def test_one_policy_per_service_across_ingresses_and_plain_users_flagged() -> None:
    converted = convert(
        manifest(HTTPS, name="a", host="a.example.com"),
        manifest(HTTPS, name="b", host="b.example.com"),
        manifest({}, name="c", host="c.example.com"),
    )
    assert len(converted.of("BackendTLSPolicy")) == 1
    (conflict,) = converted.messages("IM510")
    assert "shop/c.example.com" in conflict and "plain HTTP" in conflict


def test_ingresses_disagreeing_on_the_ca_are_flagged() -> None:
    converted = convert(
        manifest({**SECRET, "proxy-ssl-verify": "on"}, name="a", host="a.example.com", created="2024-01-01T00:00:00Z"),
        manifest({**HTTPS, "proxy-ssl-secret": "shop/other-ca"}, name="b", host="b.example.com"),
    )
    policy = converted.one("BackendTLSPolicy")
    assert policy["spec"]["validation"]["caCertificateRefs"][0]["name"] == "backend-ca"
    assert any("another CA" in m for m in converted.messages("IM510"))


def test_host_level_proxy_ssl_is_inherited_by_other_ingresses_of_the_host() -> None:
    # The oldest Ingress of the host sets proxy-ssl-*; nginx writes it at server level.
    older = manifest(
        {"proxy-ssl-secret": "shop/backend-ca", "proxy-ssl-verify": "on"},
        name="older",
        paths=(("/", "Prefix", "web", 80),),
        created="2023-01-01T00:00:00Z",
    )
    newer = manifest(HTTPS, name="newer", paths=(("/api", "Prefix", "api", 8443),), created="2024-01-01T00:00:00Z")
    converted = convert(older, newer)
    policy = converted.one("BackendTLSPolicy", "api")
    assert policy["spec"]["validation"]["caCertificateRefs"][0]["name"] == "backend-ca"
    assert "IM508" not in converted.codes()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(PathMatch("PathPrefix", "/"), None, id="root-matches-every-call"),
        pytest.param(PathMatch("PathPrefix", "/shop.Cart/"), MethodMatch("shop.Cart"), id="service-prefix"),
        pytest.param(PathMatch("PathPrefix", "/shop.Cart"), MethodMatch("shop.Cart"), id="service-without-slash"),
        pytest.param(PathMatch("Exact", "/shop.Cart/Get"), MethodMatch("shop.Cart", "Get"), id="exact-method"),
        pytest.param(PathMatch("PathPrefix", "/shop.Cart/Get"), MethodMatch("shop.Cart", "Get"), id="prefix-method"),
        pytest.param(PathMatch("Exact", "/"), "matches only", id="exact-root-matches-no-call"),
        pytest.param(PathMatch("Exact", "/shop.Cart"), "without a method", id="exact-service-matches-no-call"),
        pytest.param(PathMatch("PathPrefix", "/a/b/c"), "deeper", id="too-deep"),
        pytest.param(PathMatch("PathPrefix", "/my-api/"), "not a gRPC service", id="not-a-service-name"),
        pytest.param(PathMatch("PathPrefix", "/shop.Cart/get-item"), "not a gRPC method", id="not-a-method-name"),
        pytest.param(PathMatch("RegularExpression", "/shop.*"), "regular expression", id="regex"),
    ],
)
def test_grpc_method_match(path: PathMatch, expected: MethodMatch | str | None) -> None:
    found = grpc.method_match(path)
    if isinstance(expected, str):
        assert isinstance(found, str) and expected in found
    else:
        assert found == expected


def test_grpc_only_host_becomes_a_grpc_route() -> None:
    converted = convert(
        manifest(
            {"backend-protocol": "GRPC"},
            paths=(("/shop.Cart/", "Prefix", "cart", 50051), ("/shop.Orders/List", "Exact", "orders", 50051)),
        )
    )
    assert not converted.of("HTTPRoute")
    rules = converted.rules("GRPCRoute")
    assert [r["matches"] for r in rules] == [
        [{"method": {"type": "Exact", "service": "shop.Cart"}}],
        [{"method": {"type": "Exact", "service": "shop.Orders", "method": "List"}}],
    ]
    assert not converted.of("BackendTLSPolicy")


def test_grpc_root_path_matches_everything() -> None:
    converted = convert(manifest({"backend-protocol": "GRPC"}))
    assert converted.rules("GRPCRoute") == [{"backendRefs": [{"name": "app", "port": 80}]}]


def test_grpc_paths_that_match_no_call_are_left_out_and_flagged() -> None:
    converted = convert(
        manifest({"backend-protocol": "GRPC"}, paths=(("/", "Prefix", "app", 80), ("/v1/items/x", "Prefix", "b", 80)))
    )
    assert [r["backendRefs"][0]["name"] for r in converted.rules("GRPCRoute")] == ["app"]
    assert "IM512" in converted.codes()


def test_grpc_host_with_http_paths_stays_httproute_with_h2c_finding() -> None:
    grpc_ingress = manifest(
        {"backend-protocol": "GRPC"}, name="grpc", paths=(("/shop.Cart/", "Prefix", "cart", 50051),)
    )
    web = manifest({}, name="web", paths=(("/", "Prefix", "web", 80),))
    converted = convert(grpc_ingress, web)
    assert not converted.of("GRPCRoute")
    assert "IM513" in converted.codes()
    assert "appProtocol: kubernetes.io/h2c" in converted.messages("IM513")[0]


def test_grpc_route_cannot_carry_timeouts() -> None:
    converted = convert(manifest({"backend-protocol": "GRPC", "proxy-read-timeout": "30"}))
    assert "timeouts" not in converted.rules("GRPCRoute")[0]
    assert "IM514" in converted.codes()


def test_grpc_with_tls_host_redirects_port_80_in_an_httproute() -> None:
    converted = convert(manifest({"backend-protocol": "GRPCS"}, tls="app-tls"))
    (route,) = converted.of("GRPCRoute")
    assert route["spec"]["parentRefs"][0]["sectionName"] == "https.app.example.com"
    (redirect,) = converted.of("HTTPRoute")
    assert redirect["spec"]["rules"][0]["filters"][0]["type"] == "RequestRedirect"
    converted.one("BackendTLSPolicy")


@pytest.mark.parametrize(
    "family",
    [
        pytest.param(family, id=family.name)
        for family in FAMILIES
        if family.name
        in {
            "Backend protocol and TLS",
            "TLS passthrough",
            "Client certificates and TLS options",
            "FastCGI and HTTP/2 push",
            "Timeouts and retries",
            "Session affinity",
            "External authentication",
            "Mirroring",
        }
    ],
)
def test_every_standard_and_experimental_key_of_these_families_is_translated(family: Family) -> None:
    # Nothing of these families may reach the dispatcher's "not converted by this version" placeholder.
    for key in family.keys:
        if key.status in (Status.STANDARD, Status.EXPERIMENTAL):
            assert key.name in family.handles, key.name
        if key.status in (Status.POLICY, Status.NONE):
            assert key.why, f"{key.name} needs a why"


def test_policies_go_beside_the_route_file_of_their_ingress() -> None:
    policy = BackendTLSPolicy(Metadata("api", "shop", home="apps/shop/ingress.yaml"), [PolicyTarget("api")], "api")
    assert file_name(policy, "yaml") == "apps/shop/ingress.policies.yaml"


def test_canary_backends_of_an_https_primary_get_their_policy_too() -> None:
    # The canary shares its primary's location config (backend-protocol included), in its own namespace.
    primary = manifest(HTTPS, name="api", paths=(("/", "Prefix", "api", 8443),))
    canary = manifest(
        {"canary": "true", "canary-weight": "10"},
        name="api-v2",
        namespace="beta",
        paths=(("/", "Prefix", "api-v2", 8443),),
    )
    converted = convert(primary, canary)
    policies = {(p["metadata"]["namespace"], p["metadata"]["name"]) for p in converted.of("BackendTLSPolicy")}
    assert policies == {("shop", "api"), ("beta", "api-v2")}


def test_grpc_route_to_a_canary_in_another_namespace_is_granted_as_a_grpc_route() -> None:
    primary = manifest({"backend-protocol": "GRPC"}, name="cart", paths=(("/", "Prefix", "cart", 50051),))
    canary = manifest(
        {"canary": "true", "canary-weight": "10"},
        name="cart-v2",
        namespace="beta",
        paths=(("/", "Prefix", "cart-v2", 50051),),
    )
    converted = convert(primary, canary)
    (route,) = converted.of("GRPCRoute")
    refs = [ref for rule in route["spec"]["rules"] for ref in rule["backendRefs"]]
    assert {"name": "cart-v2", "namespace": "beta", "port": 50051, "weight": 10} in refs
    (grant,) = [g for g in converted.of("ReferenceGrant") if g["metadata"]["namespace"] == "beta"]
    assert grant["spec"]["from"] == [{"group": "gateway.networking.k8s.io", "kind": "GRPCRoute", "namespace": "shop"}]
