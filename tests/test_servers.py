"""The ingress-nginx servers model: port resolution, oldest Ingress wins, the implicit root, default backends."""

from __future__ import annotations

from typing import Any

import pytest
from support import backend, codes, dump, ingress, rendered, rule, run_pipeline, service

from migrate.nginx.servers import by_age
from migrate.options import Options

PORTS = [
    {"name": "http", "port": 80, "targetPort": 8080},
    {"name": "grpc", "port": 9000, "targetPort": "grpc-port"},
    {"name": "admin", "port": 8443, "targetPort": 8080},
]


def _backend_refs(result: Any, path: str) -> list[tuple[str, int]]:
    for doc in rendered(result):
        for entry in doc["spec"].get("rules", []) if doc["kind"] == "HTTPRoute" else []:
            if any(m["path"]["value"] == path for m in entry["matches"]):
                return [(b["name"], b["port"]) for b in entry.get("backendRefs", [])]
    raise AssertionError(f"no rule for {path}")


@pytest.mark.parametrize(
    ("port", "services", "expected", "finding"),
    [
        pytest.param(80, [PORTS], [("app", 80)], None, id="number-is-port"),
        pytest.param(8080, [PORTS], [("app", 80)], "IM211", id="number-is-target-port-first-match-wins"),
        pytest.param("http", [PORTS], [("app", 80)], "IM211", id="name"),
        pytest.param("grpc", [PORTS], [("app", 9000)], "IM211", id="name-with-named-target"),
        pytest.param("grpc-port", [PORTS], [("app", 9000)], "IM211", id="named-target-port"),
        pytest.param(7777, [PORTS], [("app", 7777)], "IM215", id="number-not-in-service"),
        pytest.param("nope", [PORTS], [], "IM215", id="name-not-in-service"),
        pytest.param(80, [], [("app", 80)], None, id="number-without-service"),
        pytest.param("http", [], [], "IM210", id="name-without-service"),
    ],
)
def test_port_resolution(
    port: int | str, services: list[list[dict[str, Any]]], expected: list[tuple[str, int]], finding: str | None
) -> None:
    """ingress-nginx compared the Ingress port with each Service port's port, targetPort and name, in order
    (controller.go serviceEndpoints); a backendRef must name the Service port."""
    documents = [service("app", ports) for ports in services]
    manifest = ingress("app", [rule("app.example.com", ("/", "Prefix", "app", port))])
    result = run_pipeline(("in.yaml", dump(manifest, *documents)))
    assert _backend_refs(result, "/") == expected
    backend_codes = [c for c in codes(result.findings) if c.startswith("IM21")]
    assert backend_codes == ([finding] if finding else [])


def test_a_service_in_another_namespace_does_not_resolve() -> None:
    manifest = ingress("app", [rule("app.example.com", ("/", "Prefix", "app", "http"))], namespace="a")
    result = run_pipeline(("in.yaml", dump(manifest, service("app", PORTS, namespace="b"))))
    assert "IM210" in codes(result.findings)


def test_a_service_without_namespace_resolves_with_the_namespace_option() -> None:
    manifest = ingress("app", [rule("app.example.com", ("/", "Prefix", "app", "http"))], namespace=None)
    result = run_pipeline(
        ("in.yaml", dump(manifest, service("app", PORTS, namespace=None))), options=Options(namespace="shop")
    )
    assert _backend_refs(result, "/") == [("app", 80)]
    assert [o.metadata.namespace for o in result.objects if o.kind == "HTTPRoute"] == ["shop"]


def test_legacy_service_port_resolves_like_v1() -> None:
    legacy = ingress(
        "app",
        [
            {
                "host": "app.example.com",
                "http": {"paths": [{"path": "/", "backend": {"serviceName": "app", "servicePort": "grpc"}}]},
            }
        ],
        api_version="extensions/v1beta1",
    )
    result = run_pipeline(("in.yaml", dump(legacy, service("app", PORTS))))
    assert _backend_refs(result, "/") == [("app", 9000)]
    port_finding = next(f for f in result.findings if f.code.id == "IM211")
    assert port_finding.field == "spec.rules[0].http.paths[0].backend.servicePort"


# --- servers: oldest first, the implicit root, default backends ------------------------------------------


def _two(first_created: str | None, second_created: str | None, **names: str) -> str:
    a = ingress(
        names.get("a", "a"),
        [rule("shop.example.com", ("/cart", "Prefix", "cart-a", 80))],
        created=first_created,
        namespace=names.get("ns_a", "default"),
    )
    b = ingress(
        names.get("b", "b"),
        [rule("shop.example.com", ("/cart", "Prefix", "cart-b", 80))],
        created=second_created,
        namespace=names.get("ns_b", "default"),
    )
    return dump(a, b)


