"""ssl-passthrough: a TLS listener in Passthrough mode and a TLSRoute to the backend of `/`."""

from __future__ import annotations

import pytest
from annotated_ingress import convert, manifest

ON = {"ssl-passthrough": "true"}


def test_passthrough_host_gets_a_tls_listener_and_a_tls_route() -> None:
    converted = convert(manifest(ON, host="db.example.com", paths=(("/", "Prefix", "db", 8443),)))
    listeners = converted.one("Gateway")["spec"]["listeners"]
    tls = [listener for listener in listeners if listener["protocol"] == "TLS"]
    assert tls == [
        {
            "name": "tls.db.example.com",
            "protocol": "TLS",
            "port": 443,
            "hostname": "db.example.com",
            "tls": {"mode": "Passthrough"},
            "allowedRoutes": {
                "namespaces": {
                    "from": "Selector",
                    "selector": {
                        "matchExpressions": [
                            {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["shop"]}
                        ]
                    },
                }
            },
        }
    ]
    route = converted.one("TLSRoute")
    assert route["metadata"]["namespace"] == "shop"
    assert route["spec"]["hostnames"] == ["db.example.com"]
    assert route["spec"]["parentRefs"][0]["sectionName"] == "tls.db.example.com"
    assert route["spec"]["rules"] == [{"backendRefs": [{"name": "db", "port": 8443}]}]
    # Port 80 keeps serving the host's locations, as ingress-nginx's http server did.
    (http,) = converted.of("HTTPRoute")
    assert [p["sectionName"] for p in http["spec"]["parentRefs"]] == ["http"]
    assert "IM520" in converted.codes()


def test_passthrough_host_with_tls_redirects_port_80_and_has_no_https_listener() -> None:
    converted = convert(manifest(ON, tls="app-tls"))
    listeners = converted.one("Gateway")["spec"]["listeners"]
    assert [listener["protocol"] for listener in listeners] == ["HTTP", "TLS"]
    (http,) = converted.of("HTTPRoute")
    assert http["metadata"]["name"] == "app.example.com-http"
    assert http["spec"]["rules"][0]["filters"][0]["requestRedirect"]["scheme"] == "https"
    converted.one("TLSRoute")


@pytest.mark.parametrize(
    ("annotations", "paths", "code"),
    [
        pytest.param({"ssl-passthrough": "yes"}, (("/", "Prefix", "app", 80),), "IM595", id="not-a-boolean-refused"),
        pytest.param(ON, (("/api", "Prefix", "api", 80),), "IM521", id="no-root-path-nothing-passed"),
        pytest.param(ON, (("/", "Prefix", "app", 80), ("/x", "Prefix", "x", 80)), "IM522", id="other-paths-ignored"),
        pytest.param({**ON, "proxy-body-size": "8m"}, (("/", "Prefix", "app", 80),), "IM523", id="other-annotations"),
    ],
)
def test_findings(annotations: dict[str, str], paths: tuple[tuple[str, str, str, int], ...], code: str) -> None:
    assert code in convert(manifest(annotations, paths=paths)).codes()


def test_refusal_is_an_error() -> None:
    converted = convert(manifest({"ssl-passthrough": "yes"}))
    (finding,) = [f for f in converted.findings if f.code.id == "IM595"]
    assert finding.severity.value == "error"
    assert not converted.of("TLSRoute")


def test_false_is_nothing() -> None:
    converted = convert(manifest({"ssl-passthrough": "false"}))
    assert not converted.of("TLSRoute")
    assert not [code for code in converted.codes() if code.startswith("IM52")]


def test_without_host_nothing_is_passed_through() -> None:
    converted = convert(manifest(ON, host=""))
    assert "IM524" in converted.codes()
    assert not converted.of("TLSRoute")


def test_the_host_is_passed_through_to_its_root_whichever_ingress_serves_it() -> None:
    # Host-wide: the oldest Ingress of the host that sets it; the backend is the host's `/` location.
    older = manifest({}, name="older", created="2023-01-01T00:00:00Z")
    newer = manifest(ON, name="newer", paths=(("/x", "Prefix", "x", 80),), created="2024-01-01T00:00:00Z")
    converted = convert(older, newer)
    assert converted.one("TLSRoute")["spec"]["rules"] == [{"backendRefs": [{"name": "app", "port": 80}]}]
    assert "IM522" in converted.codes()


def test_existing_gateway_attaches_by_port_and_says_what_it_needs() -> None:
    converted = convert(manifest(ON), existing_gateway=("infra", "edge"))
    assert converted.one("TLSRoute")["spec"]["parentRefs"] == [
        {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "edge", "namespace": "infra", "port": 443}
    ]
    assert "Passthrough" in converted.messages("IM525")[0]


def test_passthrough_listeners_past_64_move_to_listener_sets() -> None:
    hosts = [manifest(ON, name=f"db{i}", host=f"db{i}.example.com") for i in range(70)]
    converted = convert(*hosts)
    gateway = converted.one("Gateway")
    assert len(gateway["spec"]["listeners"]) == 64
    (listener_set,) = converted.of("ListenerSet")
    assert len(listener_set["spec"]["listeners"]) == 7  # 71 listeners with the HTTP one
    moved = {listener["name"] for listener in listener_set["spec"]["listeners"]}
    for route in converted.of("TLSRoute"):
        parent = route["spec"]["parentRefs"][0]
        assert (parent["kind"] == "ListenerSet") == (parent["sectionName"] in moved)
