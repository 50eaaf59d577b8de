"""CORS: ingress-nginx's defaults written out, its parser's fallbacks, and what Gateway API cannot express."""

from __future__ import annotations

import pytest
from routing_cases import codes, ingress, intents, rules, run

from migrate.annotations.cors import DEFAULT_HEADERS, DEFAULT_MAX_AGE, DEFAULT_METHODS
from migrate.gateway.ir import CORS
from migrate.intents import Cors

ORIGIN = "https://app.example.com"


def _cors(**annotations: str) -> tuple[Cors | None, list[str]]:
    found, findings = intents(ingress(annotations={"enable-cors": "true", **annotations}))
    return found.location.cors, codes(findings)


def test_defaults_are_ingress_nginx_defaults() -> None:
    cors, _ = _cors(**{"cors-allow-origin": ORIGIN})
    assert cors == Cors((ORIGIN,), DEFAULT_METHODS, DEFAULT_HEADERS, (), True, DEFAULT_MAX_AGE)
    assert DEFAULT_MAX_AGE == 1728000 and len(DEFAULT_HEADERS) == 9


@pytest.mark.parametrize(
    ("value", "origins", "found"),
    [
        pytest.param("*", ("*",), [], id="star"),
        pytest.param(
            f"{ORIGIN}, https://b.example.com:8443", (ORIGIN, "https://b.example.com:8443"), [], id="list-with-port"
        ),
        pytest.param(f"{ORIGIN}, *", ("*",), [], id="star-anywhere-wins"),
        pytest.param(f"{ORIGIN}, null", (ORIGIN,), ["IM457"], id="null-skipped"),
        pytest.param(f"{ORIGIN}, app.example.org", (ORIGIN,), ["IM457"], id="no-scheme-skipped"),
        pytest.param("https://*.example.com", ("https://*.example.com",), ["IM459"], id="wildcard-greedy"),
        pytest.param("https://a.example.com/path", ("*",), ["IM596"], id="validator-fails-to-star"),
        pytest.param("https://", (), ["IM457"], id="empty-host"),
    ],
)
def test_origins(value: str, origins: tuple[str, ...], found: list[str]) -> None:
    cors, flagged = _cors(**{"cors-allow-origin": value})
    assert cors is not None and cors.origins == origins
    for code in found:
        assert code in flagged


def test_star_with_credentials_keeps_what_browsers_allowed() -> None:
    cors, flagged = _cors()
    assert cors is not None and cors.origins == ("*",) and cors.credentials is False
    assert "IM458" in flagged
    cors, flagged = _cors(**{"cors-allow-credentials": "false"})
    assert cors is not None and cors.credentials is False and "IM458" not in flagged


@pytest.mark.parametrize(
    ("annotations", "field", "value", "code"),
    [
        pytest.param({"cors-allow-methods": "get, POST,PUT"}, "methods", ("GET", "POST", "PUT"), None, id="methods"),
        pytest.param({"cors-allow-methods": "GET, PROPFIND"}, "methods", ("GET",), "IM457", id="method-not-in-enum"),
        pytest.param({"cors-allow-methods": "GET;POST"}, "methods", DEFAULT_METHODS, "IM596", id="methods-fallback"),
        pytest.param({"cors-allow-headers": "X-A, X-B"}, "allow_headers", ("X-A", "X-B"), None, id="headers"),
        pytest.param({"cors-allow-headers": "X-A;"}, "allow_headers", DEFAULT_HEADERS, "IM596", id="headers-fallback"),
        pytest.param({"cors-expose-headers": "X-A, *"}, "expose_headers", ("X-A", "*"), None, id="expose"),
        pytest.param({"cors-max-age": "60"}, "max_age", 60, None, id="max-age"),
        pytest.param({"cors-max-age": "0"}, "max_age", 1, "IM457", id="max-age-zero"),
        pytest.param({"cors-max-age": "x"}, "max_age", DEFAULT_MAX_AGE, "IM596", id="max-age-fallback"),
        pytest.param({"cors-allow-credentials": "maybe"}, "credentials", True, "IM596", id="credentials-fallback"),
    ],
)
def test_values(annotations: dict[str, str], field: str, value: object, code: str | None) -> None:
    cors, flagged = _cors(**{"cors-allow-origin": ORIGIN, **annotations})
    assert getattr(cors, field) == value
    if code:
        assert code in flagged


def test_more_than_64_origins_are_capped() -> None:
    origins = ", ".join(f"https://o{i}.example.com" for i in range(70))
    cors, flagged = _cors(**{"cors-allow-origin": origins})
    assert cors is not None and len(cors.origins) == 64 and "IM457" in flagged


def test_cors_keys_without_enable_cors_do_nothing() -> None:
    found, findings = intents(ingress(annotations={"cors-allow-origin": ORIGIN}))
    assert found.location.cors is None and "IM451" in codes(findings)


def test_filter_on_every_rule_of_the_ingress() -> None:
    result = run(
        ingress(
            annotations={"enable-cors": "true", "cors-allow-origin": ORIGIN}, paths=[("/a", "Prefix"), ("/b", "Exact")]
        )
    )
    (rule,) = rules(result, "app.example.com")
    (cors,) = rule.filters
    assert isinstance(cors, CORS) and cors.allow_origins == (ORIGIN,) and cors.allow_credentials is True


def test_no_origin_left_means_no_filter() -> None:
    result = run(ingress(annotations={"enable-cors": "true", "cors-allow-origin": "null"}))
    assert not any(rule.filters for rule in rules(result, "app.example.com"))
