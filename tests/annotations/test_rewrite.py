"""Rewrite family: rewrite-target, use-regex, x-forwarded-prefix, and the host-wide regex mode they cause."""

from __future__ import annotations

import re

import pytest
from routing_cases import Request, codes, ingress, intents, pick, routes, rules, run

from migrate.gateway import regex as rx
from migrate.gateway.ir import HeaderModifier, PathMatch, PathModifier, URLRewrite

PREFIX_PATH = "ImplementationSpecific"


def _only_rule(path: str, target: str) -> tuple[list[PathMatch], list[PathModifier | None], list[str]]:
    result = run(ingress(annotations={"rewrite-target": target}, paths=[(path, PREFIX_PATH)]))
    found = rules(result, "app.example.com")
    rewrites = [next((f.path for f in rule.filters if isinstance(f, URLRewrite)), None) for rule in found]
    return [m.path for rule in found for m in rule.matches], rewrites, codes(result.findings)


@pytest.mark.parametrize(
    ("path", "target", "matches", "rewrites"),
    [
        pytest.param(
            "/api(/|$)(.*)",
            "/$2",
            [PathMatch("PathPrefix", "/api")],
            [PathModifier("ReplacePrefixMatch", "/")],
            id="slash-or-end-then-rest",
        ),
        pytest.param(
            "/api(?:/|$)(.*)",
            "/$1",
            [PathMatch("PathPrefix", "/api")],
            [PathModifier("ReplacePrefixMatch", "/")],
            id="non-capturing-slash-or-end",
        ),
        pytest.param(
            "/api($|/)(.*)$",
            "/$2",
            [PathMatch("PathPrefix", "/api")],
            [PathModifier("ReplacePrefixMatch", "/")],
            id="end-or-slash-anchored",
        ),
        pytest.param(
            "/api(/|$)(.*)",
            "/v2/$2",
            [PathMatch("PathPrefix", "/api"), PathMatch("Exact", "/api")],
            [PathModifier("ReplacePrefixMatch", "/v2"), PathModifier("ReplaceFullPath", "/v2/")],
            id="bare-prefix-gets-the-full-replacement",
        ),
        pytest.param(
            "/api/(.*)",
            "/$1",
            [PathMatch("PathPrefix", "/api")],
            [PathModifier("ReplacePrefixMatch", "/")],
            id="slash-then-rest",
        ),
        pytest.param(
            "/svc/v1(/.*)",
            "/internal$1",
            [PathMatch("PathPrefix", "/svc/v1")],
            [PathModifier("ReplacePrefixMatch", "/internal")],
            id="captured-slash",
        ),
        pytest.param(
            "/api/questions(/|$)(.*)",
            "/questions$1$2",
            [PathMatch("PathPrefix", "/api/questions")],
            [PathModifier("ReplacePrefixMatch", "/questions")],
            id="slash-group-and-rest-after-a-new-prefix",
        ),
        pytest.param(
            "/(.*)",
            "/$1",
            [PathMatch("PathPrefix", "/")],
            [None],
            id="identity-catch-all",
        ),
        pytest.param(
            "/api(/|$)(.*)",
            "/v2$2",
            [PathMatch("RegularExpression", "(?i)^/api(/|$)(.*)")],
            [None],
            id="rest-glued-to-the-new-prefix",
        ),
        pytest.param(
            "/static",
            "/",
            [PathMatch("RegularExpression", "(?i)^/static.*")],
            [PathModifier("ReplaceFullPath", "/")],
            id="static-target-replaces-the-whole-path",
        ),
        pytest.param(
            "/old",
            "/new/$1",
            [PathMatch("RegularExpression", "(?i)^/old.*")],
            [PathModifier("ReplaceFullPath", "/new/")],
            id="missing-group-is-empty",
        ),
        pytest.param(
            "/api(.*)",
            "/$1",
            [PathMatch("RegularExpression", "(?i)^/api(.*)")],
            [None],
            id="no-segment-boundary-needs-a-filter",
        ),
        pytest.param(
            "/users/([0-9]+)/profile",
            "/profile/$1",
            [PathMatch("RegularExpression", "(?i)^/users/([0-9]+)/profile.*")],
            [None],
            id="rest-is-not-the-capture",
        ),
    ],
)
def test_rewrite_target_becomes(
    path: str, target: str, matches: list[PathMatch], rewrites: list[PathModifier | None]
) -> None:
    found_matches, found_rewrites, _ = _only_rule(path, target)
    assert found_matches[: len(matches)] == matches
    assert found_rewrites[: len(rewrites)] == rewrites


