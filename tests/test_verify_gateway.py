"""The Gateway API v1.6 routing model, case by case, from the spec (the field documentation of the v1.6.1
CRDs: Gateway listeners, ListenerSet, HTTPRoute hostnames, matches, filters and backendRefs)."""

from __future__ import annotations

import json

import pytest
from verify_support import ask, gateway_model

HTTP = {"name": "http", "port": 80, "protocol": "HTTP", "allowedRoutes": {"namespaces": {"from": "All"}}}


def https(name: str = "https", hostname: str | None = None, secret_ns: str | None = None, **extra: object) -> dict:
    listener: dict = {
        "name": name,
        "port": 443,
        "protocol": "HTTPS",
        "tls": {"certificateRefs": [{"name": "cert", **({"namespace": secret_ns} if secret_ns else {})}]},
        "allowedRoutes": {"namespaces": {"from": "All"}},
        **extra,
    }
    if hostname:
        listener["hostname"] = hostname
    return listener


def gateway(*listeners: dict, **spec: object) -> str:
    doc = {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "gw"},
        "spec": {"gatewayClassName": "x", "listeners": list(listeners or [HTTP]), **spec},
    }
    return json.dumps(doc) + "\n---\n"


def rule(path: str = "/", kind: str = "PathPrefix", svc: str = "web", **extra: object) -> dict:
    found: dict = {"matches": [{"path": {"type": kind, "value": path}}], "backendRefs": [{"name": svc, "port": 80}]}
    found.update(extra)
    return found


def route(
    *rules: dict,
    name: str = "r",
    namespace: str = "app",
    hostnames: list[str] | None = None,
    parents: list[dict] | None = None,
    created: str | None = None,
    kind: str = "HTTPRoute",
) -> str:
    metadata: dict = {"name": name, "namespace": namespace}
    if created:
        metadata["creationTimestamp"] = created
    spec: dict = {"parentRefs": parents or [{"name": "gw", "namespace": "gw"}], "rules": list(rules or [rule()])}
    if hostnames is not None:
        spec["hostnames"] = hostnames
    doc = {"apiVersion": "gateway.networking.k8s.io/v1", "kind": kind, "metadata": metadata, "spec": spec}
    return json.dumps(doc) + "\n---\n"


def grant(namespace: str, from_kind: str, from_ns: str, to_kind: str) -> str:
    doc = {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "ReferenceGrant",
        "metadata": {"name": "g", "namespace": namespace},
        "spec": {
            "from": [{"group": "gateway.networking.k8s.io", "kind": from_kind, "namespace": from_ns}],
            "to": [{"group": "", "kind": to_kind}],
        },
    }
    return json.dumps(doc) + "\n---\n"


def rewrite(kind: str, value: str, **more: object) -> dict:
    key = "replaceFullPath" if kind == "ReplaceFullPath" else "replacePrefixMatch"
    return {"type": "URLRewrite", "urlRewrite": {"path": {"type": kind, key: value}, **more}}


def redirect(**spec: object) -> dict:
    return {"type": "RequestRedirect", "requestRedirect": spec}


