"""Redirects family: permanent/temporal-redirect and codes, app-root, from-to-www-redirect."""

from __future__ import annotations

import pytest
from routing_cases import Request, codes, ingress, intents, pick, routes, rules, run

from migrate.annotations.redirects import redirect_target
from migrate.gateway.ir import PathModifier, RequestRedirect
from migrate.intents import Redirect

HOST = "app.example.com"


@pytest.mark.parametrize(
    ("annotations", "redirect"),
    [
        pytest.param(
            {"permanent-redirect": "https://x.example.com"},
            Redirect("https://x.example.com", 301, "permanent-redirect"),
            id="permanent-default-301",
        ),
        pytest.param(
            {"temporal-redirect": "https://x.example.com"},
            Redirect("https://x.example.com", 302, "temporal-redirect"),
            id="temporal-default-302",
        ),
        pytest.param(
            {"permanent-redirect": "https://p.example.com", "temporal-redirect": "https://t.example.com"},
            Redirect("https://t.example.com", 302, "temporal-redirect"),
            id="temporal-wins",
        ),
        pytest.param(
            {"permanent-redirect": "https://x.example.com", "permanent-redirect-code": "308"},
            Redirect("https://x.example.com", 308, "permanent-redirect"),
            id="permanent-308",
        ),
        pytest.param(
            {"permanent-redirect": "https://x.example.com", "permanent-redirect-code": "399"},
            Redirect("https://x.example.com", 301, "permanent-redirect"),
            id="permanent-out-of-range",
        ),
        pytest.param(
            {"temporal-redirect": "https://x.example.com", "temporal-redirect-code": "308"},
            Redirect("https://x.example.com", 302, "temporal-redirect"),
            id="temporal-308-out-of-range",
        ),
        pytest.param(
            {"temporal-redirect": "https://x.example.com", "temporal-redirect-code": "307"},
            Redirect("https://x.example.com", 307, "temporal-redirect"),
            id="temporal-307",
        ),
        pytest.param(
            {"permanent-redirect": "https://x.example.com", "permanent-redirect-code": "300"},
            Redirect("https://x.example.com", 301, "permanent-redirect"),
            id="300-not-a-redirect",
        ),
        pytest.param({"permanent-redirect": "ftp://x.example.com"}, None, id="not-http-ignored"),
        pytest.param({"permanent-redirect": "https://x.example.com/$1"}, None, id="variable-refused"),
    ],
)
def test_redirect_intent(annotations: dict[str, str], redirect: Redirect | None) -> None:
    found, _ = intents(ingress(annotations=annotations))
    assert found.location.redirect == redirect


@pytest.mark.parametrize(
    ("annotations", "code", "severity"),
    [
        pytest.param(
            {"permanent-redirect": "https://x.example.com", "permanent-redirect-code": "abc"},
            "IM595",
            "error",
            id="code-not-int-refused",
        ),
        pytest.param({"permanent-redirect": "https://x.example.com/a b"}, "IM595", "error", id="url-chars-refused"),
        pytest.param({"from-to-www-redirect": "yes"}, "IM595", "error", id="www-not-bool-refused"),
        pytest.param(
            {"permanent-redirect": "https://x.example.com", "permanent-redirect-code": "304"},
            "IM415",
            "warning",
            id="304-not-expressible",
        ),
        pytest.param(
            {"permanent-redirect": "ftp://x.example.com", "from-to-www-redirect": "true"},
            "IM598",
            "warning",
            id="non-http-ignores-all-redirect-keys",
        ),
        pytest.param({"permanent-redirect": "https://x.example.com"}, "IM416", "warning", id="query-difference"),
    ],
)
def test_redirect_findings(annotations: dict[str, str], code: str, severity: str) -> None:
    found, findings = intents(ingress(annotations=annotations))
    assert any(f.code.id == code and f.severity.value == severity for f in findings), findings
    if code == "IM598":
        assert found.location.from_to_www is False and found.location.redirect is None


def test_permanent_code_is_not_read_when_temporal_wins() -> None:
    _, findings = intents(
        ingress(annotations={"temporal-redirect": "https://t.example.com", "permanent-redirect-code": "abc"})
    )
    assert "IM595" not in codes(findings)


@pytest.mark.parametrize(
    ("url", "target"),
    [
        pytest.param("https://new.example.com", ("https", "new.example.com", None, "/", ""), id="bare-host"),
        pytest.param(
            "http://New.Example.com:8080/a/b?x=1",
            ("http", "new.example.com", 8080, "/a/b", "x=1"),
            id="port-path-query",
        ),
        pytest.param("https://under_score.example.com/", ("https", None, None, "/", ""), id="host-gateway-rejects"),
    ],
)
def test_redirect_target(url: str, target: tuple[object, ...]) -> None:
    assert redirect_target(url) == target


def test_redirect_drops_path_and_applies_to_every_path_and_the_root() -> None:
    """C5b: the root location ingress-nginx adds for the host takes the creator's redirect, so paths the
    Ingress never listed are redirected too."""
    result = run(
        ingress(annotations={"permanent-redirect": "https://new.example.com/landing"}, paths=[("/shop", "Prefix")])
    )
    for path in ("/shop/x", "/never-listed", "/"):
        rule = pick(routes(result, HOST), Request(path))
        assert rule is not None and rule.filters == (
            RequestRedirect(
                301, scheme="https", hostname="new.example.com", path=PathModifier("ReplaceFullPath", "/landing")
            ),
        ), path