@pytest.mark.parametrize(
    ("path", "target", "code"),
    [
        pytest.param("/api(.*)", "/$1", "IM406", id="capture-needs-filter"),
        pytest.param("/api/(.*)", "/$1", "IM407", id="bare-prefix-noted"),
        pytest.param("/api(/|$)(.*)", "/$2", "IM407", id="case-noted"),
        pytest.param("/api", "/$host/x", "IM406", id="nginx-variable"),
        pytest.param("/api", "http://other.example.com/x", "IM406", id="url-target-is-a-redirect"),
    ],
)
def test_rewrite_findings(path: str, target: str, code: str) -> None:
    assert code in _only_rule(path, target)[2]


def test_the_needed_filter_is_named_with_its_pattern() -> None:
    result = run(ingress(annotations={"rewrite-target": "/$2/$1"}, paths=[("/(a|b)/(.*)", PREFIX_PATH)]))
    message = next(f.message for f in result.findings if f.code.id == "IM406")
    assert "urlRewrite.path.type ReplaceRegexMatch" in message
    assert "'(?i)^/(a|b)/(.*)'" in message and "'/\\\\2/\\\\1'" in message


def test_bare_prefix_of_a_slash_rest_form_goes_where_nginx_sent_it() -> None:
    """`^/api/(.*)` does not match `/api`, the PathPrefix does: an Exact rule sends it where nginx did."""
    result = run(
        ingress(annotations={"rewrite-target": "/$1"}, paths=[("/api/(.*)", PREFIX_PATH)]),
        ingress(name="web", paths=[("/", "Prefix")], service="web", namespace="web"),
    )
    assert pick(routes(result, "app.example.com"), Request("/api")).backend_refs[0].name == "web"  # type: ignore[union-attr]
    chosen = pick(routes(result, "app.example.com"), Request("/api/x"))
    assert chosen is not None and chosen.backend_refs[0].name == "app"
    message = next(f.message for f in result.findings if f.code.id == "IM407" and "exactly /api" in f.message)
    assert "path '/' of Ingress web/web, and an Exact rule keeps it there" in message


def test_bare_prefix_that_nginx_answered_with_404_is_reported() -> None:
    result = run(ingress(annotations={"rewrite-target": "/$1"}, paths=[("/api/(.*)", PREFIX_PATH)]))
    message = next(f.message for f in result.findings if f.code.id == "IM407" and "exactly /api" in f.message)
    assert "404" in message


def test_rewrite_target_equal_to_the_path_is_no_rewrite() -> None:
    result = run(
        ingress(annotations={"rewrite-target": "/api"}, paths=[("/api", "Prefix")]),
        ingress(name="root", paths=[("/", "Prefix")], service="root"),  # replaces the root location
    )
    found = rules(result, "app.example.com")
    assert [m.path for rule in found for m in rule.matches] == [
        PathMatch("PathPrefix", "/api"),
        PathMatch("PathPrefix", "/"),
    ]
    assert not any(rule.filters for rule in found)


def test_the_implicit_root_carries_the_creators_rewrite_into_regex_mode() -> None:
    """The root location ingress-nginx adds gets the creating Ingress's annotations (C5b): its rewrite-target
    differs from `/`, so the host is in regex mode even though no listed path needs a rewrite."""
    result = run(ingress(annotations={"rewrite-target": "/api"}, paths=[("/api", "Prefix")]))
    (rule,) = rules(result, "app.example.com")
    assert rule.matches[0].path == PathMatch("RegularExpression", "(?i)^/api.*")
    assert "IM403" in codes(result.findings)