A = "app.example.com"
LISTENERS = [
    pytest.param(gateway() + route(), "https://app.example.com/", "no answer", id="nothing-on-443"),
    pytest.param(
        gateway(
            {**HTTP, "name": "wild", "hostname": "*.example.com"},
            {**HTTP, "name": "exact", "hostname": "a.example.com"},
        )
        + route(rule(svc="wild"), name="w", parents=[{"name": "gw", "namespace": "gw", "sectionName": "wild"}])
        + route(rule(svc="exact"), name="e", parents=[{"name": "gw", "namespace": "gw", "sectionName": "exact"}]),
        "http://a.example.com/",
        "app/exact:80 /",
        id="exact-listener-first",
    ),
    pytest.param(
        gateway({**HTTP, "hostname": "*.example.com"}) + route(),
        "http://other.net/",
        "404",
        id="http-no-listener-hostname-404",
    ),
    pytest.param(
        gateway(https(hostname="a.example.com", secret_ns="gw")) + route(),
        "https://b.example.com/",
        "no answer",
        id="https-no-listener-hostname",
    ),
    pytest.param(
        gateway(https(secret_ns="certs")) + route(), "https://a.example.com/", "no answer", id="certificate-needs-grant"
    ),
    pytest.param(
        gateway(https(secret_ns="certs")) + route() + grant("certs", "Gateway", "gw", "Secret"),
        "https://a.example.com/",
        "app/web:80 /",
        id="certificate-granted",
    ),
    pytest.param(
        gateway(HTTP, allowedListeners={"namespaces": {"from": "Same"}})
        + json.dumps(
            {
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "ListenerSet",
                "metadata": {"name": "more", "namespace": "gw"},
                "spec": {"parentRef": {"name": "gw"}, "listeners": [https(hostname="a.example.com")]},
            }
        )
        + "\n---\n"
        + route(parents=[{"kind": "ListenerSet", "name": "more", "namespace": "gw"}]),
        "https://a.example.com/",
        "app/web:80 /",
        id="listener-set",
    ),
    pytest.param(
        gateway(HTTP)
        + json.dumps(
            {
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "ListenerSet",
                "metadata": {"name": "more", "namespace": "gw"},
                "spec": {"parentRef": {"name": "gw"}, "listeners": [https(hostname="a.example.com")]},
            }
        )
        + "\n---\n"
        + route(parents=[{"kind": "ListenerSet", "name": "more", "namespace": "gw"}]),
        "https://a.example.com/",
        "no answer",
        id="listener-set-not-allowed-by-default",
    ),
    pytest.param(
        gateway(HTTP, https(secret_ns="gw"), allowedListeners={"namespaces": {"from": "Same"}})
        + route(parents=[{"name": "gw", "namespace": "gw", "sectionName": "http"}]),
        "https://a.example.com/",
        "404",
        id="section-name-selects-listener",
    ),
    pytest.param(
        gateway(HTTP, https(secret_ns="gw")) + route(parents=[{"name": "gw", "namespace": "gw", "port": 443}]),
        "http://a.example.com/",
        "404",
        id="port-selects-listener",
    ),
    pytest.param(
        gateway({**HTTP, "allowedRoutes": {}}) + route(),
        "http://a.example.com/",
        "404",
        id="allowed-routes-same-default",
    ),
    pytest.param(
        gateway(
            {
                **HTTP,
                "allowedRoutes": {
                    "namespaces": {
                        "from": "Selector",
                        "selector": {
                            "matchExpressions": [
                                {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["app"]}
                            ]
                        },
                    }
                },
            }
        )
        + route(),
        "http://a.example.com/",
        "app/web:80 /",
        id="allowed-routes-selector",
    ),
    pytest.param(
        gateway({**HTTP, "allowedRoutes": {"namespaces": {"from": "All"}, "kinds": [{"kind": "GRPCRoute"}]}}) + route(),
        "http://a.example.com/",
        "404",
        id="allowed-route-kinds",
    ),
    pytest.param(
        gateway({**HTTP, "hostname": "*.example.com"}) + route(hostnames=["a.example.com", "a.other.net"]),
        "http://a.example.com/",
        "app/web:80 /",
        id="hostname-intersection",
    ),
    pytest.param(
        gateway({**HTTP, "hostname": "*.example.com"}) + route(hostnames=["b.other.net"]),
        "http://b.example.com/",
        "404",
        id="no-intersection-not-attached",
    ),
    pytest.param(
        gateway() + route(hostnames=["*.example.com"]),
        "http://a.b.example.com/",
        "app/web:80 /",
        id="wildcard-any-depth",
    ),
    pytest.param(gateway() + route(hostnames=["*.example.com"]), "http://example.com/", "404", id="wildcard-not-apex"),
]

