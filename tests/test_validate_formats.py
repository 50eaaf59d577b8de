"""Leaf checks: RE2 patterns with Go's meaning, string formats as kube-openapi checks them, Go's IP parsing,
and the name rules of ObjectMeta."""

from __future__ import annotations

import pytest

from migrate.apiserver import objectmeta
from migrate.apiserver.formats import STRING_FORMATS, parse_cidr_sloppy, parse_ip_sloppy, parse_ip_strict
from migrate.apiserver.re2 import UnsupportedPattern, compile_go

# (pattern, text, Go's regexp.MatchString)
RE2 = [
    ("^a$", "a", True),
    ("^a$", "a\n", False),  # Python's $ would match before the final newline
    ("a\\z", "a\n", False),
    ("(?m)^b$", "a\nb\nc", True),
    ("^b$", "a\nb\nc", False),
    ("b", "abc", True),  # unanchored, like MatchString
    (".", "\n", False),
    ("(?s).", "\n", True),
    ("\\d", "٣", False),  # \d is ASCII in RE2
    ("\\w", "é", False),
    ("\\s", "\v", False),  # RE2's \s has no vertical tab
    ("\\s", "\t", True),
    ("[\\d-]+$", "1-2", True),
    ("\\bfoo\\b", "éfooé", True),  # ASCII word boundary
    ("[[:alpha:]]+$", "ab", True),
    ("[[:^digit:]]", "5", False),
    ("[[:upper:][:digit:]]+$", "A1", True),
    ("a{,2}", "a{,2}", True),  # `{,n}` is a literal in RE2 (Python would read {0,2})
    ("a{,2}", "aa", False),
    ("x{2}$", "xx", True),
    ("\\x{41}", "A", True),
    ("\\x41", "A", True),
    ("\\101", "A", True),  # octal
    ("\\Qa.b\\E", "axb", False),
    ("\\Qa.b\\E", "a.b", True),
    ("(?<name>x)", "x", True),
    ("(?P<name>x)", "x", True),
    ("a(?i)b|c", "C", True),  # the flag reaches the next alternative
    ("a(?i)b|c", "aB", True),
    ("a(?i)b|c", "AB", False),
    ("(?i:a|b)c", "BC", False),
    ("(?i)a(?-i)b", "AB", False),
    ("(?i)k", "K", True),  # Unicode case folding (Kelvin sign), as RE2
    ("(?i)é", "É", True),
    ("\\pL+$", "éa", True),
    ("\\p{Lu}", "a", False),
    ("[&&~~||]", "&", True),
    ("[]a]", "]", True),
    ("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", "*.example.com", True),
    ("^Hostname|IPAddress|[a-z0-9]+\\/[a-z]+$", "example/custom", True),  # alternation binds loosest
]


@pytest.mark.parametrize(("pattern", "text", "matches"), [pytest.param(*c, id=f"{c[0]}~{c[1]!r}") for c in RE2])
def test_re2_patterns_keep_go_semantics(pattern: str, text: str, matches: bool) -> None:
    assert bool(compile_go(pattern).search(text)) is matches


def test_re2_ungreedy_flag() -> None:
    assert compile_go("(?U)a+").search("aaa").group() == "a"  # type: ignore[union-attr]
    assert compile_go("(?U)a+?").search("aaa").group() == "aaa"  # type: ignore[union-attr]


@pytest.mark.parametrize("pattern", ["\\1", "(?=a)", "\\p{Greek}", "[a", "(a", "a)", "\\y"])
def test_patterns_outside_re2_or_this_translation_are_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedPattern):
        compile_go(pattern)