def test_no_regex_host_warning_when_every_path_came_out_exact() -> None:
    """A prefix-capture rewrite becomes PathPrefix + ReplacePrefixMatch and the root stays PathPrefix `/`: the
    host was in regex mode for nginx, but the output holds no RegularExpression match to warn about."""
    result = run(ingress(annotations={"rewrite-target": "/$2"}, paths=[("/v0(/|$)(.*)", "ImplementationSpecific")]))
    assert all(
        match.path.type != "RegularExpression" for rule in rules(result, "app.example.com") for match in rule.matches
    )
    assert "IM403" not in codes(result.findings)
    assert "IM407" in codes(result.findings)  # the case-insensitivity it still loses is named


@pytest.mark.parametrize(
    ("annotations", "header"),
    [
        pytest.param({"rewrite-target": "/", "x-forwarded-prefix": "/api"}, ("X-Forwarded-Prefix", "/api"), id="sent"),
        pytest.param({"x-forwarded-prefix": "/api"}, None, id="ignored-without-rewrite"),
    ],
)
def test_x_forwarded_prefix_only_with_an_active_rewrite(
    annotations: dict[str, str], header: tuple[str, str] | None
) -> None:
    result = run(ingress(annotations=annotations, paths=[("/api", "Prefix")]))
    modifiers = [f for rule in rules(result, "app.example.com") for f in rule.filters if isinstance(f, HeaderModifier)]
    assert [pair for m in modifiers for pair in m.set] == ([header] if header else [])
    if header is None:
        assert "IM402" in codes(result.findings)


@pytest.mark.parametrize(
    ("annotations", "code", "severity"),
    [
        pytest.param({"rewrite-target": "/a b"}, "IM596", "warning", id="rewrite-target-falls-back"),
        pytest.param({"use-regex": "yes"}, "IM596", "warning", id="use-regex-falls-back"),
        pytest.param(
            {"rewrite-target": "/", "x-forwarded-prefix": "/a?b"}, "IM595", "error", id="x-forwarded-prefix-refused"
        ),
    ],
)
def test_invalid_values(annotations: dict[str, str], code: str, severity: str) -> None:
    found, findings = intents(ingress(annotations=annotations))
    finding = next(f for f in findings if f.code.id == code)
    assert finding.severity.value == severity
    assert found.location.use_regex is False
    if "rewrite-target" in annotations and "x-forwarded-prefix" not in annotations:
        assert found.location.rewrite_target is None


def test_regex_mode_is_host_wide_across_ingresses_and_namespaces() -> None:
    result = run(
        ingress(name="regex", annotations={"use-regex": "true"}, paths=[("/v[0-9]+/items", PREFIX_PATH)]),
        ingress(name="exact", namespace="other", paths=[("/health", "Exact"), ("/docs", "Prefix")], service="other"),
        ingress(name="elsewhere", host="plain.example.com", paths=[("/health", "Exact")]),
    )
    other = {m.path for rule in rules(result, "app.example.com") for m in rule.matches}
    assert other == {
        PathMatch("RegularExpression", "(?i)^/v[0-9]+/items.*"),
        PathMatch("RegularExpression", "(?i)^/health.*"),  # Exact is lost, as in ingress-nginx
        PathMatch("RegularExpression", "(?i)^/docs.*"),
    }
    assert {m.path for rule in rules(result, "plain.example.com") for m in rule.matches} == {
        PathMatch("Exact", "/health")
    }
    found = [(f.code.id, f.ingress) for f in result.findings if f.code.id == "IM403"]
    assert ("IM403", "default/regex") in found and ("IM403", "other/exact") in found


def test_prefix_next_to_an_exact_of_the_same_path_keeps_only_its_slash_form() -> None:
    """updateServerLocations: no exact copy when an Exact location with that path exists. (With the Exact
    one older, its `^/x` would come first and hide `^/x/`: see test_rewrite_shadow.)"""
    result = run(
        ingress(name="b", paths=[("/x", "Prefix")], service="b"),
        ingress(name="a", annotations={"use-regex": "true"}, paths=[("/x", "Exact")]),
    )
    by_service = {
        rule.backend_refs[0].name: [m.path.value for m in rule.matches] for rule in rules(result, "app.example.com")
    }
    assert by_service == {"app": ["(?i)^/x.*"], "b": ["(?i)^/x/.*"]}


