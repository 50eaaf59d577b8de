"""Probe requests: every path in its variants, every host, a constant number per path."""

from __future__ import annotations

import json

import pytest
from manifests import ingress, read

from migrate.options import DEFAULT_ANNOTATION_PREFIX
from migrate.verify.probes import UNKNOWN_HOST, Probe, generate


def _probes(text: str, regex_hosts: frozenset[str] = frozenset()) -> list[Probe]:
    inputs, _ = read(text)
    return generate(inputs.ingresses, set(regex_hosts), DEFAULT_ANNOTATION_PREFIX)


def _urls(probes: list[Probe]) -> set[str]:
    return {f"{p.request.scheme}://{p.request.host}{p.request.path}" for p in probes}


def _path(value: str, kind: str = "Prefix") -> str:
    return f"- {{path: {value!r}, pathType: {kind}, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}"


@pytest.mark.parametrize(
    ("paths", "host", "expected"),
    [
        pytest.param(
            _path("/foo"),
            "app.example.com",
            {"/foo", "/foo/", "/foo/im-probe", "/fooim-probe", "/", "/.well-known/acme-challenge/im-probe"},
            id="prefix-variants",
        ),
        pytest.param(
            _path("/docs/", "Exact"), "app.example.com", {"/docs/", "/docs", "/docs/im-probe"}, id="slash-removed"
        ),
        pytest.param(_path("/a b", "ImplementationSpecific"), "app.example.com", {"/a%20b", "/a%20b/"}, id="encoded"),
    ],
)
def test_path_variants(paths: str, host: str, expected: set[str]) -> None:
    urls = _urls(_probes(ingress(host=host, paths=paths)))
    for scheme in ("http", "https"):
        assert {f"{scheme}://{host}{path}" for path in expected} <= urls


def test_every_request_over_http_and_https() -> None:
    probes = _probes(ingress(paths=_path("/foo")))
    by_scheme = {
        scheme: {(p.request.host, p.request.path) for p in probes if p.request.scheme == scheme}
        for scheme in ("http", "https")
    }
    assert by_scheme["http"] == by_scheme["https"]


def test_wildcard_host_one_and_two_labels() -> None:
    hosts = {p.request.host for p in _probes(ingress(host="*.example.com"))}
    assert {"im-probe.example.com", "im-probe.im-probe.example.com"} <= hosts
    assert "*.example.com" not in hosts


def test_unknown_host_and_catch_all() -> None:
    probes = _probes(ingress(host=None, paths=_path("/metrics")))
    assert f"http://{UNKNOWN_HOST}/metrics" in _urls(probes)
    assert f"https://{UNKNOWN_HOST}/" in _urls(probes)


def test_case_variants_only_in_regex_mode() -> None:
    text = ingress(paths=_path("/Api", "ImplementationSpecific"))
    assert "http://app.example.com/aPI" not in _urls(_probes(text))
    assert "http://app.example.com/aPI" in _urls(_probes(text, frozenset({"app.example.com"})))


def test_canary_headers_and_cookies() -> None:
    text = ingress(
        annotations="nginx.ingress.kubernetes.io/canary: 'true'\n"
        "nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n"
        "nginx.ingress.kubernetes.io/canary-by-header-value: blue\n"
        "nginx.ingress.kubernetes.io/canary-by-cookie: canary",
    )
    sent = {p.request.headers for p in _probes(text) if p.purpose.startswith("canary")}
    assert sent == {
        (("X-Canary", "always"),),
        (("X-Canary", "never"),),
        (("X-Canary", "blue"),),
        (("Cookie", "canary=always"),),
        (("Cookie", "canary=never"),),
    }


def test_same_request_merged_with_every_origin() -> None:
    probes = _probes(ingress(name="a", paths=_path("/pay")) + ingress(name="b", paths=_path("/pay")))
    pay = [p for p in probes if p.request.path == "/pay" and p.request.scheme == "http"]
    assert len(pay) == 1
    assert {o.ingress for o in pay[0].origins} == {"app/a", "app/b"}


def test_linear_in_the_number_of_paths() -> None:
    def count(n: int) -> int:
        return len(_probes(ingress(paths="\n".join(_path(f"/p{i}") for i in range(n)))))

    per_path = count(2) - count(1)
    assert count(50) == count(1) + 49 * per_path
    assert count(400) == count(1) + 399 * per_path


