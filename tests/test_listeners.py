"""Listeners, ListenerSets past 64, ReferenceGrants, HTTPS redirects and the existing-Gateway mode."""

from __future__ import annotations

from typing import Any

import pytest
from support import check_gateway_api, codes, dump, ingress, rendered, rule, run_pipeline

from migrate.options import Options


def _tls_sites(count: int, namespaces: int = 1, per_ingress: int = 50) -> str:
    """`count` hosts, each with its own certificate, spread over Ingresses and namespaces."""
    manifests = []
    for start in range(0, count, per_ingress):
        hosts = [f"h{i:04d}.example.com" for i in range(start, min(start + per_ingress, count))]
        manifests.append(
            ingress(
                f"sites-{start}",
                [rule(h, ("/", "Prefix", "web", 80)) for h in hosts],
                namespace=f"team-{(start // per_ingress) % namespaces}",
                tls=[{"hosts": [h], "secretName": f"{h.split('.')[0]}-tls"} for h in hosts],
            )
        )
    return dump(*manifests)


def _by_kind(documents: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in documents if d["kind"] == kind]


@pytest.mark.parametrize(
    ("hosts", "namespaces", "default_certificate"),
    [
        pytest.param(63, 1, False, id="63-fit-with-http"),
        pytest.param(64, 1, False, id="65-listeners"),
        pytest.param(62, 1, True, id="64-with-default-certificate"),
        pytest.param(63, 1, True, id="65-with-default-certificate"),
        pytest.param(300, 3, False, id="300-hosts-3-namespaces"),
        pytest.param(700, 7, True, id="700-hosts"),
    ],
)
def test_many_tls_hosts(hosts: int, namespaces: int, default_certificate: bool) -> None:
    options = Options(default_certificate=("ingress-nginx", "default-tls") if default_certificate else None)
    result = run_pipeline(("sites.yaml", _tls_sites(hosts, namespaces)), options=options)
    documents = rendered(result)
    check_gateway_api(documents)  # <= 64 listeners each, unique valid names, every parentRef resolves
    gateways, sets = _by_kind(documents, "Gateway"), _by_kind(documents, "ListenerSet")
    listeners = [entry for d in gateways + sets for entry in d["spec"]["listeners"]]
    fixed = 2 if default_certificate else 1
    assert len(gateways) == 1 and len(listeners) == hosts + fixed
    assert len({entry["name"] for entry in listeners}) == len(listeners)
    expected_sets = max(0, -(-(hosts + fixed - 64) // 64))
    assert len(sets) == expected_sets
    assert bool(gateways[0]["spec"].get("allowedListeners")) is bool(sets)
    assert ("IM308" in codes(result.findings)) is bool(sets)
    # Every host is routed through the listener that carries its certificate, and redirected on port 80.
    served: dict[str, str] = {}
    for route in _by_kind(documents, "HTTPRoute"):
        for ref in route["spec"]["parentRefs"]:
            for host in route["spec"]["hostnames"]:
                served.setdefault(host, "")
                if ref["sectionName"] != "http":
                    served[host] = ref["sectionName"]
    assert sorted(served) == [f"h{i:04d}.example.com" for i in range(hosts)]
    by_name = {entry["name"]: entry for entry in listeners}
    for host, section in served.items():
        assert by_name[section]["hostname"] == host
        assert by_name[section]["tls"]["certificateRefs"][0]["name"] == f"{host.split('.')[0]}-tls"
    redirects = [r for r in _by_kind(documents, "HTTPRoute") if r["metadata"]["name"].endswith("-http")]
    assert len(redirects) == hosts
    # Certificates in the teams' namespaces are granted to the Gateway and to the ListenerSets.
    grants = _by_kind(documents, "ReferenceGrant")
    granted = {(g["metadata"]["namespace"], t["name"]) for g in grants for t in g["spec"]["to"]}
    assert len(granted) == hosts + (1 if default_certificate else 0)
    if sets:
        assert any(f["kind"] == "ListenerSet" for g in grants for f in g["spec"]["from"])


def test_listener_split_is_deterministic() -> None:
    text = _tls_sites(200, 2)
    first = rendered(run_pipeline(("sites.yaml", text)))
    second = rendered(run_pipeline(("sites.yaml", text)))
    assert first == second


def test_wildcard_apex_and_literal_listeners() -> None:
    manifest = ingress(
        "tenants",
        [
            rule("*.example.com", ("/", "Prefix", "tenant", 80)),
            rule("example.com", ("/", "Prefix", "landing", 80)),
            rule("wildcard.example.com", ("/", "Prefix", "odd", 80)),
        ],
        tls=[
            {"hosts": ["*.example.com"], "secretName": "wildcard-tls"},
            {"hosts": ["example.com", "wildcard.example.com"], "secretName": "apex-tls"},
        ],
    )
    documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
    check_gateway_api(documents)
    listeners = {e["name"]: e for e in _by_kind(documents, "Gateway")[0]["spec"]["listeners"]}
    assert listeners["https-wildcard.example.com"]["hostname"] == "*.example.com"
    assert listeners["https.example.com"]["hostname"] == "example.com"
    assert listeners["https.wildcard.example.com"]["hostname"] == "wildcard.example.com"


@pytest.mark.parametrize(
    ("tls", "default_certificate", "redirect", "sections", "expected"),
    [
        pytest.param(
            [{"hosts": ["a.example.com"], "secretName": "a"}], None, True, ["https.a.example.com"], [], id="own-cert"
        ),
        pytest.param(None, None, False, ["http"], ["IM313"], id="no-tls"),
        pytest.param(None, ("ns", "def"), False, ["http", "https"], [], id="no-tls-default-cert"),
        pytest.param(
            [{"hosts": ["other.example.com"], "secretName": "o"}],
            None,
            False,
            ["http"],
            ["IM303", "IM302"],
            id="tls-not-listing-host",
        ),
        pytest.param(
            [{"hosts": ["other.example.com"], "secretName": "o"}],
            ("ns", "def"),
            True,
            ["https"],
            ["IM302"],
            id="tls-not-listing-host-default-cert",
        ),
        pytest.param(
            [{"hosts": ["a.example.com"]}], None, False, ["http"], ["IM303", "IM304"], id="tls-without-secret"
        ),
        pytest.param([{"secretName": "any"}], None, True, ["https.a.example.com"], ["IM306"], id="tls-without-hosts"),
        pytest.param(
            [{"hosts": ["*.example.com"], "secretName": "w"}],
            None,
            True,
            ["https.a.example.com"],
            ["IM305"],
            id="wildcard-tls-covers-host",
        ),
    ],
)
def test_https_and_redirect(
    tls: list[dict[str, Any]] | None,
    default_certificate: tuple[str, str] | None,
    redirect: bool,
    sections: list[str],
    expected: list[str],
) -> None:
    """ingress-nginx redirected HTTP to HTTPS (308) exactly when a certificate served the host, its own or
    the default one for a host of an Ingress with tls (lua_ingress.lua redirect_to_https, controller.go)."""
    manifest = ingress("a", [rule("a.example.com", ("/", "Prefix", "web", 80))], tls=tls)
    result = run_pipeline(("in.yaml", dump(manifest)), options=Options(default_certificate=default_certificate))
    documents = rendered(result)
    check_gateway_api(documents)
    routes = {r["metadata"]["name"]: r for r in _by_kind(documents, "HTTPRoute")}
    main = routes["a.example.com"]
    assert [p["sectionName"] for p in main["spec"]["parentRefs"]] == sections
    assert main["spec"]["rules"][0]["backendRefs"] == [{"name": "web", "port": 80}]
    if redirect:
        http = routes["a.example.com-http"]["spec"]
        assert [p["sectionName"] for p in http["parentRefs"]] == ["http"]
        assert http["rules"] == [
            {
                "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                "filters": [{"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 308}}],
            }
        ]
    else:
        assert "a.example.com-http" not in routes
    tls_codes = [c for c in codes(result.findings) if c.startswith("IM3")]
    assert sorted(tls_codes) == sorted(expected)