MATCHES = [
    pytest.param(
        route(rule("/foo", svc="prefix"), rule("/foo", "Exact", svc="exact")),
        "/foo",
        "app/exact:80 /foo",
        id="exact-first",
    ),
    pytest.param(
        route(rule("/foo", svc="short"), rule("/foo/bar", svc="long")),
        "/foo/bar/baz",
        "app/long:80 /foo/bar/baz",
        id="longest-prefix",
    ),
    pytest.param(route(rule("/foo")), "/foobar", "404", id="prefix-element-wise"),
    pytest.param(route(rule("/foo")), "/foo/", "app/web:80 /foo/", id="prefix-slash"),
    pytest.param(route(rule("/foo/")), "/foo", "app/web:80 /foo", id="prefix-trailing-slash-ignored"),
    pytest.param(route(rule("/foo", "Exact")), "/foo/", "404", id="exact-only"),
    pytest.param(
        route(
            rule(svc="any"),
            {**rule(svc="get"), "matches": [{"path": {"type": "PathPrefix", "value": "/"}, "method": "GET"}]},
        ),
        "/",
        "app/get:80 /",
        id="method-before-none",
    ),
    pytest.param(
        route(
            {**rule(svc="one"), "matches": [{"headers": [{"name": "a", "value": "1"}]}]},
            {**rule(svc="two"), "matches": [{"headers": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]}]},
        ),
        "/",
        "app/two:80 /",
        id="most-headers-first",
    ),
    pytest.param(route(rule(svc="first"), rule(svc="second")), "/x", "app/first:80 /x", id="first-rule-wins"),
    pytest.param(
        route(rule(svc="newer"), name="a", created="2024-01-01T00:00:00Z")
        + route(rule(svc="older"), name="b", created="2023-01-01T00:00:00Z"),
        "/x",
        "app/older:80 /x",
        id="oldest-route-wins",
    ),
    pytest.param(
        route(rule(svc="in-b"), name="r", namespace="b") + route(rule(svc="in-a"), name="r", namespace="a"),
        "/x",
        "a/in-a:80 /x",
        id="alphabetical-route-wins",
    ),
    pytest.param(
        route(rule("/x", svc="exact-host"), hostnames=[A], name="e")
        + route(rule("/", svc="wild"), hostnames=["*.example.com"], name="w"),
        "/x",
        "app/exact-host:80 /x",
        id="specific-hostname-first",
    ),
    pytest.param(
        route(rule("/", svc="wild"), hostnames=["*.example.com"], name="w")
        + route(rule("/x", svc="exact-host"), hostnames=[A], name="e"),
        "/y",
        "app/wild:80 /y",
        id="falls-through-to-less-specific-hostname",
    ),
    pytest.param(
        route(rule("/", svc="catch"), name="c") + route(rule("/x", svc="host"), hostnames=[A], name="h"),
        "/y",
        "app/catch:80 /y",
        id="falls-through-to-route-without-hostnames",
    ),
    pytest.param(route(rule("/v[0-9]+/.*", "RegularExpression")), "/v1/x", "app/web:80 /v1/x", id="regex-full-match"),
    pytest.param(route(rule("/v[0-9]+/.*", "RegularExpression")), "/v1", "404", id="regex-anchored-end"),
    pytest.param(route(rule("/api", "RegularExpression")), "/API", "404", id="regex-case-sensitive"),
    pytest.param(route(rule("(?i)/api.*", "RegularExpression")), "/API/x", "app/web:80 /API/x", id="regex-case-flag"),
    pytest.param(
        route(rule("/api", svc="prefix"), rule("/api/.*", "RegularExpression", svc="regex")),
        "/api/x",
        "app/regex:80 /api/x",
        id="regex-before-prefix",
    ),
    pytest.param(
        route({**rule(), "matches": [{"headers": [{"name": "X-Env", "value": "Blue"}]}]}),
        "/",
        "app/web:80 /",
        id="header-name-case-insensitive",
    ),
    pytest.param(
        route({**rule(), "matches": [{"headers": [{"name": "x-env", "value": "blue"}]}]}),
        "/",
        "404",
        id="header-value-case-sensitive",
    ),
    pytest.param(
        route({**rule(), "matches": [{"headers": [{"name": "x-env", "type": "RegularExpression", "value": "B.*"}]}]}),
        "/",
        "app/web:80 /",
        id="header-regex",
    ),
    pytest.param(
        route({**rule(svc="q"), "matches": [{"queryParams": [{"name": "v", "value": "2"}]}]}, rule(svc="plain")),
        "/?v=2",
        "app/q:80 /?v=2",
        id="query-match",
    ),
    pytest.param(route(rule("/only", "Exact")), "/other", "404", id="no-match-404"),
]

