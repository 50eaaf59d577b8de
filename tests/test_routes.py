"""HTTPRoutes: path types, trailing slashes, merging rules, and splits that never exceed Gateway API limits."""

from __future__ import annotations

from typing import Any

import pytest
from support import check_gateway_api, codes, dump, ingress, rendered, rule, run_pipeline

from migrate.gateway.ir import BackendRef, Match, PathMatch, RequestRedirect, Rule
from migrate.gateway.packing import MAX_MATCHES, MAX_MATCHES_PER_RULE, MAX_RULES, merge, split


def _routes(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in documents if d["kind"] == "HTTPRoute"]


def _matches(documents: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    found = []
    for route in _routes(documents):
        for entry in route["spec"]["rules"]:
            target = entry["backendRefs"][0]["name"] if entry.get("backendRefs") else None
            found += [(m["path"]["type"], m["path"]["value"], target) for m in entry["matches"]]
    return found


@pytest.mark.parametrize(
    ("path", "path_type", "expected"),
    [
        pytest.param("/a", "Exact", [("Exact", "/a", "svc")], id="exact"),
        pytest.param("/a", "Prefix", [("PathPrefix", "/a", "svc")], id="prefix"),
        pytest.param("/a", "ImplementationSpecific", [("PathPrefix", "/a", "svc")], id="implementation-specific"),
        pytest.param(
            "/a/", "Prefix", [("PathPrefix", "/a/", "svc"), ("Exact", "/a", None)], id="prefix-trailing-slash"
        ),
        pytest.param("/a/", "Exact", [("Exact", "/a/", "svc"), ("Exact", "/a", None)], id="exact-trailing-slash"),
        pytest.param("/", "Prefix", [("PathPrefix", "/", "svc")], id="root-no-redirect"),
    ],
)
def test_path_types(path: str, path_type: str, expected: list[tuple[str, str, str | None]]) -> None:
    manifest = ingress("a", [rule("a.example.com", (path, path_type, "svc", 80))])
    documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
    check_gateway_api(documents)
    assert _matches(documents) == expected


def test_trailing_slash_redirect_is_a_301_to_the_slash() -> None:
    manifest = ingress("a", [rule("a.example.com", ("/docs/", "Prefix", "docs", 80))])
    result = run_pipeline(("in.yaml", dump(manifest)))
    redirect = next(
        x for r in _routes(rendered(result)) for x in r["spec"]["rules"] if x["matches"][0]["path"]["value"] == "/docs"
    )
    assert redirect["filters"] == [
        {
            "type": "RequestRedirect",
            "requestRedirect": {"path": {"type": "ReplaceFullPath", "replaceFullPath": "/docs/"}, "statusCode": 301},
        }
    ]
    assert "IM206" in codes(result.findings)


def test_no_trailing_slash_redirect_when_the_bare_path_is_served() -> None:
    manifest = ingress("a", [rule("a.example.com", ("/docs/", "Prefix", "docs", 80), ("/docs", "Exact", "other", 80))])
    documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
    assert _matches(documents) == [("PathPrefix", "/docs/", "docs"), ("Exact", "/docs", "other")]


def test_same_backend_paths_share_a_rule_in_written_order() -> None:
    manifest = ingress(
        "a",
        [rule("a.example.com", ("/x", "Prefix", "one", 80), ("/y", "Prefix", "two", 80), ("/z", "Exact", "one", 80))],
    )
    route = _routes(rendered(run_pipeline(("in.yaml", dump(manifest)))))[0]
    assert [[m["path"]["value"] for m in x["matches"]] for x in route["spec"]["rules"]] == [["/x", "/z"], ["/y"]]


def test_a_namespace_gets_its_own_route_for_a_shared_host() -> None:
    first = ingress("a", [rule("a.example.com", ("/", "Prefix", "web", 80))], namespace="web")
    second = ingress("b", [rule("a.example.com", ("/pay", "Prefix", "pay", 80))], namespace="pay")
    routes = _routes(rendered(run_pipeline(("in.yaml", dump(first, second)))))
    assert sorted((r["metadata"]["namespace"], r["metadata"]["name"]) for r in routes) == [
        ("pay", "a.example.com"),
        ("web", "a.example.com"),
    ]


# --- splits --------------------------------------------------------------------------------------------------


def _rule(backend: str, matches: int, start: int = 0) -> Rule:
    return Rule(
        [Match(PathMatch("PathPrefix", f"/{backend}/{i}")) for i in range(start, start + matches)],
        backend_refs=(BackendRef(backend, 80),),
    )


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param([1] * 16, id="16-rules"),
        pytest.param([1] * 17, id="17-rules"),
        pytest.param([64], id="64-matches"),
        pytest.param([65], id="65-matches-one-rule"),
        pytest.param([64, 64], id="128-matches"),
        pytest.param([64, 64, 1], id="129-matches"),
        pytest.param([300], id="300-matches-one-rule"),
        pytest.param([100, 1, 100, 1, 27], id="mixed"),
        pytest.param([1] * 200, id="200-rules"),
        pytest.param([3, 63, 2, 64, 61, 5] * 5, id="ragged"),
    ],
)
def test_split_never_exceeds_limits(shape: list[int]) -> None:
    rules = [_rule(f"s{i}", count) for i, count in enumerate(shape)]
    chunks = split(rules)
    for chunk in chunks:
        assert 0 < len(chunk) <= MAX_RULES
        assert all(len(r.matches) <= MAX_MATCHES_PER_RULE for r in chunk)
        assert sum(len(r.matches) for r in chunk) <= MAX_MATCHES
    # Nothing lost, nothing repeated, order kept.
    flat = [(r.backend_refs, m.path.value) for chunk in chunks for r in chunk for m in r.matches]
    assert flat == [(r.backend_refs, m.path.value) for r in rules for m in r.matches]
    assert split(rules) == chunks  # deterministic


