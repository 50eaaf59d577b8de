"""Comparing the two models: a faithful output verifies clean, a broken one is caught, and differences
are explained only by the findings that announce them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from golden_cases import GOLDEN, Case, cases, run
from manifests import ingress, read
from verify_support import request

from migrate import codes
from migrate.convert import convert_inputs
from migrate.findings import Finding
from migrate.options import Options
from migrate.render import Renderer
from migrate.verify.compare import SLICE, Report, classify, verify
from migrate.verify.explain import ANY, Explainer, Explanation
from migrate.verify.http import Answer, Backend, NoAnswer, Redirect, Status, Subject, Trace
from migrate.verify.probes import Probe

SHOP = (
    ingress(
        name="shop",
        namespace="shop",
        host="shop.example.com",
        paths="- {path: /, pathType: Prefix, backend: {service: {name: front, port: {number: 80}}}}\n"
        "- {path: /cart, pathType: Exact, backend: {service: {name: cart, port: {number: 8080}}}}\n"
        "- {path: /docs/, pathType: Prefix, backend: {service: {name: docs, port: {number: 80}}}}",
        extra="tls: [{hosts: [shop.example.com], secretName: shop-tls}]",
    )
    + ingress(
        name="api",
        namespace="api",
        host="shop.example.com",
        paths="- {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}",
    )
    + ingress(
        name="status",
        namespace="ops",
        host="status.example.com",
        paths="- {path: /health, pathType: Prefix, backend: {service: {name: health, port: {number: 80}}}}",
    )
)
OPTIONS = Options(default_certificate=("ingress-nginx", "default-tls"))


def _converted(text: str, options: Options = OPTIONS) -> tuple[list[dict[str, Any]], list[Finding], Any]:
    inputs, findings = read(text, options)
    result = convert_inputs(inputs, options, findings)
    renderer = Renderer()
    return [renderer.render(obj).data for obj in result.objects], result.findings, inputs


def _verify(text: str, mutate: Callable[[list[dict[str, Any]]], None] | None = None) -> Report:
    documents, findings, inputs = _converted(text)
    documents = copy.deepcopy(documents)
    if mutate is not None:
        mutate(documents)
    return verify(inputs.ingresses, inputs.services, inputs.ingress_classes, OPTIONS, documents, findings)


def _route(documents: list[dict[str, Any]], name: str, namespace: str = "shop") -> dict[str, Any]:
    return next(
        d
        for d in documents
        if d["kind"] == "HTTPRoute" and (d["metadata"]["namespace"], d["metadata"]["name"]) == (namespace, name)
    )


def _rule_for(route: dict[str, Any], path: str) -> dict[str, Any]:
    return next(r for r in route["spec"]["rules"] if any(m["path"]["value"] == path for m in r["matches"]))


def drop_rule(documents: list[dict[str, Any]]) -> None:
    route = _route(documents, "shop.example.com")
    route["spec"]["rules"].remove(_rule_for(route, "/cart"))


def change_port(documents: list[dict[str, Any]]) -> None:
    _rule_for(_route(documents, "shop.example.com"), "/cart")["backendRefs"][0]["port"] = 80


def swap_exact(documents: list[dict[str, Any]]) -> None:
    rule = _rule_for(_route(documents, "shop.example.com"), "/cart")
    match = next(m for m in rule["matches"] if m["path"]["value"] == "/cart")
    match["path"]["type"] = "PathPrefix"


def remove_redirect(documents: list[dict[str, Any]]) -> None:
    route = _route(documents, "shop.example.com-http")
    route["spec"]["rules"][0].pop("filters")
    route["spec"]["rules"][0]["backendRefs"] = [{"name": "front", "port": 80}]


def remove_slash_redirect(documents: list[dict[str, Any]]) -> None:
    route = _route(documents, "shop.example.com")
    route["spec"]["rules"] = [r for r in route["spec"]["rules"] if "filters" not in r]


def drop_listener(documents: list[dict[str, Any]]) -> None:
    gateway = next(d for d in documents if d["kind"] == "Gateway")
    gateway["spec"]["listeners"] = [x for x in gateway["spec"]["listeners"] if x.get("hostname") != "shop.example.com"]


def drop_grant(documents: list[dict[str, Any]]) -> None:
    documents[:] = [
        d for d in documents if not (d["kind"] == "ReferenceGrant" and d["metadata"]["namespace"] == "shop")
    ]


def narrow_namespaces(documents: list[dict[str, Any]]) -> None:
    gateway = next(d for d in documents if d["kind"] == "Gateway")
    gateway["spec"]["listeners"][0]["allowedRoutes"] = {"namespaces": {"from": "Same"}}


def rename_host(documents: list[dict[str, Any]]) -> None:
    _route(documents, "status.example.com", "ops")["spec"]["hostnames"] = ["status.example.org"]


ACME = ingress(
    name="solver",
    namespace="shop",
    host="shop.example.com",
    paths="- {path: /.well-known/acme-challenge/token, pathType: Exact, backend: {service: {name: solver, port: "
    "{number: 8089}}}}",
)
CATCH_ALL = ingress(
    name="edge", namespace="edge", paths="", extra="defaultBackend: {service: {name: fallback, port: {number: 80}}}"
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SHOP, id="tls-cross-namespace-trailing-slash"),
        pytest.param(SHOP + ACME, id="acme-exempt-location"),
        pytest.param(SHOP + CATCH_ALL, id="catch-all-default-backend"),
    ],
)
def test_faithful_output_verifies(text: str) -> None:
    report = _verify(text)
    assert report.probes > 40
    assert not report.unexplained, [d.probe.request.show() for d in report.unexplained]


@pytest.mark.parametrize(
    ("mutate", "caught"),
    [
        pytest.param(drop_rule, "https://shop.example.com/cart", id="drop-a-rule"),
        pytest.param(change_port, "https://shop.example.com/cart", id="change-a-backend-port"),
        pytest.param(swap_exact, "https://shop.example.com/cart/im-probe", id="exact-becomes-prefix"),
        pytest.param(remove_redirect, "http://shop.example.com/cart", id="remove-the-https-redirect"),
        pytest.param(remove_slash_redirect, "https://shop.example.com/docs", id="remove-the-trailing-slash-301"),
        pytest.param(drop_listener, "https://shop.example.com/", id="drop-an-https-listener"),
        pytest.param(drop_grant, "https://shop.example.com/", id="drop-the-certificate-grant"),
        pytest.param(narrow_namespaces, "http://status.example.com/health", id="listener-refuses-namespaces"),
        pytest.param(rename_host, "http://status.example.com/health", id="change-a-hostname"),
    ],
)
def test_broken_output_is_caught(mutate: Callable[[list[dict[str, Any]]], None], caught: str) -> None:
    report = _verify(SHOP, mutate)
    urls = {f"{d.probe.request.scheme}://{d.probe.request.host}{d.probe.request.path}" for d in report.unexplained}
    assert caught in urls, sorted(urls)


def _finding(code: Any, ingress: str | None, field: str | None) -> Finding:
    return Finding(code, "", file="input.yaml" if ingress else None, ingress=ingress, field=field)


PATH_SUBJECT = Subject("input.yaml", "app/app", rule=0, path=1)


@pytest.mark.parametrize(
    ("entry", "finding", "explained"),
    [
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[0].http.paths[1].path"),
            True,
            id="same-path",
        ),
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[0].http.paths[2].path"),
            False,
            id="other-path",
        ),
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[0].host"),
            True,
            id="rule-covers-its-paths",
        ),
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.tls[0]"),
            True,
            id="ingress-wide-field",
        ),
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/other", "spec.rules[0].http.paths[1].path"),
            False,
            id="other-ingress",
        ),
        pytest.param(
            Explanation("routing", ("IM202",), "ingress"),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[3].http.paths[0].path"),
            True,
            id="ingress-scope",
        ),
        pytest.param(
            Explanation("routing", ("IM202",)),
            _finding(codes.PATH_INVALID, None, None),
            False,
            id="no-ingress-field-scope",
        ),
        pytest.param(
            Explanation("routing", ("IM223",), "class"),
            _finding(codes.CATCH_ALL_FALLTHROUGH, None, None),
            True,
            id="class-scope",
        ),
        pytest.param(
            Explanation("routing", ("IM212",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[0].http.paths[1].path"),
            False,
            id="other-code",
        ),
        pytest.param(
            Explanation("fallthrough", ("IM202",)),
            _finding(codes.PATH_INVALID, "app/app", "spec.rules[0].http.paths[1].path"),
            False,
            id="other-kind",
        ),
    ],
)
def test_explanation_scope(entry: Explanation, finding: Finding, explained: bool) -> None:
    explainer = Explainer([finding], (entry,))
    assert (explainer.explain("routing", [PATH_SUBJECT]) is not None) is explained


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_golden_cases_verify(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """convert verifies by default: every golden output answers as ingress-nginx did, or a finding says why."""
    result = run(case, monkeypatch)
    if result.verify is None:  # nothing converted, nothing to verify
        assert " 0 Ingresses converted" in result.summary, result.summary
        return
    assert result.verify.endswith((" 0 unexplained", "as ingress-nginx answered them")), result.verify


def _answer(outcome: Any, *facts: str) -> Any:
    """One outcome, or a split given as [(outcome, share), ...]."""
    trace = Trace("", (), frozenset(facts))
    return Answer.split(outcome, trace) if isinstance(outcome, list) else Answer.of(outcome, trace)


def _probe(url: str, purpose: str = "as-written") -> Any:

    return Probe(request(url), purpose, ())


def _classify_cases() -> list[Any]:
    web = Backend("app", "web", 80, "/a", "h.example.com")
    return [
        pytest.param("https://h.example.com/a", web, NoAnswer(), (), (), "https-not-served", id="https-not-served"),
        pytest.param(
            "https://x.invalid/",
            Status(404),
            NoAnswer(),
            ("catch-all-server",),
            (),
            "https-catch-all-not-served",
            id="catch-all-https",
        ),
        pytest.param(
            "http://h.example.com/a",
            Redirect(308, "https://h.example.com/a"),
            web,
            (),
            (),
            "https-redirect-missing",
            id="redirect-missing",
        ),
        pytest.param(
            "http://h.example.com/a",
            web,
            Redirect(308, "https://h.example.com/a"),
            (),
            (),
            "https-redirect-extra",
            id="redirect-extra",
        ),
        pytest.param(
            "http://h.example.com/a/",
            Redirect(308, "https://h.example.com/a"),
            Redirect(308, "https://h.example.com/a/"),
            (),
            (),
            "https-redirect-trailing-slash",
            id="trailing-slash",
        ),
        pytest.param(
            "http://h.example.com/a",
            Backend("app", "web", "http", "/a", "h.example.com"),
            Status(500),
            (),
            (),
            "backend-unresolved",
            id="unresolved",
        ),
        pytest.param("http://h.example.com/a", Status(503), web, (), (), "no-endpoints", id="no-endpoints"),
        pytest.param(
            "http://h.example.com/a",
            Status(404),
            web,
            (),
            ("catch-all-route",),
            "fallthrough",
            id="catch-all-fallthrough",
        ),
        pytest.param(
            "http://h.example.com/a",
            Status(404),
            web,
            (),
            ("wildcard-route",),
            "fallthrough",
            id="wildcard-fallthrough",
        ),
        pytest.param("http://h.example.com/A", web, Status(404), ("regex-mode",), (), "regex-mode", id="regex-mode"),
        pytest.param(
            "http://h.example.com/a",
            web,
            Backend("app", "web", 80, "/b", "h.example.com"),
            (),
            (),
            "upstream-path",
            id="upstream-path",
        ),
        pytest.param(
            "http://h.example.com/a",
            web,
            Backend("app", "web", 80, "/a", "other"),
            (),
            (),
            "upstream-host",
            id="upstream-host",
        ),
        pytest.param(
            "http://h.example.com/a",
            web,
            Backend("app", "other", 80, "/a", "h.example.com"),
            (),
            (),
            "routing",
            id="routing",
        ),
        pytest.param(
            "http://h.example.com/a",
            Status(404),
            Backend("app", "other", 80, "/a", "h.example.com"),
            ("wildcard-server",),
            ("wildcard-route", "fell-through"),
            "fallthrough",
            id="fell-through-to-a-broader-wildcard",
        ),
        pytest.param(
            "https://h.example.com/a",
            web,
            Status(404),
            (),
            ("host-not-on-listener",),
            "https-not-served",
            id="another-hosts-listener",
        ),
        pytest.param(
            "http://h.example.com/a",
            web,
            Backend("app", "web", 80, "/", "h.example.com"),
            ("canary", "regex-mode"),
            (),
            "regex-mode",
            id="the-canary-took-nothing-the-path-differs",
        ),
        pytest.param(
            "http://h.example.com/a",
            Redirect(308, "https://h.example.com/a"),
            web,
            ("canary",),
            (),
            "https-redirect-missing",
            id="https-redirect-before-the-canary",
        ),
        pytest.param(
            "http://h.example.com/a/",
            Redirect(308, "https://h.example.com/a"),
            Redirect(308, "https://h.example.com/a/"),
            ("canary",),
            (),
            "https-redirect-trailing-slash",
            id="https-redirect-slash-before-the-canary",
        ),
        # A canary split the same way on both sides: what differs is the path its backends receive.
        pytest.param(
            "http://h.example.com/a",
            [(Backend("app", "web", 80, "/", "h.example.com"), Fraction(4, 5)), (next_at("/"), Fraction(1, 5))],
            [(web, Fraction(4, 5)), (next_at("/a"), Fraction(1, 5))],
            ("canary", "regex-mode"),
            (),
            "regex-mode",
            id="same-split-the-path-differs-in-regex-mode",
        ),
        pytest.param(
            "http://h.example.com/a",
            [(next_at("/"), Fraction(1, 5)), (Backend("app", "web", 80, "/", "h.example.com"), Fraction(4, 5))],
            [(web, Fraction(4, 5)), (next_at("/a"), Fraction(1, 5))],
            ("canary",),
            (),
            "upstream-path",
            id="same-split-the-path-differs",
        ),
        pytest.param(
            "http://h.example.com/a",
            [(web, Fraction(4, 5)), (next_at("/a"), Fraction(1, 5))],
            [(web, Fraction(1, 2)), (next_at("/a"), Fraction(1, 2))],
            ("canary",),
            (),
            "canary",
            id="another-split",
        ),
        pytest.param(
            "http://h.example.com/a",
            [(web, Fraction(4, 5)), (next_at("/a"), Fraction(1, 5))],
            [(web, Fraction(4, 5)), (Backend("app", "other", 80, "/a", "h.example.com"), Fraction(1, 5))],
            ("canary",),
            (),
            "canary",
            id="another-canary-service",
        ),
    ]


def next_at(path: str) -> Backend:
    return Backend("app", "web-next", 80, path, "h.example.com")


@pytest.mark.parametrize(("url", "nginx", "gateway", "nginx_facts", "gateway_facts", "kind"), _classify_cases())
def test_classify(
    url: str, nginx: Any, gateway: Any, nginx_facts: tuple[str, ...], gateway_facts: tuple[str, ...], kind: str
) -> None:
    assert classify(_probe(url), _answer(nginx, *nginx_facts), _answer(gateway, *gateway_facts), set()) == kind


def test_classify_by_purpose() -> None:
    web = Backend("app", "web", 80, "/", "a.b.example.com")
    assert (
        classify(_probe("http://a.b.example.com/", "wildcard-two"), _answer(Status(404)), _answer(web), set())
        == "wildcard-depth"
    )
    # ingress-nginx had no server for the wildcard (only a canary names it): an ordinary difference.
    assert (
        classify(_probe("http://a.b.example.com/", "wildcard-two"), _answer(Status(404)), _answer(web), set(), False)
        == "routing"
    )
    assert (
        classify(_probe("http://a.example.com/", "canary-header"), _answer(web), _answer(Status(404)), set())
        == "canary"
    )
    assert (
        classify(
            _probe("http://www.example.im-probe/", "alias-suffix-wildcard"), _answer(web), _answer(Status(404)), set()
        )
        == "alias-not-expressible"
    )


ALIASES = (
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\n  namespace: shop\n  annotations:\n"
    "    nginx.ingress.kubernetes.io/server-alias: 'shop.example.net, .example.org, www.shop.*'\n"
    "    nginx.ingress.kubernetes.io/from-to-www-redirect: 'true'\n"
    "spec:\n  ingressClassName: nginx\n  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n"
    "  rules:\n  - host: shop.example.com\n    http:\n      paths:\n"
    "      - {path: /a/, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}\n"
)


def test_alias_and_www_differences_are_those_their_findings_announce() -> None:
    report = _verify(ALIASES)
    assert not report.unexplained, [d.probe.request.show() for d in report.unexplained]
    explained = {(d.kind, d.explanation.code.id) for d in report.differences if d.explanation is not None}
    assert {
        ("https-redirect-extra", "IM434"),  # .example.org: no certificate, no HTTPS redirect in ingress-nginx
        ("alias-not-expressible", "IM432"),  # www.shop.*
        ("www-redirect-trailing-slash", "IM417"),  # ingress-nginx's www redirect dropped the trailing slash
    } <= explained
    asked = {d.probe.request.host for d in report.differences}
    assert {"example.org", "www.shop.im-probe", "www.shop.example.com"} <= asked


def test_a_broken_www_route_is_caught() -> None:
    def drop_www(documents: list[dict[str, Any]]) -> None:
        documents[:] = [d for d in documents if not d["metadata"]["name"].endswith("-redirect")]

    hosts = {d.probe.request.host for d in _verify(ALIASES, drop_www).unexplained}
    assert "www.shop.example.com" in hosts


def test_a_dropped_alias_is_caught() -> None:
    def drop_alias(documents: list[dict[str, Any]]) -> None:
        for document in documents:
            if document["kind"] == "HTTPRoute" and "shop.example.net" in document["spec"].get("hostnames", []):
                document["spec"]["hostnames"].remove("shop.example.net")

    hosts = {d.probe.request.host for d in _verify(ALIASES, drop_alias).unexplained}
    assert "shop.example.net" in hosts


def test_explanation_for_every_kind() -> None:
    entry = Explanation(ANY, ("IM202",), "ingress")
    explainer = Explainer([_finding(codes.PATH_INVALID, "app/app", "spec.tls[0]")], (entry,))
    assert explainer.explain("canary", [PATH_SUBJECT]) is not None
    assert explainer.explain("canary", [Subject("input.yaml", "app/other")]) is None


def test_a_finding_explains_before_a_gateway_api_limit() -> None:
    """A trailing slash an HTTPS redirect dropped is IM414 where the converter names it, IM952 elsewhere."""
    text = (GOLDEN / "ann-https-redirects" / "input.yaml").read_text(encoding="utf-8")
    slashes = [d for d in _verify(text).differences if d.kind == "https-redirect-trailing-slash"]
    named = {d.probe.request.path for d in slashes if d.explanation is not None and d.explanation.code.id == "IM414"}
    assert named == {"/api/"}
    assert all(d.limit is not None for d in slashes if d.probe.request.path not in named)


def test_no_answer_comes_before_canary() -> None:
    split = Answer.split(
        [(Backend("app", "a", 80, "/", "h"), Fraction(1, 2)), (Backend("app", "b", 80, "/", "h"), Fraction(1, 2))],
        Trace("", (), frozenset({"canary"})),
    )
    assert classify(_probe("https://h.example.com/"), split, _answer(NoAnswer()), set()) == "https-not-served"


def test_workers_find_what_one_process_finds() -> None:
    """Slices of the probes checked in forked workers give the differences of a serial run, in order."""
    from migrate.cli.pool import fork_map

    paths = "".join(
        f"- {{path: /p{n}, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}\n"
        for n in range(3)
    )
    text = "".join(ingress(name=f"app{i}", host=f"h{i}.example.com", paths=paths) for i in range(250))
    options = Options()
    documents, findings, inputs = _converted(text, options)
    args = (inputs.ingresses, inputs.services, inputs.ingress_classes, options, documents, findings)
    serial = verify(*args)
    forked = verify(*args, lambda f, c, s: fork_map(f, c, s, workers=2))
    assert serial.probes > 2 * SLICE
    assert serial.differences  # HTTPS without --default-certificate
    assert forked.differences == serial.differences