def test_acme_challenge_paths_stay_on_http() -> None:
    site = ingress(
        "site",
        [rule("a.example.com", ("/", "Prefix", "web", 80), ("/api", "Prefix", "api", 80))],
        tls=[{"hosts": ["a.example.com"], "secretName": "a"}],
    )
    solver = ingress(
        "cm-acme-http-solver-abcde",
        [rule("a.example.com", ("/.well-known/acme-challenge/token", "ImplementationSpecific", "solver", 8089))],
        class_name="nginx",
    )
    documents = rendered(run_pipeline(("in.yaml", dump(site, solver))))
    check_gateway_api(documents)
    http = next(r for r in documents if r["metadata"]["name"] == "a.example.com-http")["spec"]["rules"]
    on_http = {m["path"]["value"]: ("backendRefs" in x, "filters" in x) for x in http for m in x["matches"]}
    assert on_http == {
        "/": (False, True),
        "/api": (False, True),
        "/.well-known/acme-challenge/token": (True, False),
    }


def test_a_path_of_an_ingress_without_tls_is_redirected_when_the_host_has_a_certificate() -> None:
    """The redirect decision is per host (certificate.lua): another Ingress's path on that host redirects too."""
    secure = ingress(
        "secure",
        [rule("a.example.com", ("/", "Prefix", "web", 80))],
        tls=[{"hosts": ["a.example.com"], "secretName": "a"}],
    )
    plain = ingress("plain", [rule("a.example.com", ("/pay", "Prefix", "pay", 80))], namespace="payments")
    documents = rendered(run_pipeline(("in.yaml", dump(secure, plain))))
    check_gateway_api(documents)
    routes = _by_kind(documents, "HTTPRoute")
    on_http = [r for r in routes if any(p["sectionName"] == "http" for p in r["spec"]["parentRefs"])]
    assert len(on_http) == 1 and "backendRefs" not in str(on_http[0]["spec"]["rules"])
    pay = next(r for r in routes if r["metadata"]["namespace"] == "payments")
    assert [p["sectionName"] for p in pay["spec"]["parentRefs"]] == ["https.a.example.com"]


