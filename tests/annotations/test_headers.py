"""Request and response headers: upstream-vhost, connection-proxy-header, custom-headers."""

from __future__ import annotations

import pytest
from routing_cases import codes, config_map, ingress, intents, rules, run

from migrate.gateway.ir import HeaderModifier, URLRewrite


@pytest.mark.parametrize(
    ("value", "vhost", "code"),
    [
        pytest.param("internal.example.com", "internal.example.com", None, id="hostname"),
        pytest.param("Internal.Example.com", "internal.example.com", None, id="lower-cased"),
        pytest.param("internal.example.com:8080", None, "IM465", id="port-not-expressible"),
        pytest.param("bad host", None, "IM595", id="refused"),
    ],
)
def test_upstream_vhost(value: str, vhost: str | None, code: str | None) -> None:
    found, findings = intents(ingress(annotations={"upstream-vhost": value}))
    assert found.location.upstream_vhost == vhost
    assert (code in codes(findings)) if code else not findings


@pytest.mark.parametrize(
    ("value", "header", "code"),
    [
        pytest.param("keep-alive", "keep-alive", "IM464", id="keep-alive"),
        pytest.param("close", "close", "IM464", id="close"),
        pytest.param("upgrade", None, "IM595", id="refused"),
    ],
)
def test_connection_proxy_header(value: str, header: str | None, code: str) -> None:
    found, findings = intents(ingress(annotations={"connection-proxy-header": value}))
    assert found.location.connection_header == header
    assert code in codes(findings)


def test_request_headers_share_one_modifier_and_rewrites_one_url_rewrite() -> None:
    result = run(
        ingress(
            annotations={
                "connection-proxy-header": "close",
                "rewrite-target": "/",
                "x-forwarded-prefix": "/api",
                "upstream-vhost": "inner.example.com",
            },
            paths=[("/api", "Prefix")],
        )
    )
    (rule,) = rules(result, "app.example.com")
    (request,) = [f for f in rule.filters if isinstance(f, HeaderModifier)]
    assert request.set == (("X-Forwarded-Prefix", "/api"), ("Connection", "close"))
    (rewrite,) = [f for f in rule.filters if isinstance(f, URLRewrite)]
    assert rewrite.hostname == "inner.example.com" and rewrite.path is not None


def test_custom_headers_from_the_configmap() -> None:
    headers = {"X-B": "2", "X-A": "1", "X-Var": "$host", "X-Empty": ""}
    found, findings = intents(ingress(annotations={"custom-headers": "default/h"}), config_map("h", "default", headers))
    assert found.location.response_headers == (("X-A", "1"), ("X-B", "2"))
    assert codes(findings).count("IM465") == 2 and "IM462" in codes(findings)


@pytest.mark.parametrize(
    ("value", "documents", "code"),
    [
        pytest.param("default/missing", [], "IM463", id="not-in-input"),
        pytest.param("h", [config_map("h", "default", {"X": "1"})], "IM463", id="no-namespace-is-503"),
        pytest.param("default/h", [config_map("h", "default", {"bad header": "1"})], "IM463", id="bad-name-503"),
        pytest.param("default/h!", [], "IM596", id="validator-ignores"),
    ],
)
def test_custom_headers_problems(value: str, documents: list[dict[str, object]], code: str) -> None:
    found, findings = intents(ingress(annotations={"custom-headers": value}), *documents)
    assert code in codes(findings)
    if code == "IM463" and value != "default/h":
        assert found.location.response_headers == ()


def test_custom_headers_cap_at_sixteen() -> None:
    headers = {f"X-{i:02}": str(i) for i in range(20)}
    found, findings = intents(ingress(annotations={"custom-headers": "default/h"}), config_map("h", "default", headers))
    assert len(found.location.response_headers) == 16 and "IM465" in codes(findings)
    result = run(ingress(annotations={"custom-headers": "default/h"}), config_map("h", "default", headers))
    (rule,) = rules(result, "app.example.com")
    (response,) = [f for f in rule.filters if isinstance(f, HeaderModifier)]
    assert response.type == "ResponseHeaderModifier" and len(response.set) == 16