FILTERS = [
    pytest.param(
        route({"matches": [{}], "filters": [redirect(scheme="https", statusCode=308)]}),
        "/a?x=1",
        "308 https://app.example.com/a?x=1",
        id="redirect-https-well-known-port",
    ),
    pytest.param(
        route({"matches": [{}], "filters": [redirect()]}),
        "/a",
        "302 http://app.example.com/a",
        id="redirect-default-302",
    ),
    pytest.param(
        route({"matches": [{}], "filters": [redirect(scheme="https", hostname="new.example.com", port=8443)]}),
        "/a",
        "302 https://new.example.com:8443/a",
        id="redirect-hostname-port",
    ),
    pytest.param(
        route(
            {
                "matches": [{}],
                "filters": [redirect(path={"type": "ReplaceFullPath", "replaceFullPath": "/new"}, statusCode=301)],
            }
        ),
        "/old/page?x=1",
        "301 http://app.example.com/new?x=1",
        id="redirect-full-path",
    ),
    pytest.param(
        route(
            {
                "matches": [{"path": {"type": "PathPrefix", "value": "/foo"}}],
                "filters": [redirect(path={"type": "ReplacePrefixMatch", "replacePrefixMatch": "/xyz"})],
            }
        ),
        "/foo/bar",
        "302 http://app.example.com/xyz/bar",
        id="redirect-prefix",
    ),
    pytest.param(
        route({**rule("/foo"), "filters": [rewrite("ReplacePrefixMatch", "/xyz", hostname="internal")]}),
        "/foo/bar",
        "app/web:80 /xyz/bar host internal",
        id="rewrite-prefix-and-hostname",
    ),
    pytest.param(
        route({**rule("/foo"), "filters": [rewrite("ReplaceFullPath", "/v2")]}),
        "/foo/bar?q=1",
        "app/web:80 /v2?q=1",
        id="rewrite-full-path-keeps-query",
    ),
    pytest.param(
        route({**rule("/foo", "Exact"), "filters": [rewrite("ReplacePrefixMatch", "/xyz")]}),
        "/foo",
        "404",
        id="replace-prefix-needs-path-prefix",
    ),
    pytest.param(
        route({**rule("/"), "filters": [redirect(scheme="https")]}),
        "/",
        "404",
        id="redirect-with-backends-rejected",
    ),
    pytest.param(
        route(
            {
                **rule(),
                "filters": [
                    {"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "x", "value": "1"}]}}
                ],
            }
        ),
        "/a",
        "app/web:80 /a",
        id="header-modifier-recorded",
    ),
]

# The spec's table for ReplacePrefixMatch (HTTPPathModifier).
PREFIX_TABLE = [
    ("/foo/bar", "/foo", "/xyz", "/xyz/bar"),
    ("/foo/bar", "/foo", "/xyz/", "/xyz/bar"),
    ("/foo/bar", "/foo/", "/xyz", "/xyz/bar"),
    ("/foo/bar", "/foo/", "/xyz/", "/xyz/bar"),
    ("/foo", "/foo", "/xyz", "/xyz"),
    ("/foo/", "/foo", "/xyz", "/xyz/"),
    ("/foo/bar", "/foo", "", "/bar"),
    ("/foo/", "/foo", "", "/"),
    ("/foo", "/foo", "", "/"),
    ("/foo/", "/foo", "/", "/"),
    ("/foo", "/foo", "/", "/"),
]

BACKENDS = [
    pytest.param(
        route(
            {**rule(), "backendRefs": [{"name": "a", "port": 80, "weight": 1}, {"name": "b", "port": 80, "weight": 3}]}
        ),
        "75% app/b:80 /, 25% app/a:80 /",
        id="weighted-split",
    ),
    pytest.param(
        route({**rule(), "backendRefs": [{"name": "a", "port": 80, "weight": 0}, {"name": "b", "port": 80}]}),
        "app/b:80 /",
        id="weight-zero-excluded",
    ),
    pytest.param(
        route({**rule(), "backendRefs": [{"name": "a", "port": 80, "weight": 0}]}), "500", id="all-weights-zero"
    ),
    pytest.param(route({"matches": [{}]}), "500", id="no-backend-refs"),
    pytest.param(
        route({**rule(), "backendRefs": [{"name": "a", "namespace": "other", "port": 80}]}),
        "500",
        id="cross-namespace-needs-grant",
    ),
    pytest.param(
        route({**rule(), "backendRefs": [{"name": "a", "namespace": "other", "port": 80}]})
        + grant("other", "HTTPRoute", "app", "Service"),
        "other/a:80 /",
        id="cross-namespace-granted",
    ),
    pytest.param(
        route({**rule(), "backendRefs": [{"name": "a", "port": 80}, {"group": "x.io", "kind": "Bucket", "name": "b"}]}),
        "50% app/a:80 /, 50% 500",
        id="invalid-ref-answers-500-for-its-share",
    ),
]


@pytest.mark.parametrize(("objects", "url", "expected"), LISTENERS)
def test_listeners_and_attachment(objects: str, url: str, expected: str) -> None:
    assert ask(gateway_model(objects), url) == expected


@pytest.mark.parametrize(("routes", "path", "expected"), MATCHES + FILTERS)
def test_matches_and_filters(routes: str, path: str, expected: str) -> None:
    """Every request carries the headers `X-ENV: Blue`, `a: 1` and `b: 2`."""
    headers = {"X-ENV": "Blue", "a": "1", "b": "2"}
    assert ask(gateway_model(gateway() + routes), f"http://{A}{path}", headers) == expected


@pytest.mark.parametrize(("path", "prefix", "replacement", "expected"), PREFIX_TABLE)
def test_replace_prefix_match(path: str, prefix: str, replacement: str, expected: str) -> None:
    objects = gateway() + route({**rule(prefix), "filters": [rewrite("ReplacePrefixMatch", replacement)]})
    assert ask(gateway_model(objects), f"http://{A}{path}") == f"app/web:80 {expected}"


@pytest.mark.parametrize(("routes", "expected"), BACKENDS)
def test_backends(routes: str, expected: str) -> None:
    assert ask(gateway_model(gateway() + routes), f"http://{A}/") == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("http://app.example.com/", "app/plain:80 /", id="http-on-80"),
        pytest.param("https://app.example.com/", "app/secure:80 /", id="https-for-route-hostnames"),
        pytest.param("https://other.example.com/", "no answer", id="https-other-hostname"),
    ],
)
def test_assumed_gateway(url: str, expected: str) -> None:
    """Routes for a Gateway that is not among the objects: HTTP on 80, HTTPS on 443 for their hostnames."""
    objects = route(
        rule(svc="plain"), name="p", hostnames=[A], parents=[{"name": "edge", "namespace": "infra", "port": 80}]
    )
    objects += route(
        rule(svc="secure"), name="s", hostnames=[A], parents=[{"name": "edge", "namespace": "infra", "port": 443}]
    )
    assert ask(gateway_model(objects, ("infra", "edge")), url) == expected


