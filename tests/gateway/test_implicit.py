"""Implicit ingress-nginx behaviours: reported once per Gateway or per host, and only where they apply."""

from __future__ import annotations

import json

import pytest
from ingress_findings import findings_of, ingress


def _with_host(host: str, annotations: dict[str, str] | None = None, **fields: object) -> str:
    document = json.loads(ingress(annotations or {}, **fields))
    document["spec"]["rules"][0]["host"] = host
    document["metadata"]["name"] = host.replace("*", "star").replace(".", "-")
    return json.dumps(document)


def _codes(*documents: str) -> list[str]:
    return [f.code for f in findings_of(*documents) if f.code.startswith("IM81")]


def test_every_gateway_default_is_reported_once() -> None:
    assert _codes(_with_host("a.example.com"), _with_host("b.example.com")) == [
        "IM810",
        "IM812",
        "IM813",
        "IM814",
        "IM815",
    ]


@pytest.mark.parametrize(
    ("annotations", "absent"),
    [
        pytest.param({"proxy-body-size": "8m"}, "IM810", id="body-size-set"),
        pytest.param(
            {"proxy-connect-timeout": "3", "proxy-read-timeout": "30", "proxy-send-timeout": "30"},
            "IM812",
            id="all-timeouts-set",
        ),
        pytest.param({"proxy-next-upstream-tries": "1"}, "IM813", id="retries-set"),
    ],
)
def test_a_default_is_not_reported_where_the_annotation_replaced_it(annotations: dict[str, str], absent: str) -> None:
    assert absent not in _codes(_with_host("a.example.com", annotations))
    assert absent in _codes(_with_host("a.example.com", annotations), _with_host("b.example.com"))


def test_a_refused_value_leaves_the_default_in_place() -> None:
    assert "IM810" in _codes(_with_host("a.example.com", {"proxy-body-size": "8 MB"}))


def test_one_timeout_left_at_its_default_still_counts() -> None:
    assert "IM812" in _codes(_with_host("a.example.com", {"proxy-read-timeout": "300"}))


def test_hsts_only_for_hosts_served_over_https() -> None:
    tls = [{"hosts": ["secure.example.com"], "secretName": "secure-tls"}]
    found = findings_of(_with_host("plain.example.com"), _with_host("secure.example.com", tls=tls))
    hsts = [f for f in found if f.code == "IM811"]
    assert len(hsts) == 1
    assert "1 host (secure.example.com)" in hsts[0].message


def test_nothing_served_nothing_reported() -> None:
    document = json.loads(ingress({}))
    document["spec"]["rules"][0]["http"]["paths"][0]["backend"] = {
        "resource": {"apiGroup": "k8s.example.com", "kind": "Bucket", "name": "static"}
    }
    assert _codes(json.dumps(document)) == []


def test_wildcard_host_is_reported_at_the_host_with_what_deeper_names_reached() -> None:
    found = findings_of(_with_host("*.example.com"), _with_host("x.y.example.com"))
    wildcard = [f for f in found if f.code == "IM816"]
    assert [(f.severity, f.field) for f in wildcard] == [("warning", "spec.rules[0].host")]
    message = wildcard[0].message
    assert "exactly one label" in message and "a.b.example.com" in message
    assert "the default backend (404)" in message and "x.y.example.com" in message


def test_wildcard_host_says_when_a_catch_all_served_deeper_names() -> None:
    catch_all = json.loads(ingress({}, name="fallback"))
    del catch_all["spec"]["rules"][0]["host"]
    found = findings_of(_with_host("*.example.com"), json.dumps(catch_all))
    assert "the catch-all rules (routes without hostname)" in next(f.message for f in found if f.code == "IM816")


def test_exact_hosts_are_not_wildcards() -> None:
    assert "IM816" not in _codes(_with_host("example.com"), _with_host("www.example.com"))


def test_host_merged_across_namespaces_is_reported_once_per_host() -> None:
    first = _with_host("shop.example.com", namespace="web")
    second = json.loads(_with_host("shop.example.com", namespace="pay"))
    second["spec"]["rules"][0]["http"]["paths"][0]["path"] = "/pay"
    third = json.loads(_with_host("other.example.com", namespace="pay"))
    found = [f for f in findings_of(first, json.dumps(second), json.dumps(third)) if f.code == "IM817"]
    assert len(found) == 1
    assert "web (web/shop-example-com) and pay (pay/shop-example-com)" in found[0].message


def test_one_namespace_is_not_merging() -> None:
    first = _with_host("shop.example.com")
    second = json.loads(_with_host("shop.example.com"))
    second["metadata"]["name"] = "other"
    second["spec"]["rules"][0]["http"]["paths"][0]["path"] = "/other"
    assert "IM817" not in _codes(first, json.dumps(second))
