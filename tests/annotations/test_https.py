"""HTTPS family: ssl-redirect, force-ssl-redirect, preserve-trailing-slash (and use-port-in-redirects)."""

from __future__ import annotations

import pytest
from routing_cases import Request, codes, ingress, intents, pick, routes, run

from migrate.gateway.ir import RequestRedirect
from migrate.options import Options

HOST = "app.example.com"
HTTPS = RequestRedirect(308, scheme="https")


def _http_answer(result: object, path: str) -> str:
    """What port 80 answers for `path`: "https" (redirected), "serve:<service>" or "none"."""
    rule = pick(routes(result, HOST, "-http") or routes(result, HOST), Request(path))  # type: ignore[arg-type]
    if rule is None:
        return "none"
    if HTTPS in rule.filters or RequestRedirect(308, scheme="https", port=443) in rule.filters:
        return "https"
    return f"serve:{rule.backend_refs[0].name}" if rule.backend_refs else "none"


@pytest.mark.parametrize(
    ("annotations", "tls", "answers"),
    [
        pytest.param(
            {},
            True,
            {"/": "https", "/a": "https", "/.well-known/acme-challenge/x": "serve:app"},
            id="implicit-redirect-with-acme-exception",
        ),
        pytest.param({}, False, {"/": "serve:app", "/a": "serve:app"}, id="no-certificate-no-redirect"),
        pytest.param({"ssl-redirect": "false"}, True, {"/a": "serve:app", "/": "serve:app"}, id="ssl-redirect-false"),
        pytest.param(
            {"force-ssl-redirect": "true"},
            False,
            {"/a": "https", "/.well-known/acme-challenge/x": "serve:app"},
            id="forced-without-certificate",
        ),
        pytest.param(
            {"ssl-redirect": "false", "force-ssl-redirect": "true"},
            True,
            {"/a": "https"},
            id="force-wins-over-ssl-redirect-false",
        ),
    ],
)
def test_port_80_answers(annotations: dict[str, str], tls: bool, answers: dict[str, str]) -> None:
    result = run(
        ingress(
            annotations=annotations,
            paths=[("/", "Prefix"), ("/.well-known/acme-challenge", "Prefix")],
            tls=[HOST] if tls else None,
        )
    )
    assert {path: _http_answer(result, path) for path in answers} == answers


def test_ssl_redirect_false_exempts_only_its_own_locations() -> None:
    result = run(
        ingress(paths=[("/", "Prefix")], tls=[HOST]),
        ingress(name="plain", annotations={"ssl-redirect": "false"}, paths=[("/plain", "Prefix")], service="plain"),
    )
    assert _http_answer(result, "/plain/x") == "serve:plain"
    assert _http_answer(result, "/other") == "https"


def test_forced_redirect_to_an_unserved_https_is_flagged() -> None:
    result = run(ingress(annotations={"force-ssl-redirect": "true"}))
    assert "IM413" in codes(result.findings)
    served = run(ingress(annotations={"force-ssl-redirect": "true"}), options=Options(default_certificate=("d", "c")))
    assert "IM413" not in codes(served.findings)
    assert routes(served, HOST)  # the HTTPS route on the default-certificate listener


@pytest.mark.parametrize(
    ("paths", "annotations", "flagged"),
    [
        pytest.param([("/docs/", "Exact")], {}, False, id="exact-gets-nginx-301-back"),
        pytest.param([("/docs/", "Prefix")], {}, False, id="prefix-gets-nginx-301-back"),
        pytest.param([("/docs/", "Prefix"), ("/docs", "Exact")], {}, True, id="bare-path-is-another-location"),
        pytest.param(
            [("/docs/", "Prefix"), ("/docs", "Exact")], {"preserve-trailing-slash": "true"}, False, id="preserved"
        ),
        pytest.param([("/docs", "Exact")], {}, False, id="no-slash"),
        pytest.param([("/docs/", "Prefix")], {"use-regex": "true"}, True, id="regex-mode-has-no-301"),
    ],
)
def test_trailing_slash_difference_is_flagged_where_it_matters(
    paths: list[tuple[str, str]], annotations: dict[str, str], flagged: bool
) -> None:
    result = run(ingress(annotations=annotations, paths=paths, tls=[HOST]))
    assert ("IM414" in codes(result.findings)) is flagged


def test_use_port_in_redirects_sets_the_https_port() -> None:
    result = run(ingress(annotations={"use-port-in-redirects": "true"}, tls=[HOST]))
    (route,) = routes(result, HOST, "-http")
    assert route.rules[0].filters == (RequestRedirect(308, scheme="https", port=443),)


@pytest.mark.parametrize(
    ("annotations", "field", "value"),
    [
        pytest.param({"ssl-redirect": "no"}, "ssl_redirect", True, id="ssl-redirect-default"),
        pytest.param({"force-ssl-redirect": "on"}, "force_ssl_redirect", False, id="force-default"),
        pytest.param({"preserve-trailing-slash": "1"}, "preserve_trailing_slash", True, id="go-bool-1"),
        pytest.param({"ssl-redirect": "F"}, "ssl_redirect", False, id="go-bool-F"),
    ],
)
def test_booleans_as_go_parses_them(annotations: dict[str, str], field: str, value: bool) -> None:
    found, findings = intents(ingress(annotations=annotations))
    assert getattr(found.location, field) is value
    assert all(f.code.id != "IM803" for f in findings)