def test_split_packs_greedily() -> None:
    assert [len(c) for c in split([_rule(f"s{i}", 1) for i in range(40)])] == [16, 16, 8]
    assert [[len(r.matches) for r in c] for c in split([_rule("s", 130)])] == [[64, 64], [2]]


def test_merge_keeps_unmergeable_rules_apart() -> None:
    redirect = (RequestRedirect(301),)
    a = Rule([Match(PathMatch("Exact", "/a"))], filters=redirect, mergeable=False)
    b = Rule([Match(PathMatch("Exact", "/b"))], filters=redirect, mergeable=False)
    c = Rule([Match(PathMatch("Exact", "/c"))], filters=redirect)
    d = Rule([Match(PathMatch("Exact", "/d"))], filters=redirect)
    merged = merge([a, b, c, d])
    assert [[m.path.value for m in r.matches] for r in merged] == [["/a"], ["/b"], ["/c", "/d"]]


@pytest.mark.parametrize(
    ("paths", "backends"),
    [
        pytest.param(200, 200, id="200-paths-200-backends"),
        pytest.param(300, 1, id="300-paths-one-backend"),
        pytest.param(150, 7, id="150-paths-7-backends"),
    ],
)
def test_big_host_splits_into_valid_routes(paths: int, backends: int) -> None:
    entries = [(f"/p{i:03d}", "Prefix", f"svc{i % backends}", 80) for i in range(paths)]
    manifest = ingress("big", [rule("big.example.com", *entries)])
    text = dump(manifest)
    result = run_pipeline(("in.yaml", text))
    documents = rendered(result)
    check_gateway_api(documents)  # 16 rules, 64 matches per rule, 128 per route, 16 hostnames
    routes = _routes(documents)
    assert all(r["spec"]["hostnames"] == ["big.example.com"] for r in routes)
    names = {r["metadata"]["name"] for r in routes}
    assert names == {"big.example.com"} | {f"big.example.com-{i}" for i in range(2, len(names) + 1)}
    assert sorted(v for _, v, _ in _matches(documents)) == sorted(p for p, _, _, _ in entries)
    assert ("IM310" in codes(result.findings)) is (len(routes) > 1)
    assert rendered(run_pipeline(("in.yaml", text))) == documents
