"""auth-tls-*: the Gateway's client-certificate validation (per port), and the keys it cannot carry."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_ingress import convert, manifest

MTLS = {"auth-tls-secret": "shop/client-ca"}


def _gateway_tls(converted: Any) -> Any:
    return converted.one("Gateway")["spec"].get("tls")


@pytest.mark.parametrize(
    ("annotations", "mode"),
    [
        pytest.param(MTLS, "AllowValidOnly", id="default-on"),
        pytest.param({**MTLS, "auth-tls-verify-client": "on"}, "AllowValidOnly", id="on"),
        pytest.param({**MTLS, "auth-tls-verify-client": "optional"}, "AllowInsecureFallback", id="optional"),
        pytest.param({**MTLS, "auth-tls-verify-client": "optional_no_ca"}, "AllowInsecureFallback", id="no-ca"),
        pytest.param({**MTLS, "auth-tls-verify-client": "maybe"}, "AllowValidOnly", id="invalid-falls-back-to-on"),
    ],
)
def test_validation_mode(annotations: dict[str, str], mode: str) -> None:
    tls = _gateway_tls(convert(manifest(annotations, tls="app-tls")))
    assert tls == {
        "frontend": {
            "default": {
                "validation": {
                    "mode": mode,
                    "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "client-ca", "namespace": "shop"}],
                }
            }
        }
    }


def test_ca_configmap_in_another_namespace_than_the_gateway_gets_a_reference_grant() -> None:
    converted = convert(manifest(MTLS, tls="app-tls"))
    grant = converted.one("ReferenceGrant", "gateway-system-nginx-client-ca")
    assert grant["metadata"]["namespace"] == "shop"
    assert grant["spec"]["to"] == [{"group": "", "kind": "ConfigMap", "name": "client-ca"}]
    assert grant["spec"]["from"] == [
        {"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "gateway-system"}
    ]
    (message,) = converted.messages("IM530")
    assert "kubectl -n shop create configmap client-ca" in message


@pytest.mark.parametrize(
    ("annotations", "code", "severity"),
    [
        pytest.param({"auth-tls-secret": "client-ca"}, "IM538", "error", id="no-namespace-host-answered-403"),
        pytest.param({"auth-tls-secret": "shop/ca;"}, "IM595", "error", id="bad-characters-refused"),
        pytest.param({**MTLS, "auth-tls-error-page": "not a url"}, "IM595", "error", id="bad-error-page-refused"),
        pytest.param(
            {**MTLS, "auth-tls-pass-certificate-to-upstream": "yes"}, "IM595", "error", id="pass-cert-refused"
        ),
        pytest.param({**MTLS, "auth-tls-match-cn": "O=shop"}, "IM595", "error", id="match-cn-needs-cn"),
        pytest.param({"ssl-ciphers": "HIGH;!aNULL"}, "IM595", "error", id="ciphers-refused"),
        pytest.param({**MTLS, "auth-tls-verify-client": "optional"}, "IM531", "warning", id="optional-approximate"),
        pytest.param({**MTLS, "auth-tls-match-cn": "CN=client"}, "IM535", "warning", id="match-cn-not-carried"),
        pytest.param({**MTLS, "auth-tls-verify-depth": "2"}, "IM532", "warning", id="depth-not-carried"),
        pytest.param({**MTLS, "auth-tls-pass-certificate-to-upstream": "true"}, "IM534", "warning", id="pass-cert"),
        pytest.param({"ssl-ciphers": "HIGH:!aNULL"}, "IM536", "warning", id="ciphers-need-a-policy"),
        pytest.param({"ssl-prefer-server-ciphers": "true"}, "IM537", "warning", id="prefer-not-carried"),
        pytest.param({"auth-tls-verify-client": "on"}, "IM531", "warning", id="mode-without-secret-ignored"),
        pytest.param({"auth-tls-secret": "other/client-ca"}, "IM538", "error", id="cross-namespace-403"),
    ],
)
def test_findings(annotations: dict[str, str], code: str, severity: str) -> None:
    converted = convert(manifest(annotations, tls="app-tls"))
    found = [f for f in converted.findings if f.code.id == code]
    assert found, converted.codes()
    assert {f.severity.value for f in found} == {severity}
    assert "IM803" not in converted.codes()


def test_refused_companion_leaves_the_validation_converted() -> None:
    # The Ingress was refused for its error page; its routing, client certificates included, is converted.
    converted = convert(manifest({**MTLS, "auth-tls-error-page": "not a url"}, tls="app-tls"))
    assert _gateway_tls(converted) is not None
    assert "IM533" not in converted.codes()


def test_refused_secret_asks_for_nothing() -> None:
    converted = convert(manifest({"auth-tls-secret": "shop/ca;", "auth-tls-verify-client": "on"}, tls="app-tls"))
    assert _gateway_tls(converted) is None
    assert "IM531" not in converted.codes()


def test_off_asks_for_nothing() -> None:
    converted = convert(manifest({**MTLS, "auth-tls-verify-client": "off"}, tls="app-tls"))
    assert _gateway_tls(converted) is None
    assert "off" in converted.messages("IM531")[0]


def test_validation_covers_every_https_host_and_says_so_per_host() -> None:
    converted = convert(
        manifest(MTLS, name="partners", host="partners.example.com", tls="partners-tls"),
        manifest({}, name="shop", host="shop.example.com", tls="shop-tls"),
    )
    assert _gateway_tls(converted) is not None
    messages = converted.messages("IM530")
    assert any("host shop.example.com did not ask for client certificates" in m for m in messages)
    assert any("applies to every HTTPS host" in m for m in messages)


def test_hosts_asking_for_different_cas_are_a_conflict_and_the_oldest_wins() -> None:
    converted = convert(
        manifest(
            {"auth-tls-secret": "shop/new-ca"},
            name="b",
            host="b.example.com",
            tls="b-tls",
            created="2024-01-01T00:00:00Z",
        ),
        manifest(MTLS, name="a", host="a.example.com", tls="a-tls", created="2023-01-01T00:00:00Z"),
    )
    refs = _gateway_tls(converted)["frontend"]["default"]["validation"]["caCertificateRefs"]
    assert refs[0]["name"] == "client-ca"
    assert any(
        "host b.example.com asks for client certificates from Secret shop/new-ca" in m
        for m in converted.messages("IM530")
    )


def test_host_without_https_listener_is_flagged() -> None:
    converted = convert(manifest(MTLS))
    assert _gateway_tls(converted) is None
    assert any("no HTTPS listener" in m for m in converted.messages("IM530"))


def test_existing_gateway_is_told_what_to_set() -> None:
    converted = convert(manifest(MTLS, tls="app-tls"), existing_gateway=("infra", "edge"))
    assert not converted.of("Gateway")
    assert any("must validate client certificates" in m for m in converted.messages("IM530"))
    assert not converted.of("ReferenceGrant")


def test_default_certificate_listener_is_covered_too() -> None:
    converted = convert(manifest(MTLS), default_certificate=("ingress-nginx", "default-tls"))
    assert _gateway_tls(converted) is not None
