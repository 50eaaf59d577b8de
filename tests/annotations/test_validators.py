"""validators: ingress-nginx's validator semantics per key, what a refusal did, and when a parser reads a key."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import SHARED, shared
from ingress_findings import about, findings_of, ingress

from migrate.annotations import validators
from migrate.annotations.parsing import cidrs, go_bool, go_int, human_size, nginx_size
from migrate.annotations.validation_table import NEVER_VALIDATED, TABLE, Effect

PREFIX = "nginx.ingress.kubernetes.io/"
R, D, I, X = Effect.REFUSED, Effect.DENIED, Effect.IGNORED, Effect.DROPPED  # noqa: E741 - table letters
# What the parser must have read first for it to read the key at all.
NEEDS = {
    "auth-secret": {"auth-type": "basic"},
    "auth-secret-type": {"auth-type": "basic"},
    "auth-realm": {"auth-type": "basic", "auth-secret": "htpasswd"},
    "opentelemetry-operation-name": {"enable-opentelemetry": "true"},
    "opentelemetry-trust-incoming-span": {"enable-opentelemetry": "true"},
    "temporal-redirect-code": {"temporal-redirect": "https://example.com/"},
}
for _name in ("verify-client", "verify-depth", "error-page", "pass-certificate-to-upstream", "match-cn"):
    NEEDS[f"auth-tls-{_name}"] = {"auth-tls-secret": "shop/ca"}
for _name in ("ciphers", "protocols", "name", "verify", "verify-depth", "server-name"):
    NEEDS[f"proxy-ssl-{_name}"] = {"proxy-ssl-secret": "shop/client"}
for _name in TABLE:
    if _name.startswith("auth-") and _name not in NEEDS and not _name.startswith(("auth-type", "auth-tls")):
        NEEDS.setdefault(_name, {"auth-url": "http://auth.shop.svc/check"})
for _name in ("auth-url",):
    NEEDS.pop(_name, None)

# (accepted, refused) for the validators of parser/validators.go, by the TSV's validator column.
BY_VALIDATOR = {
    "parser.ValidateBool": ("true", "yes"),
    "parser.ValidateInt": ("42", "4.2"),
    "parser.ValidateCIDRs": ("10.0.0.0/8, 192.168.0.1", "10.0.0.0/40"),
    "parser.ValidateServerName": ("a.example.com", "a;example.com"),
    "parser.ValidateArrayOfServerName": ("a.example.com, *.example.com", "a.example.com,b;c"),
    "parser.ValidateServiceName": ("error-pages", "Error_Pages"),
    "parser.CommonNameAnnotationValidator": ("CN=client-.*", "client"),
    "parser.BasicCharsRegex": ("shop/name-1.2_~:", "a;b"),
    "parser.CharsWithSpace": ("Members only", "Members; only"),
    "parser.ExtendedCharsRegex": ("200 202 401 5m, 404 1m", "5m;"),
    "parser.URLIsValidRegex": ("https://a.example.com/x?y=1&z=2", "https://a.example.com/$1"),
    "parser.URLWithNginxVariableRegex": ("https://auth.example.com/check?rd=$escaped_request_uri", "https://a/#x"),
    "parser.NGINXVariable": ("$request_id", "$a;b"),
    "parser.HeadersVariable": ("X-User, X-Email", "X-User;"),
    "parser.RegexPathWithCapture": ("/app/$1", "/app?x"),
    "parser.IsValidRegex": ("^(a|b)+$", "a b"),
    "parser.SizeRegex": ("10m", "10mb"),
}
# Validators named by a parser's own pattern: (accepted, refused) per annotation.
BY_KEY = {
    "auth-type": ("basic", "ntlm"),
    "auth-secret-type": ("auth-map", "file"),
    "auth-tls-verify-client": ("optional_no_ca", "require"),
    "auth-tls-error-page": ("https://example.com/error", "https://example.com/a b?"),
    "auth-method": ("POST", "post"),
    "proxy-cookie-domain": ("off", "a;b"),
    "cors-expose-headers": ("X-A, X-B, *", "X-A;"),
    "cors-allow-methods": ("GET, POST,PUT", "GET;POST"),
    "cors-allow-origin": ("https://a.example.com, http://*.example.com:8080", "ftp://a.example.com"),
    "upstream-hash-by": ("${request_uri}-$host", "$uri;"),
    "session-cookie-expires": ("3600", "soon"),
    "session-cookie-max-age": ("3600", "soon"),
    "mirror-request-body": ("off", "no"),
    "custom-http-errors": ("404,503", "404;503"),
    "proxy-ssl-ciphers": ("ECDHE-RSA-AES128-GCM-SHA256:!aNULL", "ECDHE RSA;"),
    "proxy-ssl-server-name": ("on", "yes"),
    "proxy-ssl-verify": ("on", "yes"),
    "proxy-ssl-protocols": ("TLSv1.2 TLSv1.3", "TLSv1.1"),
    "opentelemetry-operation-name": ("checkout_span", "checkout span!"),
    "fastcgi-index": ("index.php", "index;php"),  # spaces are dropped before the check
    "ssl-ciphers": ("ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=2", "ALL;"),
    "connection-proxy-header": ("keep-alive", "upgrade"),
    "proxy-next-upstream": ("error timeout http_502", "error,timeout"),
}


# ValidateOptions over a named list: one value of it.
NAMED_OPTIONS = {"load-balance": "ewma", "backend-protocol": "GRPCS", "affinity": "cookie"}


def _rows() -> list[dict[str, str]]:
    if not SHARED.exists():
        return []
    with Path(shared("reference", "ingress-nginx-annotations.tsv")).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _samples(row: dict[str, str]) -> tuple[str, str]:
    name = row["annotation"].removeprefix(PREFIX)
    if name in BY_KEY:
        return BY_KEY[name]
    validator = row["validator"]
    if validator.startswith("parser.ValidateOptions"):
        options = re.findall(r'"([^"]+)"', validator) or [NAMED_OPTIONS[name]]
        return options[0], "bogus"
    for kind, samples in BY_VALIDATOR.items():
        if kind in validator:
            return samples
    raise AssertionError(f"no samples for {name}: {validator}")


def _validated_rows() -> list[dict[str, str]]:
    return [row for row in _rows() if row["validator"] != "parser.ValidateNull"]


def test_the_table_covers_exactly_the_validated_catalogue() -> None:
    rows = _rows() or pytest.skip("the reference catalogue is not available")
    validated = {row["annotation"].removeprefix(PREFIX) for row in rows if row["validator"] != "parser.ValidateNull"}
    null = {row["annotation"].removeprefix(PREFIX) for row in rows if row["validator"] == "parser.ValidateNull"}
    assert set(TABLE) == validated
    assert null == NEVER_VALIDATED


@pytest.mark.parametrize("row", _validated_rows(), ids=lambda row: row["annotation"].removeprefix(PREFIX))
def test_each_validator_accepts_and_refuses_like_ingress_nginx(row: dict[str, str]) -> None:
    name = row["annotation"].removeprefix(PREFIX)
    accepted, refused = _samples(row)
    context = NEEDS.get(name, {})
    assert validators.check({**context, name: accepted}, "shop") == {}, accepted
    rejection = validators.check({**context, name: refused}, "shop").get(name)
    assert rejection is not None, refused
    assert rejection.problem


EFFECTS = [
    pytest.param({"limit-rps": "10r/s"}, "limit-rps", R, id="rate-limit-refuses"),
    pytest.param({"limit-burst-multiplier": "x"}, "limit-burst-multiplier", I, id="burst-falls-back"),
    pytest.param({"proxy-read-timeout": "60s"}, "proxy-read-timeout", I, id="proxy-falls-back"),
    pytest.param({"rewrite-target": "/a b"}, "rewrite-target", I, id="rewrite-falls-back"),
    pytest.param({"canary-weight": "ten"}, "canary-weight", I, id="canary-falls-back"),
    pytest.param({"server-alias": "a.com;b.com"}, "server-alias", R, id="alias-refuses"),
    pytest.param({"denylist-source-range": "nope"}, "denylist-source-range", D, id="acl-denies"),
    pytest.param({"auth-type": "basic", "auth-secret": "a;b"}, "auth-secret", D, id="auth-secret-denies"),
    pytest.param({"auth-type": "basic", "auth-secret-type": "xauth-filex"}, "auth-secret-type", D, id="type-denies"),
    pytest.param({"auth-url": "/check"}, "auth-url", D, id="auth-url-without-host-denies"),
    pytest.param({"auth-url": "http://a/", "auth-cache-duration": "5m;"}, "auth-cache-duration", X, id="auth-drop"),
    pytest.param({"auth-url": "http://a/", "auth-always-set-cookie": "y"}, "auth-always-set-cookie", R, id="auth-r"),
    pytest.param({"temporal-redirect": "ftp://a.com/"}, "temporal-redirect", X, id="redirect-scheme-drops"),
    pytest.param({"app-root": "app"}, "app-root", I, id="app-root-needs-a-slash"),
    pytest.param({"custom-http-errors": "404,"}, "custom-http-errors", X, id="trailing-comma-drops"),
    pytest.param({"http2-push-preload": "yes"}, "http2-push-preload", R, id="push-refuses"),
    pytest.param({"ssl-passthrough": "True "}, "ssl-passthrough", R, id="bool-with-space-refuses"),
    pytest.param({"use-regex": "1"}, None, None, id="go-bool-accepts-1"),
    pytest.param({"limit-rps": "+5"}, None, None, id="go-int-accepts-a-sign"),
    pytest.param({"limit-rps": "5_000"}, "limit-rps", R, id="go-int-refuses-underscores"),
    pytest.param({"limit-rps": "\u0665"}, "limit-rps", R, id="go-int-refuses-unicode-digits"),
    pytest.param({"limit-rps": ""}, None, None, id="empty-values-are-never-validated"),
    pytest.param({"upstream-vhost": "a.com\nb.com"}, "upstream-vhost", R, id="line-break-refuses"),
]


@pytest.mark.parametrize(("values", "refused", "effect"), EFFECTS)
def test_what_a_refusal_did(values: dict[str, str], refused: str | None, effect: Effect | None) -> None:
    found = validators.check(values, "shop")
    if refused is None:
        assert found == {}
        return
    assert list(found) == [refused]
    assert found[refused].effect is effect


GATES = [
    pytest.param({"auth-realm": "x;y"}, id="realm-unread-without-auth-type"),
    pytest.param({"auth-type": "basic", "auth-realm": "x;y"}, id="realm-unread-without-secret"),
    pytest.param({"auth-type": "basic", "auth-secret": "other/s", "auth-realm": "x;y"}, id="realm-after-denied-secret"),
    pytest.param({"auth-tls-match-cn": "client"}, id="tls-options-unread-without-secret"),
    pytest.param({"auth-tls-secret": "ca", "auth-tls-match-cn": "client"}, id="tls-secret-without-namespace"),
    pytest.param({"auth-tls-secret": "other/ca", "auth-tls-match-cn": "client"}, id="tls-secret-other-namespace"),
    pytest.param({"proxy-ssl-secret": "/client", "proxy-ssl-verify": "yes"}, id="proxy-ssl-needs-the-namespace"),
    pytest.param({"auth-method": "post"}, id="auth-options-unread-without-auth-url"),
    pytest.param({"opentelemetry-operation-name": "a b!"}, id="otel-options-unread-without-tracing"),
    pytest.param(
        {"permanent-redirect-code": "x", "temporal-redirect": "https://a.com/"}, id="permanent-after-temporal"
    ),
    pytest.param({"temporal-redirect-code": "x"}, id="temporal-code-without-temporal"),
    pytest.param({"allowlist-source-range": "10.0.0.0/8", "whitelist-source-range": "nope"}, id="old-name-unread"),
    pytest.param({"limit-allowlist": "10.0.0.0/8", "limit-whitelist": "nope"}, id="old-limit-name-unread"),
]


@pytest.mark.parametrize("values", GATES)
def test_a_key_the_parser_never_reads_is_never_refused(values: dict[str, str]) -> None:
    assert validators.check(values, "shop") == {}


def test_an_old_name_is_read_when_the_new_one_is_empty() -> None:
    found = validators.check({"allowlist-source-range": "", "whitelist-source-range": "nope"}, "shop")
    assert list(found) == ["whitelist-source-range"]


def test_refused_values_are_reported_and_not_translated() -> None:
    found = findings_of(ingress({"limit-rps": "10r/s", "proxy-body-size": "10 MB"}))
    assert [(f.code, f.severity) for f in about(found, "limit-rps")] == [("IM595", "error")]
    assert [(f.code, f.severity) for f in about(found, "proxy-body-size")] == [("IM596", "warning")]
    # proxy-body-size fell back to the 1m default, which the Gateway-wide finding then covers.
    assert any(f.code == "IM810" and "1 host (shop.example.com)" in f.message for f in found)


def test_a_dropped_group_takes_its_keys_out_of_play() -> None:
    annotations = {"auth-url": "http://auth.shop.svc/", "auth-cache-duration": "5m;", "auth-response-headers": "X-U"}
    found = findings_of(ingress(annotations))
    assert [f.code for f in about(found, "auth-cache-duration")] == ["IM598"]
    assert "served without authentication" in about(found, "auth-cache-duration")[0].message
    assert about(found, "auth-url") == [] and about(found, "auth-response-headers") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("T", True), ("0", False), ("False", False), ("yes", None), (" true", None), ("TRUE\n", None)],
)
def test_go_bool(text: str, expected: bool | None) -> None:
    assert go_bool(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("-1", -1),
        ("+7", 7),
        ("007", 7),
        ("4.2", None),
        (" 4", None),
        ("4\n", None),
        ("1_0", None),
        ("9223372036854775808", None),
    ],
)
def test_go_int(text: str, expected: int | None) -> None:
    assert go_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("10.0.0.1/8, 2001:db8::/32", ["10.0.0.0/8", "2001:db8::/32"]),
        ("10.0.0.1", ["10.0.0.1"]),
        ("10.0.0.0/8,", None),
        ("10.0.0.0/33", None),
        ("fe80::1%eth0", None),
        ("010.0.0.1", None),
    ],
)
def test_cidrs(text: str, expected: list[str] | None) -> None:
    assert cidrs(text) == expected


@pytest.mark.parametrize(
    ("text", "size", "shown"),
    [
        ("1m", 1024**2, "1m"),
        ("512", 512, "512"),
        ("8K", 8192, "8k"),
        ("2g", 2 * 1024**3, "2g"),
        ("1536k", 1536 * 1024, "1536k"),
    ],
)
def test_nginx_size(text: str, size: int, shown: str) -> None:
    assert nginx_size(text) == size
    assert human_size(size) == shown


@pytest.mark.parametrize("text", ["10b", "1.5m", "m", "-1m", "10 m"])
def test_nginx_size_refuses(text: str) -> None:
    assert nginx_size(text) is None


def test_an_invalid_canary_flag_makes_a_primary_ingress() -> None:
    found = findings_of(ingress({"canary": "yes", "proxy-body-size": "8m"}))
    assert [f.code for f in about(found, "canary")] == ["IM596"]
    # Not a canary: its other annotations count (no IM802 "ignored on a canary").
    assert [f.code for f in about(found, "proxy-body-size")] == ["IM620"]