def test_grpc_paths_are_asked_as_grpc_calls() -> None:
    text = ingress(annotations="nginx.ingress.kubernetes.io/backend-protocol: GRPC", paths=_path("/shop.v1.Cart/"))
    calls = {(p.request.method, p.request.path) for p in _probes(text) if p.request.headers}
    assert {("POST", "/shop.v1.Cart/"), ("POST", "/shop.v1.Cart/im-probe"), ("POST", "/")} <= calls
    assert all(
        headers == (("content-type", "application/grpc"),)
        for headers in {p.request.headers for p in _probes(text)}
        if headers
    )
    assert ("POST", "/shop.v1.Cart") not in calls  # no gRPC client asks for a bare service name


def test_no_boundary_probe_for_exact_paths() -> None:
    assert "http://app.example.com/docsim-probe" not in _urls(_probes(ingress(paths=_path("/docs", "Exact"))))
    assert "http://app.example.com/docsim-probe" in _urls(_probes(ingress(paths=_path("/docs"))))


def test_acme_probe_only_where_redirected() -> None:
    inputs, _ = read(ingress(host="plain.example.com") + ingress(name="tls", host="tls.example.com"))
    probes = generate(inputs.ingresses, set(), DEFAULT_ANNOTATION_PREFIX, lambda host: host == "tls.example.com")
    acme = {p.request.host for p in probes if p.purpose == "acme"}
    assert acme == {"tls.example.com"}


@pytest.mark.parametrize(
    ("aliases", "names"),
    [
        pytest.param("shop.example.net", {"shop.example.net"}, id="exact"),
        pytest.param("Shop.Example.NET", {"shop.example.net"}, id="lower-cased"),
        pytest.param("*.example.net", {"im-probe.example.net", "im-probe.im-probe.example.net"}, id="wildcard"),
        pytest.param(
            ".example.net",
            {"example.net", "im-probe.example.net", "im-probe.im-probe.example.net"},
            id="dot-wildcard",
        ),
        pytest.param("www.example.*", {"www.example.im-probe"}, id="suffix-wildcard"),
        pytest.param("~^shop[0-9]+\\.example\\.net$", set(), id="regex-has-no-name"),
    ],
)
def test_alias_names(aliases: str, names: set[str]) -> None:
    text = ingress(paths=_path("/shop"), annotations=f"nginx.ingress.kubernetes.io/server-alias: {json.dumps(aliases)}")
    probes = [p for p in _probes(text) if p.purpose.startswith("alias")]
    assert {p.request.host for p in probes} == names
    for name in names:  # the root and the paths as written, over both schemes
        assert {f"{s}://{name}{path}" for s in ("http", "https") for path in ("/", "/shop")} <= _urls(probes)


@pytest.mark.parametrize(
    ("host", "name"),
    [
        pytest.param("app.example.com", "www.app.example.com", id="www-added"),
        pytest.param("www.app.example.com", "app.example.com", id="www-removed"),
        pytest.param("*.example.com", None, id="wildcard-has-none"),
    ],
)
def test_www_names(host: str, name: str | None) -> None:
    text = ingress(
        host=host, paths=_path("/docs/"), annotations="nginx.ingress.kubernetes.io/from-to-www-redirect: 'true'"
    )
    probes = [p for p in _probes(text) if p.purpose == "www"]
    if name is None:
        assert probes == []
        return
    assert {p.request.host for p in probes} == {name}
    assert {f"http://{name}{path}" for path in ("/", "/docs/", "/docs")} <= _urls(probes)


def test_alias_and_www_probes_stay_linear() -> None:
    annotations = (
        "nginx.ingress.kubernetes.io/server-alias: 'a.example.net, .example.org'\n"
        "nginx.ingress.kubernetes.io/from-to-www-redirect: 'true'"
    )

    def count(n: int) -> int:
        return len(_probes(ingress(annotations=annotations, paths="\n".join(_path(f"/p{i}") for i in range(n)))))

    per_path = count(2) - count(1)
    assert count(100) == count(1) + 99 * per_path