def test_no_literal_regex_finding_in_regex_mode() -> None:
    result = run(ingress(annotations={"use-regex": "true"}, paths=[("/v1/(.*)", PREFIX_PATH)]))
    assert "IM205" not in codes(result.findings)
    plain = run(ingress(paths=[("/v1/(.*)", PREFIX_PATH)]))
    assert "IM205" in codes(plain.findings)


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        pytest.param("/api", "(?i)^/api.*", id="literal"),
        pytest.param("/api(/|$)(.*)", "(?i)^/api(/|$)(.*)", id="already-consumes-the-rest"),
        pytest.param("/exact$", "(?i)^/exact$", id="end-anchored"),
        pytest.param("/a|/b", "(?i)^/a.*|^.*(?:/b).*", id="second-alternative-is-unanchored-in-pcre"),
        pytest.param("/v1\\.0", "(?i)^/v1\\.0.*", id="escaped-dot"),
        pytest.param("/a\\$", "(?i)^/a\\$.*", id="escaped-dollar-is-no-anchor"),
    ],
)
def test_location_value(pattern: str, value: str) -> None:
    assert rx.location_value(pattern) == value


@pytest.mark.parametrize(
    ("pattern", "inside", "outside"),
    [
        pytest.param("/api", ["/api", "/API/x", "/apix"], ["/x/api", "/ap"], id="prefix-no-boundary"),
        pytest.param("/a|/b", ["/a/x", "/x/b", "/b"], ["/x"], id="alternation"),
        pytest.param("/exact$", ["/exact", "/EXACT"], ["/exact/x"], id="anchored"),
        pytest.param("/v[0-9]+/", ["/v12/x"], ["/v/x", "/x/v1/"], id="class"),
    ],
)
def test_location_value_means_the_same_under_search_and_full_match(
    pattern: str, inside: list[str], outside: list[str]
) -> None:
    nginx = re.compile("^" + pattern, re.IGNORECASE)
    value = rx.location_value(pattern)
    for path in inside + outside:
        expected = nginx.search(path) is not None
        assert (re.fullmatch(value, path) is not None) == expected, (value, path)  # Envoy: RE2 full match
        assert (re.search(value, path) is not None) == expected, (value, path)  # NGINX Gateway Fabric: search
        assert expected == (path in inside)


@pytest.mark.parametrize(
    ("pattern", "problems"),
    [
        pytest.param("/x(?=y)", ["a lookahead"], id="lookahead"),
        pytest.param("/x(?<!y)", ["a lookbehind"], id="lookbehind"),
        pytest.param("/(a)\\1", ["a backreference"], id="backreference"),
        pytest.param("/a++", ["a possessive quantifier"], id="possessive"),
        pytest.param("/(?>a)", ["an atomic group"], id="atomic"),
        pytest.param("/a\\++", [], id="escaped-plus-then-quantifier"),
        pytest.param("/[(?=]", [], id="inside-a-class"),
        pytest.param("/(?:a|b)(?i:c)", [], id="re2-groups"),
    ],
)
def test_re2_problems(pattern: str, problems: list[str]) -> None:
    assert rx.re2_problems(pattern) == problems


def test_pcre_only_regex_and_invalid_regex_are_flagged() -> None:
    result = run(ingress(annotations={"use-regex": "true"}, paths=[("/x(?!y)", PREFIX_PATH), ("/bad(", PREFIX_PATH)]))
    found = {f.code.id: f.severity.value for f in result.findings}
    assert found["IM404"] == "warning" and found["IM408"] == "error"
    values = [m.path.value for rule in rules(result, "app.example.com") for m in rule.matches]
    assert "(?i)^/x(?!y).*" in values and all("bad" not in value for value in values)


