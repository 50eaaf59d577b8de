"""upstream: algorithms and hash keys per implementation, precedence, defaults and options that need others."""

from __future__ import annotations

import pytest
from ingress_findings import about, findings_of, ingress

CASES = [
    pytest.param({"load-balance": "ewma"}, "load-balance", [("IM630", "LeastRequest (approx)")], id="ewma"),
    pytest.param(
        {"load-balance": "round_robin"}, "load-balance", [("IM630", "NGINX Gateway Fabric round_robin")], id="rr"
    ),
    pytest.param({"load-balance": "random"}, "load-balance", [("IM595", "is not one of")], id="unknown-refuses"),
    pytest.param(
        {"load-balance": "ewma", "upstream-hash-by": "$remote_addr"},
        "load-balance",
        [("IM638", "upstream-hash-by takes precedence")],
        id="hash-wins",
    ),
    pytest.param(
        {"upstream-hash-by": "$remote_addr"},
        "upstream-hash-by",
        [("IM631", "It hashed on the client address: Envoy Gateway consistentHash.type SourceIP")],
        id="client-address",
    ),
    pytest.param(
        {"upstream-hash-by": "${http_x_user_id}"},
        "upstream-hash-by",
        [("IM631", "the header X-User-Id: Envoy Gateway consistentHash.type Header, kgateway header X-User-Id")],
        id="header",
    ),
    pytest.param(
        {"upstream-hash-by": "$cookie_session"},
        "upstream-hash-by",
        [("IM631", "the cookie session: Envoy Gateway consistentHash.type Cookie")],
        id="cookie",
    ),
    pytest.param(
        {"upstream-hash-by": "$arg_tenant"},
        "upstream-hash-by",
        [("IM631", "QueryParams, no query parameters in kgateway")],
        id="query",
    ),
    pytest.param(
        {"upstream-hash-by": "$request_uri$host"},
        "upstream-hash-by",
        [("IM631", "a combination of values")],
        id="combination",
    ),
    pytest.param(
        {"upstream-hash-by": "$request_uri"},
        "upstream-hash-by",
        [("IM631", "Envoy Gateway and kgateway cannot hash on it; NGINX Gateway Fabric hashMethodKey $request_uri")],
        id="other-variable",
    ),
    pytest.param(
        {"upstream-hash-by": "$http_x-user"},
        "upstream-hash-by",
        [("IM631", "a combination of values")],
        id="dash-is-not-part-of-a-variable",
    ),
    pytest.param(
        {"upstream-hash-by": "$uri;"},
        "upstream-hash-by",
        [("IM595", "skip this whole Ingress")],
        id="bad-characters-refuse",
    ),
    pytest.param(
        {"upstream-hash-by-subset": "true"},
        "upstream-hash-by-subset",
        [("IM638", "without upstream-hash-by")],
        id="subset-alone",
    ),
    pytest.param(
        {"upstream-hash-by-subset-size": "4", "upstream-hash-by": "$remote_addr"},
        "upstream-hash-by-subset-size",
        [("IM633", "plain consistent hashing")],
        id="subset-size",
    ),
    pytest.param({"service-upstream": "false"}, "service-upstream", [("IM638", "default")], id="service-default"),
    pytest.param(
        {"service-upstream": "true"}, "service-upstream", [("IM634", "routingType Service")], id="service-upstream"
    ),
    pytest.param({"proxy-http-version": "1.1"}, "proxy-http-version", [("IM638", "default")], id="http-default"),
    pytest.param({"proxy-http-version": "1.0"}, "proxy-http-version", [("IM635", "appProtocol")], id="http-1.0"),
    pytest.param({"proxy-cookie-domain": "off"}, "proxy-cookie-domain", [("IM638", "default")], id="cookie-off"),
    pytest.param(
        {"proxy-cookie-path": "/ /app"}, "proxy-cookie-path", [("IM637", "proxy_cookie_path")], id="cookie-path"
    ),
]


@pytest.mark.parametrize(("annotations", "key", "expected"), CASES)
def test_upstream(annotations: dict[str, str], key: str, expected: list[tuple[str, str]]) -> None:
    found = about(findings_of(ingress(annotations)), key)
    assert [f.code for f in found] == [code for code, _ in expected]
    for finding, (_, fragment) in zip(found, expected, strict=True):
        assert fragment in finding.message