def test_allowed_routes_admit_exactly_the_namespaces_that_attach() -> None:
    documents = rendered(run_pipeline(("sites.yaml", _tls_sites(3, namespaces=3, per_ingress=1))))
    check_gateway_api(documents)
    gateway = _by_kind(documents, "Gateway")[0]
    http = next(e for e in gateway["spec"]["listeners"] if e["name"] == "http")
    assert http["allowedRoutes"]["namespaces"]["selector"]["matchExpressions"][0]["values"] == [
        "team-0",
        "team-1",
        "team-2",
    ]
    first = next(e for e in gateway["spec"]["listeners"] if e.get("hostname") == "h0000.example.com")
    assert first["allowedRoutes"]["namespaces"]["selector"]["matchExpressions"][0]["values"] == ["team-0"]


def test_routes_in_the_gateway_namespace_use_same() -> None:
    manifest = ingress("a", [rule("a.example.com", ("/", "Prefix", "web", 80))], namespace="gateway-system")
    documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
    listener = _by_kind(documents, "Gateway")[0]["spec"]["listeners"][0]
    assert listener["allowedRoutes"]["namespaces"] == {"from": "Same"}


def test_existing_gateway() -> None:
    manifest = ingress(
        "a",
        [rule("a.example.com", ("/", "Prefix", "web", 80)), rule("b.example.com", ("/", "Prefix", "web", 80))],
        tls=[{"hosts": ["a.example.com"], "secretName": "a-tls"}],
    )
    result = run_pipeline(("in.yaml", dump(manifest)), options=Options(existing_gateway=("infra", "edge")))
    documents = rendered(result)
    assert {d["kind"] for d in documents} == {"HTTPRoute"}
    for route in documents:
        for ref in route["spec"]["parentRefs"]:
            assert (ref["name"], ref["namespace"], ref["kind"]) == ("edge", "infra", "Gateway")
            assert "sectionName" not in ref and ref["port"] in (80, 443)
    told = [f for f in result.findings if f.code.id == "IM301"]
    assert len(told) == 1 and "a.example.com" in told[0].message and "default/a-tls" in told[0].message


def test_secret_in_the_gateway_namespace_needs_no_grant() -> None:
    manifest = ingress(
        "a",
        [rule("a.example.com", ("/", "Prefix", "web", 80))],
        namespace="gateway-system",
        tls=[{"hosts": ["a.example.com"], "secretName": "a"}],
    )
    documents = rendered(run_pipeline(("in.yaml", dump(manifest))))
    assert not _by_kind(documents, "ReferenceGrant")


def test_grants_hold_at_most_16_secrets() -> None:
    documents = rendered(run_pipeline(("sites.yaml", _tls_sites(40))))
    grants = _by_kind(documents, "ReferenceGrant")
    assert [len(g["spec"]["to"]) for g in grants] == [16, 16, 8]
    assert len({g["metadata"]["name"] for g in grants}) == 3