@pytest.mark.parametrize(
    ("text", "winner"),
    [
        pytest.param(_two("2024-01-01T00:00:00Z", "2023-01-01T00:00:00Z"), "cart-b", id="older-timestamp-wins"),
        pytest.param(_two("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z"), "cart-a", id="older-first-in-file"),
        pytest.param(_two(None, None), "cart-a", id="no-timestamps-input-order"),
        pytest.param(_two(None, "2024-01-01T00:00:00Z"), "cart-b", id="applied-beats-unapplied"),
        pytest.param(
            _two("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", ns_a="a", ns_b="b"),
            "cart-b",
            id="tie-namespace-name-descending",
        ),
        pytest.param(
            _two("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", a="alpha", b="beta"),
            "cart-b",
            id="tie-name-descending",
        ),
    ],
)
def test_oldest_ingress_wins_a_repeated_path(text: str, winner: str) -> None:
    """store.go sorts by creationTimestamp, ties by namespace/name descending; controller.go keeps the
    first location for a host + path + pathType and ignores the rest. Never a traffic split."""
    result = run_pipeline(("in.yaml", text))
    assert _backend_refs(result, "/cart") == [(winner, 80)]
    conflict = [f for f in result.findings if f.code.id == "IM220"]
    assert len(conflict) == 1
    loser = "cart-a" if winner == "cart-b" else "cart-b"
    assert loser not in str(rendered(result))


@pytest.mark.parametrize(
    ("paths", "code"),
    [
        pytest.param([("/cart", "Prefix"), ("/cart", "Prefix")], "IM220", id="plain-repeat"),
        pytest.param([("/cart", "Exact"), ("/cart", "Prefix"), ("/cart", "Prefix")], "IM227", id="behind-another-type"),
        pytest.param([("/", "Exact"), ("/", "Exact")], "IM227", id="exact-root-behind-the-implicit-root"),
        pytest.param([("/cart", "Prefix"), ("/cart", "Exact"), ("/cart", "Prefix")], "IM220", id="first-same-type"),
    ],
)
def test_a_repeated_path_behind_another_pathtype_is_a_duplicate_location(
    paths: list[tuple[str, str]], code: str
) -> None:
    """createServers stops at the first location with the path: with another pathType it adds the path
    again, two identical nginx locations, which nginx refuses (IM227); else it ignores it (IM220)."""
    rules = [rule("shop.example.com", (path, kind, f"svc-{n}", 80)) for n, (path, kind) in enumerate(paths)]
    result = run_pipeline(("in.yaml", dump(ingress("a", rules))))
    flagged = [f.code.id for f in result.findings if f.code.id in ("IM220", "IM227")]
    assert flagged == [code]
    assert f"svc-{len(paths) - 1}" not in str(rendered(result))  # the older path serves


def test_by_age_ordering() -> None:
    from migrate.intents import IngressIntents

    result = run_pipeline(
        (
            "in.yaml",
            dump(
                ingress("z", created="2024-01-01T00:00:00Z"),
                ingress("new", created=None),
                ingress("a", created="2024-01-01T00:00:00Z"),
                ingress("old", created="2020-01-01T00:00:00Z"),
                ingress("later", created=None),
            ),
        )
    )
    ordered = by_age((i, IngressIntents()) for i in result.converted)
    assert [i.name for i, _ in ordered] == ["old", "z", "a", "new", "later"]


def test_an_explicit_root_replaces_the_implicit_one() -> None:
    older = ingress(
        "older",
        [rule("shop.example.com", ("/cart", "Prefix", "cart", 80))],
        default_backend=backend("fallback"),
        created="2023-01-01T00:00:00Z",
    )
    newer = ingress("newer", [rule("shop.example.com", ("/", "Prefix", "web", 80))], created="2024-01-01T00:00:00Z")
    result = run_pipeline(("in.yaml", dump(older, newer)))
    assert _backend_refs(result, "/") == [("web", 80)]
    assert "IM220" not in codes(result.findings)
    assert "IM222" in codes(result.findings)  # the older defaultBackend no longer serves anything


def test_implicit_root_is_the_creators_default_backend() -> None:
    """The host's `/` fallback comes from the Ingress that created the host (the oldest), not from a later
    Ingress with its own defaultBackend."""
    older = ingress(
        "older",
        [rule("shop.example.com", ("/cart", "Prefix", "cart", 80))],
        default_backend=backend("older-fallback"),
        created="2023-01-01T00:00:00Z",
    )
    newer = ingress(
        "newer",
        [rule("shop.example.com", ("/pay", "Prefix", "pay", 80))],
        default_backend=backend("newer-fallback"),
        created="2024-01-01T00:00:00Z",
    )
    result = run_pipeline(("in.yaml", dump(newer, older)))
    assert _backend_refs(result, "/") == [("older-fallback", 80)]
    unused = [f for f in result.findings if f.code.id == "IM222"]
    assert [f.ingress for f in unused] == ["default/newer"]