FORMATS = [
    ("ipv4", "10.0.0.1", True),
    ("ipv4", "010.0.0.1", True),  # Kubernetes' legacy parser reads leading zeros as decimal
    ("ipv4", "256.0.0.1", False),
    ("ipv4", "1.1.1", False),
    ("ipv4", "::ffff:1.2.3.4", True),  # parses as an IP and holds a dot: kube-openapi's test
    ("ipv6", "2001:db8::1", True),
    ("ipv6", "fe80::1%eth0", False),
    ("ipv6", ":::1", False),
    ("cidr", "10.0.0.0/8", True),
    ("cidr", "10.0.0.1/33", False),
    ("cidr", "10.0.0.1", False),
    ("date-time", "2026-03-01T10:00:00Z", True),
    ("date-time", "2026-03-01T25:00:00Z", False),
    ("date-time", "2026-02-30T10:00:00Z", False),
    ("date", "2026-03-01", True),
    ("date", "20260301", False),
    ("uuid", "123e4567-e89b-12d3-a456-426614174000", True),
    ("uuid4", "123e4567-e89b-12d3-a456-426614174000", False),
    ("hostname", "example.com", True),
    ("hostname", "localhost", True),
    ("hostname", "a.1", False),  # the last label must be letters
    ("byte", "aGVsbG8=", True),
    ("byte", "aGVsbG8", False),
    ("uri", "https://example.com/a", True),
    ("uri", "/relative/path", True),
    ("uri", "relative", False),
    ("email", "a@example.com", True),
    ("email", "Name <a@example.com>", True),
    ("email", "no-at-sign", False),
    ("mac", "01:23:45:67:89:ab", True),
    ("mac", "01:23:45:67:89", False),
    ("duration", "1h30m", True),
    ("duration", "3 days", True),
    ("duration", "soon", False),
    ("hexcolor", "#fff", True),
    ("isbn10", "0306406152", True),
    ("isbn13", "9780306406157", True),
    ("creditcard", "4111 1111 1111 1111", True),
    ("creditcard", "4111 1111 1111 1112", False),
]


@pytest.mark.parametrize(("fmt", "value", "valid"), [pytest.param(*c, id=f"{c[0]}:{c[1]}") for c in FORMATS])
def test_string_formats(fmt: str, value: str, valid: bool) -> None:
    assert STRING_FORMATS[fmt](value) is valid


@pytest.mark.parametrize(
    ("text", "sloppy", "strict"),
    [
        ("1.2.3.4", "1.2.3.4", "1.2.3.4"),
        ("01.2.3.4", "1.2.3.4", None),
        ("::ffff:01.2.3.4", "::ffff:102:304", None),
        ("::ffff:1.2.3.4", "::ffff:102:304", None),  # CEL's ip() refuses IPv4-mapped addresses
        ("fe80::1%eth0", None, None),
        ("1.2.3", None, None),
        ("2001:DB8::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_ip_parsing(text: str, sloppy: str | None, strict: str | None) -> None:
    parsed = parse_ip_sloppy(text)
    assert (str(parsed) if parsed else None) == sloppy
    exact = parse_ip_strict(text)
    assert (str(exact) if exact else None) == strict


def test_cidr_parsing() -> None:
    assert str(parse_cidr_sloppy("10.1.2.3/08")) == "10.0.0.0/8"
    assert parse_cidr_sloppy("10.1.2.3/-1") is None


NAMES = [
    (objectmeta.dns1123_subdomain, "example.com", 0),
    (objectmeta.dns1123_subdomain, "Example.com", 1),
    (objectmeta.dns1123_subdomain, "a" * 254, 1),
    (objectmeta.dns1123_subdomain, "-" + "a" * 253, 2),  # too long and malformed: both reported
    (objectmeta.dns1123_label, "a.b", 1),
    (objectmeta.dns1035_label, "1abc", 1),
    (objectmeta.dns1035_label, "abc-1", 0),
    (objectmeta.qualified_name, "example.com/My_Name", 0),
    (objectmeta.qualified_name, "/x", 1),
    (objectmeta.qualified_name, "a/b/c", 1),
    (objectmeta.qualified_name, "x" * 64, 1),
    (objectmeta.label_value, "", 0),
    (objectmeta.label_value, "-x", 1),
]


@pytest.mark.parametrize(("check", "value", "problems"), NAMES)
def test_name_rules(check: object, value: str, problems: int) -> None:
    assert len(check(value)) == problems  # type: ignore[operator]


@pytest.mark.parametrize(
    ("name", "masked"),
    [("abc-", "aba"), ("a-", "a"), ("-", "-"), ("abc", "abc")],
)
def test_generate_name_mask_keeps_the_apiserver_quirk(name: str, masked: str) -> None:
    assert objectmeta.mask_trailing_dash(name) == masked
