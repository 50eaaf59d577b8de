"""Generated names: DNS-1123 valid, length-limited with a stable hash, and never shared by two things."""

from __future__ import annotations

import itertools

import pytest
from support import DNS_SUBDOMAIN, check_gateway_api, dump, ingress, rendered, rule, run_pipeline

from migrate.gateway.names import MAX_NAME, Names, dns_name, stable_hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("shop.example.com", "shop.example.com", id="hostname-kept"),
        pytest.param("*.example.com", "wildcard.example.com", id="wildcard-spelled-out"),
        pytest.param("Foo_Bar", "foo-bar", id="lower-case-and-dash"),
        pytest.param("a..b", "a.b", id="empty-label-removed"),
        pytest.param("-x-", "x", id="edges-trimmed"),
        pytest.param("a.-b-.c", "a.b.c", id="label-edges-trimmed"),
        pytest.param("a--b", "a-b", id="dash-runs-collapsed"),
        pytest.param("café.example.com", "caf.example.com", id="non-ascii-dropped"),
        pytest.param("", "unnamed", id="empty"),
        pytest.param("...", "unnamed", id="only-dots"),
        pytest.param("nginx", "nginx", id="class-name"),
    ],
)
def test_dns_name(text: str, expected: str) -> None:
    assert dns_name(text) == expected
    assert DNS_SUBDOMAIN.match(expected)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x" * 64, id="one-over"),
        pytest.param("a" * 300, id="far-over"),
        pytest.param("a." * 40 + "example.com", id="dots-at-cut"),
        pytest.param("a-" * 40 + "example.com", id="dashes-at-cut"),
    ],
)
def test_long_names_are_cut_with_a_stable_hash(text: str) -> None:
    name = dns_name(text)
    assert len(name) <= MAX_NAME
    assert DNS_SUBDOMAIN.match(name), name
    assert name.endswith("-" + stable_hash(text))
    assert dns_name(text) == name  # stable


def test_long_names_with_the_same_prefix_differ() -> None:
    first, second = "a" * 70 + ".one.example.com", "a" * 70 + ".two.example.com"
    assert dns_name(first) != dns_name(second)


def test_listener_limit() -> None:
    host = ".".join(["label"] * 50) + ".example.com"  # 311 characters: over a listener name's 253
    name = Names().claim("Listener", "gw", f"https.{host}", host, limit=253)
    assert len(name) <= 253 and DNS_SUBDOMAIN.match(name)


def test_first_claimant_keeps_the_natural_name() -> None:
    names = Names()
    assert names.claim("HTTPRoute", "ns", "a.example.com", "first") == "a.example.com"
    second = names.claim("HTTPRoute", "ns", "a.example.com", "second")
    assert second == f"a.example.com-{stable_hash('second')}"
    assert names.claim("HTTPRoute", "ns", "a.example.com", "first") == "a.example.com"  # the same key again
    assert names.claim("HTTPRoute", "ns", "a.example.com", "second") == second


@pytest.mark.parametrize(
    ("kind", "namespace"),
    [pytest.param("Gateway", "ns", id="other-kind"), pytest.param("HTTPRoute", "other", id="other-namespace")],
)
def test_names_are_per_kind_and_namespace(kind: str, namespace: str) -> None:
    names = Names()
    names.claim("HTTPRoute", "ns", "a.example.com", "first")
    assert names.claim(kind, namespace, "a.example.com", "second") == "a.example.com"


def test_a_hashed_name_that_is_taken_is_hashed_again() -> None:
    names = Names()
    taken = f"a.example.com-{stable_hash('second')}"
    assert names.claim("HTTPRoute", "ns", taken, "literal") == taken
    names.claim("HTTPRoute", "ns", "a.example.com", "first")
    second = names.claim("HTTPRoute", "ns", "a.example.com", "second")
    assert second not in (taken, "a.example.com")
    assert DNS_SUBDOMAIN.match(second)


def test_many_colliding_claims_never_share_a_name() -> None:
    names = Names()
    claimed = {names.claim("HTTPRoute", "ns", "same", f"key-{i}") for i in range(500)}
    assert len(claimed) == 500


@pytest.mark.parametrize(
    "hosts",
    [
        pytest.param(["*.example.com", "example.com", "wildcard.example.com"], id="wildcard-apex-literal"),
        pytest.param(["wildcard.example.com", "*.example.com"], id="literal-first"),
        pytest.param(["catch-all", ""], id="host-named-like-the-catch-all"),
        pytest.param(["a.example.com", "a.example.com-http"], id="host-named-like-a-redirect-route"),
        pytest.param(["a.example.com-2", "a.example.com"], id="host-named-like-a-split"),
        pytest.param(["x" * 60 + ".example.com", "x" * 60 + ".example.org"], id="long-hosts-same-prefix"),
    ],
)
def test_generated_names_never_collide(hosts: list[str]) -> None:
    """Hosts whose natural object or listener names coincide, converted with TLS so that each has an HTTPS
    listener, a route and a redirect route, in every order: all names distinct and valid."""
    for order in itertools.permutations(hosts):
        tls_hosts = [h for h in order if h]
        manifest = ingress(
            "tenants",
            [rule(h or None, ("/", "Prefix", "web", 80)) for h in order],
            tls=[{"hosts": tls_hosts, "secretName": "tls"}],
        )
        documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
        check_gateway_api(documents)  # unique objects, unique valid listener names, references resolve
        routed = {h for d in documents if d["kind"] == "HTTPRoute" for h in d["spec"].get("hostnames", [""])}
        assert routed == set(order)