def test_host_without_root_gets_no_catch_all_rule() -> None:
    """Without a defaultBackend the implicit root is the controller's 404: no `/` rule is generated."""
    result = run_pipeline(("in.yaml", dump(ingress("a", [rule("a.example.com", ("/x", "Prefix", "x", 80))]))))
    routes = [d for d in rendered(result) if d["kind"] == "HTTPRoute"]
    values = [m["path"]["value"] for r in routes for x in r["spec"]["rules"] for m in x["matches"]]
    assert values == ["/x"]


def test_catch_all_oldest_default_backend_wins() -> None:
    first = ingress("first", default_backend=backend("first"), created="2023-01-01T00:00:00Z")
    second = ingress("second", default_backend=backend("second"), created="2022-01-01T00:00:00Z")
    result = run_pipeline(("in.yaml", dump(first, second)))
    catch_all = [d for d in rendered(result) if d["kind"] == "HTTPRoute"]
    assert len(catch_all) == 1 and "hostnames" not in catch_all[0]["spec"]
    assert _backend_refs(result, "/") == [("second", 80)]
    assert [f.ingress for f in result.findings if f.code.id == "IM221"] == ["default/first"]


def test_rules_without_host_join_the_catch_all() -> None:
    fallback = ingress("fallback", default_backend=backend("not-found"))
    metrics = ingress("metrics", [rule(None, ("/metrics", "Prefix", "metrics", 9100))])
    result = run_pipeline(("in.yaml", dump(fallback, metrics)))
    routes = [d for d in rendered(result) if d["kind"] == "HTTPRoute"]
    assert len(routes) == 1 and "hostnames" not in routes[0]["spec"]
    assert _backend_refs(result, "/metrics") == [("metrics", 9100)]
    assert _backend_refs(result, "/") == [("not-found", 80)]


def test_a_resource_backend_is_reported_and_left_out() -> None:
    manifest = ingress(
        "static",
        [
            {
                "host": "s.example.com",
                "http": {
                    "paths": [
                        {"path": "/a", "pathType": "Prefix", "backend": {"resource": {"kind": "Bucket", "name": "b"}}},
                        {"path": "/", "pathType": "Prefix", "backend": backend("web")},
                    ]
                },
            }
        ],
    )
    result = run_pipeline(("in.yaml", dump(manifest)))
    assert "IM212" in codes(result.findings)
    assert "/a" not in str(rendered(result))


NGINX = "nginx.ingress.kubernetes.io/"


@pytest.mark.parametrize(
    ("annotations", "ignored"),
    [
        pytest.param({"rewrite-target": "/$2"}, ["rewrite-target"], id="rewrite-target"),
        pytest.param({"use-regex": "true"}, ["use-regex"], id="use-regex"),
        pytest.param({"permanent-redirect": "https://moved.example.org/"}, ["permanent-redirect"], id="redirect"),
        pytest.param({"force-ssl-redirect": "true"}, ["force-ssl-redirect"], id="force-ssl-redirect"),
        pytest.param({"app-root": "/app"}, ["app-root"], id="app-root"),
        pytest.param({"upstream-vhost": "internal.example.com"}, [], id="other-annotations-apply"),
    ],
)
def test_the_catch_all_default_backend_ignores_redirect_and_rewrite(
    annotations: dict[str, str], ignored: list[str]
) -> None:
    """createServers gives the catch-all root the annotations of the Ingress whose defaultBackend takes it
    over, except its redirect and rewrite settings ("Redirect and rewrite can affect the catch all behavior,
    skip for now"): requests for unknown hosts reach the backend untouched."""
    fallback = ingress(
        "fallback", default_backend=backend("fallback"), annotations={NGINX + k: v for k, v in annotations.items()}
    )
    result = run_pipeline(("in.yaml", dump(fallback)))
    (route,) = [d for d in rendered(result) if d["kind"] == "HTTPRoute"]
    (only,) = route["spec"]["rules"]
    assert only["backendRefs"] == [{"name": "fallback", "port": 80}]
    kinds = [f["type"] for f in only.get("filters", [])]
    assert kinds == (["URLRewrite"] if "upstream-vhost" in annotations else [])  # the Host header, not the path
    flagged = [f.field for f in result.findings if f.code.id == "IM225"]
    assert flagged == [NGINX + name for name in ignored]