def test_tls_passthrough() -> None:
    listener = {
        "name": "tls",
        "port": 443,
        "protocol": "TLS",
        "tls": {"mode": "Passthrough"},
        "allowedRoutes": {"namespaces": {"from": "All"}},
    }
    objects = gateway(listener) + route(
        {"backendRefs": [{"name": "db", "port": 5432}]}, kind="TLSRoute", hostnames=["db.example.com"]
    )
    model = gateway_model(objects)
    assert ask(model, "https://db.example.com/") == "TLS passthrough app/db:5432"
    assert ask(model, "https://other.example.com/") == "no answer"


GRPC_CALL = {"content-type": "application/grpc"}


def grpc_route(*rules: dict, name: str = "g") -> str:
    return route(*rules, name=name, kind="GRPCRoute")


@pytest.mark.parametrize(
    ("objects", "path", "headers", "expected"),
    [
        pytest.param(
            grpc_route(
                {"matches": [{"method": {"service": "shop.v1.Cart"}}], "backendRefs": [{"name": "cart", "port": 50051}]}
            ),
            "/shop.v1.Cart/Add",
            GRPC_CALL,
            "app/cart:50051 /shop.v1.Cart/Add",
            id="service-match",
        ),
        pytest.param(
            grpc_route(
                {
                    "matches": [{"method": {"service": "shop.v1.Cart", "method": "Add"}}],
                    "backendRefs": [{"name": "cart", "port": 50051}],
                }
            ),
            "/shop.v1.Cart/Remove",
            GRPC_CALL,
            "404",
            id="method-match",
        ),
        pytest.param(
            grpc_route({"backendRefs": [{"name": "cart", "port": 50051}]}),
            "/shop.v1.Cart/Add",
            {},
            "404",
            id="grpc-route-only-for-grpc-calls",
        ),
        pytest.param(
            route(rule("/shop.v1.Cart/", svc="cart")),
            "/shop.v1.Cart/Add",
            GRPC_CALL,
            "app/cart:80 /shop.v1.Cart/Add",
            id="grpc-call-through-an-httproute",
        ),
    ],
)
def test_grpc(objects: str, path: str, headers: dict[str, str], expected: str) -> None:
    assert ask(gateway_model(gateway() + objects), f"http://{A}{path}", headers) == expected
