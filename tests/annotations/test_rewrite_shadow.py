"""Regex mode: paths nginx never chose, because a location it tried first matches all they match.

In regex mode every location of a host is `~* "^<path>"`, tried in the controller's order (longest path
first, ties in the server's list order, where the root location a host is created with stays first even
when a `/` path takes it over). An Exact `/` is `^/`, the root's own regex, so it is always behind the
root. The output leaves such a path out (IM409), so that its requests go where ingress-nginx sent them;
each case is checked request by request against the verify models, and as a whole by `verify`.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from manifests import read
from routing_cases import codes, ingress
from verify_support import ask, gateway_model, nginx_model

from migrate.convert import convert_inputs
from migrate.options import Options
from migrate.render import Renderer
from migrate.verify.compare import verify

HOST = "app.example.com"
GATEWAY = ("gateway-system", "nginx")


def _with(document: dict[str, Any], **spec: Any) -> dict[str, Any]:
    document["spec"].update(spec)
    return document


def _no_host(document: dict[str, Any]) -> dict[str, Any]:
    for rule in document["spec"]["rules"]:
        del rule["host"]
    return document


def _fallback(document: dict[str, Any], service: str = "fallback") -> dict[str, Any]:
    return _with(document, defaultBackend={"service": {"name": service, "port": {"number": 80}}})


REGEX = {"use-regex": "true"}
T1, T2, T3 = "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"
CASES = [
    pytest.param(
        [ingress("home", {"rewrite-target": "/path"}, paths=[("/", "Exact")], service="home")],
        [("default/home", "/")],
        {"/": "404", "/x": "404"},
        id="exact-root-of-the-creator-behind-its-implicit-root",
    ),
    pytest.param(
        [_fallback(ingress("home", REGEX, paths=[("/", "Exact"), ("/api", "Prefix")], service="home"))],
        [("default/home", "/")],
        {"/": "default/fallback:80 /", "/x": "default/fallback:80 /x", "/api/x": "default/home:80 /api/x"},
        id="exact-root-behind-the-creators-default-backend",
    ),
    pytest.param(
        [
            ingress("api", REGEX, paths=[("/api", "Prefix")], service="api", created=T1),
            ingress("home", paths=[("/", "Exact")], service="home", created=T2),
        ],
        [("default/home", "/")],
        {"/": "404", "/API/v1": "default/api:80 /API/v1"},
        id="exact-root-of-a-newer-ingress-behind-the-implicit-root",
    ),
    pytest.param(
        [
            ingress("home", REGEX, paths=[("/", "Exact")], service="home", created=T1),
            ingress("web", paths=[("/", "Prefix")], service="web", created=T2),
        ],
        [("default/home", "/")],
        {"/": "default/web:80 /", "/x": "default/web:80 /x"},
        id="newer-prefix-root-takes-the-roots-place-ahead-of-an-older-exact-root",
    ),
    pytest.param(
        [
            ingress("web", paths=[("/", "Prefix")], service="web", created=T1),
            ingress("home", REGEX, paths=[("/", "Exact")], service="home", created=T2),
        ],
        [("default/home", "/")],
        {"/": "default/web:80 /"},
        id="older-prefix-root-ahead-of-a-newer-exact-root",
    ),
    pytest.param(
        [_no_host(ingress("probes", REGEX, paths=[("/", "Exact"), ("/healthz", "Prefix")], service="status"))],
        [("default/probes", "/")],
        {"/": "404", "/healthz": "default/status:80 /healthz"},
        id="catch-all-exact-root-behind-the-default-backend",
    ),
    pytest.param(
        [
            _fallback(_with(ingress("edge", created=T1), rules=[])),
            _no_host(ingress("probes", REGEX, paths=[("/", "Exact")], service="status", created=T2)),
        ],
        [("default/probes", "/")],
        {"/": "default/fallback:80 /", "/x": "default/fallback:80 /x"},
        id="catch-all-exact-root-behind-a-rules-less-default-backend",
    ),
    pytest.param(
        [
            _no_host(ingress("probes", REGEX, paths=[("/", "Exact")], service="status", created=T1)),
            _no_host(ingress("web", paths=[("/", "Prefix")], service="web", created=T2)),
        ],
        [("default/probes", "/")],
        {"/": "default/web:80 /", "/x": "default/web:80 /x"},
        id="catch-all-prefix-root-takes-the-default-roots-place",
    ),
    pytest.param(
        [
            ingress("regex", REGEX, paths=[("/r[0-9]+", "ImplementationSpecific")], service="r", created=T1),
            ingress("exact", paths=[("/foo", "Exact")], service="exact", created=T2),
            ingress("prefix", paths=[("/foo", "Prefix")], service="prefix", created=T3),
        ],
        [("default/prefix", "/foo")],
        {"/foo": "default/exact:80 /foo", "/foo/x": "default/exact:80 /foo/x", "/FOOBAR": "default/exact:80 /FOOBAR"},
        id="older-exact-ahead-of-the-slash-form-of-a-prefix",
    ),
    pytest.param(
        [
            ingress("regex", REGEX, paths=[("/r[0-9]+", "ImplementationSpecific")], service="r", created=T1),
            ingress("prefix", paths=[("/foo", "Prefix")], service="prefix", created=T2),
            ingress("exact", paths=[("/foo", "Exact")], service="exact", created=T3),
        ],
        [],
        {"/foo": "default/exact:80 /foo", "/foo/x": "default/prefix:80 /foo/x"},
        id="older-prefix-slash-form-then-a-newer-exact-both-served",
    ),
    pytest.param(
        [
            ingress("a", REGEX, paths=[("/docs/", "Prefix")], service="a", created=T1),
            ingress("b", paths=[("/docs/", "Exact")], service="b", created=T2),
        ],
        [("default/b", "/docs/")],
        {"/docs/": "default/a:80 /docs/", "/docs/x": "default/a:80 /docs/x"},
        id="identical-regexes-the-older-wins",
    ),
    pytest.param(
        [
            ingress("a", REGEX, paths=[("/api", "Prefix")], service="a", created=T1),
            ingress("b", paths=[("/api/v1", "Prefix"), ("/ap", "Exact")], service="b", created=T2),
        ],
        [],
        {"/api/v1/x": "default/b:80 /api/v1/x", "/api/x": "default/a:80 /api/x", "/apx": "default/b:80 /apx"},
        id="no-op-longer-paths-come-first-and-are-served",
    ),
    pytest.param(
        [
            ingress("a", REGEX, paths=[("/api/[0-9]+", "ImplementationSpecific")], service="a", created=T1),
            ingress("b", paths=[("/api/x", "Exact")], service="b", created=T2),
        ],
        [],
        {"/api/1": "default/a:80 /api/1", "/api/x": "default/b:80 /api/x"},
        id="no-op-regex-ahead-is-not-plain-text",
    ),
    pytest.param(
        [
            ingress("all", {"rewrite-target": "/$1"}, paths=[("/(.*)", "ImplementationSpecific")], service="a"),
            ingress("b", paths=[("/a/b", "Prefix")], service="b", created=T2),
        ],
        [("default/b", "/a/b")],
        {"/a/b": "default/a:80 /a/b", "/a/b/x": "default/a:80 /a/b/x"},
        id="a-longer-regex-that-matches-everything-under-its-head",
    ),
    pytest.param(
        [
            ingress("api", REGEX, paths=[("/api/(.*)", "ImplementationSpecific")], service="a", created=T1),
            ingress("b", paths=[("/api/v1", "Prefix"), ("/apx", "Prefix")], service="b", created=T2),
        ],
        [("default/b", "/api/v1")],
        {"/api/v1": "default/a:80 /api/v1", "/apx": "default/b:80 /apx"},
        id="a-regex-that-matches-everything-shadows-only-under-its-head",
    ),
    pytest.param(
        [
            ingress("a", REGEX, paths=[("/api/(.+)", "ImplementationSpecific")], service="a", created=T1),
            ingress("b", paths=[("/api/", "Exact")], service="b", created=T2),
        ],
        [],
        {"/api/": "default/b:80 /api/", "/api/x": "default/a:80 /api/x"},
        id="no-op-a-regex-that-needs-a-character-more",
    ),
    pytest.param(
        [ingress("home", paths=[("/", "Exact"), ("/api", "Prefix")], service="home")],
        [],
        {"/": "default/home:80 /", "/x": "404"},
        id="no-op-not-in-regex-mode",
    ),
]


def _convert(documents: list[dict[str, Any]]) -> tuple[str, list[Any], list[dict[str, Any]], Any]:
    text = yaml.safe_dump_all(documents, sort_keys=False)
    options = Options()
    inputs, findings = read(text, options)
    result = convert_inputs(inputs, options, findings)
    renderer = Renderer()
    rendered = [renderer.render(obj).data for obj in result.objects]
    report = verify(inputs.ingresses, inputs.services, inputs.ingress_classes, options, rendered, result.findings)
    return text, result.findings, rendered, report


@pytest.mark.parametrize(("documents", "shadowed", "answers"), CASES)
def test_paths_nginx_never_chose_are_left_out(
    documents: list[dict[str, Any]], shadowed: list[tuple[str, str]], answers: dict[str, str]
) -> None:
    text, findings, rendered, report = _convert(documents)
    flagged = [f for f in findings if f.code.id == "IM409"]
    by_ingress = {f"{d['metadata']['namespace']}/{d['metadata']['name']}": d for d in documents}
    written = []
    for finding in flagged:
        spec = by_ingress[finding.ingress or ""]["spec"]
        rule, path = (int(part.split("]")[0]) for part in (finding.field or "").split("[")[1:3])
        written.append((finding.ingress, spec["rules"][rule]["http"]["paths"][path]["path"]))
    assert written == shadowed
    assert all(f.severity.value == "warning" for f in flagged)
    nginx = nginx_model(text)
    gateway = gateway_model(yaml.safe_dump_all(rendered), GATEWAY)
    host = HOST if documents[-1]["spec"]["rules"][0].get("host") else "unknown.example.com"
    for path, expected in answers.items():
        url = f"http://{host}{path}"
        assert (ask(nginx, url), ask(gateway, url)) == (expected, expected), url
    assert not report.unexplained, [d.probe.request.show() for d in report.unexplained]


def test_the_finding_names_what_answered_instead() -> None:
    documents = [
        ingress("home", REGEX, paths=[("/", "Exact")], service="home", created=T1),
        ingress("web", paths=[("/", "Prefix")], service="web", created=T2),
    ]
    _, findings, _, _ = _convert(documents)
    (finding,) = [f for f in findings if f.code.id == "IM409"]
    assert "path '/' (Prefix) of Ingress default/web comes first with `^/`" in finding.message
    assert finding.field == "spec.rules[0].http.paths[0].path"
    # The output keeps no RegularExpression (the shadowed Exact / is left out, `^/` is PathPrefix /), so
    # there is no regex-mode warning either: not for the Exact / turned prefix, not for the host.
    assert "IM403" not in codes(findings)