@pytest.mark.parametrize(
    ("paths", "overlapping"),
    [
        pytest.param(["/api/v1/.*", "/api/.*"], 1, id="nested"),
        pytest.param(["/foo/bar/[A-Z0-9]{3}", "/foo/bar/bar"], 1, id="docs-warning-example"),
        pytest.param(["/a/.*", "/b/.*", "/"], 0, id="disjoint-and-root"),
        pytest.param(["/ab?c", "/ac"], 1, id="optional-char-shortens-the-literal"),
    ],
)
def test_overlapping_regexes_are_flagged(paths: list[str], overlapping: int) -> None:
    result = run(ingress(annotations={"use-regex": "true"}, paths=[(path, PREFIX_PATH) for path in paths]))
    assert codes(result.findings).count("IM405") == overlapping


def test_overlap_names_the_path_nginx_tried_first() -> None:
    result = run(ingress(annotations={"use-regex": "true"}, paths=[("/a/.*", PREFIX_PATH), ("/a/b/.*", PREFIX_PATH)]))
    message = next(f.message for f in result.findings if f.code.id == "IM405")
    assert "ingress-nginx tried '/a/b/.*' first" in message


def test_root_stays_a_prefix_in_regex_mode() -> None:
    result = run(ingress(annotations={"use-regex": "true"}, paths=[("/", "Prefix"), ("/x.*", PREFIX_PATH)]))
    values = {m.path for rule in rules(result, "app.example.com") for m in rule.matches}
    assert PathMatch("PathPrefix", "/") in values


def _nginx_rewrite(path: str, target: str, uri: str) -> str | None:
    """`location ~* "^<path>"` then `rewrite "(?i)<path>" <target> break`, or None when the location does not
    match; a group the regex does not have is empty."""
    if re.match(path, uri, re.IGNORECASE) is None:
        return None
    found = re.search(path, uri, re.IGNORECASE)
    assert found is not None
    return re.sub(
        r"\$([0-9])",
        lambda m: (found.group(int(m.group(1))) or "") if int(m.group(1)) <= (found.re.groups) else "",
        target,
    )


def _gateway_rewrite(path: str, target: str, uri: str) -> str | None:
    """What the generated rules do with `uri`: the winning rule's URLRewrite (Gateway API semantics), None when
    no rule of this Ingress matches."""
    result = run(ingress(annotations={"rewrite-target": target}, paths=[(path, PREFIX_PATH)]))
    rule = pick(routes(result, "app.example.com"), Request(uri))
    if rule is None or not rule.backend_refs:
        return None
    modifier = next((f.path for f in rule.filters if isinstance(f, URLRewrite) and f.path), None)
    if modifier is None:
        return uri
    if modifier.type == "ReplaceFullPath":
        return modifier.value
    prefix = rule.matches[0].path.value
    return (modifier.value.rstrip("/") + uri[len(prefix) :]) or "/"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        pytest.param("/api(/|$)(.*)", "/$2", id="slash-or-end"),
        pytest.param("/api(/|$)(.*)", "/v2/$2", id="new-prefix"),
        pytest.param("/api(?:/|$)(.*)", "/$1", id="non-capturing"),
        pytest.param("/api/questions(/|$)(.*)", "/questions$1$2", id="whole-suffix"),
        pytest.param("/svc(/.*)", "/inner$1", id="captured-slash"),
        pytest.param("/static", "/", id="static"),
    ],
)
@pytest.mark.parametrize("suffix", ["", "/", "/x", "/x/y/", "x"], ids=["bare", "slash", "one", "deeper", "glued"])
def test_prefix_rewrites_rewrite_like_nginx(path: str, target: str, suffix: str) -> None:
    literal = re.match(r"[/a-z]*[a-z]", path)
    assert literal is not None
    uri = literal.group(0) + suffix
    nginx, gateway = _nginx_rewrite(path, target, uri), _gateway_rewrite(path, target, uri)
    if suffix == "" and nginx is None and gateway is not None:
        # The one known difference: nginx's regex left the bare prefix to its 404, reported as such.
        result = run(ingress(annotations={"rewrite-target": target}, paths=[(path, PREFIX_PATH)]))
        assert any(f.code.id == "IM407" and "404" in f.message for f in result.findings)
        return
    assert gateway == nginx