def test_root_redirect_only_from_the_creator() -> None:
    result = run(
        ingress(name="a", paths=[("/a", "Prefix")], service="a", created="2020-01-01T00:00:00Z"),
        ingress(
            name="b",
            annotations={"permanent-redirect": "https://b.example.com"},
            paths=[("/b", "Prefix")],
            created="2021-01-01T00:00:00Z",
        ),
    )
    assert pick(routes(result, HOST), Request("/elsewhere")) is None  # the root is a's: default backend, 404
    rule = pick(routes(result, HOST), Request("/b/x"))
    assert rule is not None and rule.filters[0].type == "RequestRedirect"


def test_redirect_answers_on_port_80_before_the_https_redirect() -> None:
    result = run(ingress(annotations={"temporal-redirect": "https://t.example.com"}, tls=[HOST]))
    rule = pick(routes(result, HOST, "-http") or routes(result, HOST), Request("/x"))
    assert rule is not None and rule.filters == (
        RequestRedirect(302, scheme="https", hostname="t.example.com", path=PathModifier("ReplaceFullPath", "/")),
    )


@pytest.mark.parametrize(
    ("value", "app_root", "code"),
    [
        pytest.param("/app", "/app", None, id="path"),
        pytest.param("app", None, "IM596", id="relative-ignored"),
        pytest.param("https://x.example.com/app", None, "IM596", id="url-ignored"),
        pytest.param("/a?b", None, "IM596", id="validator-ignored"),
    ],
)
def test_app_root_value(value: str, app_root: str | None, code: str | None) -> None:
    found, findings = intents(ingress(annotations={"app-root": value}))
    assert found.location.app_root == app_root
    assert (code in codes(findings)) if code else not findings


def test_app_root_is_host_wide_and_the_first_location_in_nginx_order_wins() -> None:
    result = run(
        ingress(name="old", annotations={"app-root": "/old"}, paths=[("/a", "Prefix")], created="2020-01-01T00:00:00Z"),
        ingress(
            name="new",
            annotations={"app-root": "/new"},
            paths=[("/longer", "Prefix")],
            service="n",
            created="2021-01-01T00:00:00Z",
        ),
    )
    rule = pick(routes(result, HOST), Request("/"))
    assert rule is not None
    assert rule.filters == (RequestRedirect(302, path=PathModifier("ReplaceFullPath", "/new")),)
    assert pick(routes(result, HOST), Request("/a/x")) is not None


def test_app_root_of_a_root_path_that_took_the_roots_place_wins_over_an_older_exact_root() -> None:
    """A `/` path takes over the root location the host was created with in place (controller.go
    getBackendServers), so it stays ahead of an older Exact `/`, and its app-root is the server's."""
    result = run(
        ingress(name="old", annotations={"app-root": "/old"}, paths=[("/", "Exact")], created="2020-01-01T00:00:00Z"),
        ingress(name="new", annotations={"app-root": "/new"}, paths=[("/", "Prefix")], created="2021-01-01T00:00:00Z"),
    )
    rule = pick(routes(result, HOST), Request("/"))
    assert rule is not None
    assert rule.filters == (RequestRedirect(302, path=PathModifier("ReplaceFullPath", "/new")),)


def test_app_root_answers_on_port_80_too() -> None:
    result = run(ingress(annotations={"app-root": "/app"}, tls=[HOST]))
    rule = pick(routes(result, HOST, "-http"), Request("/"))
    assert rule is not None and rule.filters == (RequestRedirect(302, path=PathModifier("ReplaceFullPath", "/app")),)


@pytest.mark.parametrize(
    ("host", "others", "www"),
    [
        pytest.param("example.com", [], "www.example.com", id="apex-to-www-name"),
        pytest.param("www.example.com", [], "example.com", id="www-to-apex-name"),
        pytest.param("example.com", ["www.example.com"], None, id="other-name-is-a-host"),
        pytest.param("*.example.com", [], None, id="wildcard"),
    ],
)
def test_from_to_www(host: str, others: list[str], www: str | None) -> None:
    documents = [ingress(annotations={"from-to-www-redirect": "true"}, host=host)]
    documents += [ingress(name=f"o{i}", host=other, service="o") for i, other in enumerate(others)]
    result = run(*documents)
    found = list(routes(result, suffix="-redirect"))
    if www is None:
        assert not found and "IM417" in codes(result.findings)
        return
    (route,) = found
    assert route.hostnames == [www]
    assert route.rules[0].filters == (RequestRedirect(308, hostname=host),)


def test_www_redirect_wins_over_an_alias_of_the_same_name() -> None:
    """nginx.tmpl writes the redirect servers first and nginx keeps a repeated server_name for the first
    server block, so www.example.com redirected although another host listed it as an alias."""
    result = run(
        ingress(annotations={"from-to-www-redirect": "true"}, host="example.com"),
        ingress(name="other", annotations={"server-alias": "www.example.com"}, host="other.example.com", service="o"),
    )
    (route,) = routes(result, suffix="-redirect")
    assert route.hostnames == ["www.example.com"]
    assert routes(result, "other.example.com")[0].hostnames == ["other.example.com"]
    (finding,) = [f for f in result.findings if f.code.id == "IM417" and "also a server-alias" in f.message]
    assert finding.ingress == "default/app"


def test_www_redirect_gets_an_https_listener_with_the_hosts_certificate() -> None:
    result = run(ingress(annotations={"from-to-www-redirect": "true"}, host="example.com", tls=["example.com"]))
    (route,) = routes(result, suffix="-redirect")
    assert [parent.section_name for parent in route.parent_refs] == ["http", "https.www.example.com"]
    assert "IM302" not in codes(result.findings)


def test_redirect_rules_keep_cors() -> None:
    result = run(ingress(annotations={"permanent-redirect": "https://x.example.com", "enable-cors": "true"}))
    (rule,) = rules(result, HOST)
    assert [f.type for f in rule.filters] == ["CORS", "RequestRedirect"]
