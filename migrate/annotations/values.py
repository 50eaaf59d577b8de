"""Annotation values as ingress-nginx's validators read them, and the two ways it treated a bad one.

Every annotation has a validator (internal/ingress/annotations/parser/validators.go). With annotation
validation on (`--enable-annotation-validation`, the default since controller v1.9) a value that fails it
makes the parser return a validation error. Some parsers then fall back to a default and carry on
(`fallback`: the Ingress is served, the value ignored); others return the error, and `Extract` refuses the
whole Ingress: the controller never served it (`refused`). Which one is decided per parser; each family
says which applies to its keys. The character classes below restate the validators' own sets.
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Key, Value, truthy
from migrate.findings import Code
from migrate.intents import Written

# validators.go: alphaNumericChars, then the sets built from it.
_ALNUM = r"\-._~a-zA-Z0-9/:"
_REGEX_CHARS = re.escape("^$[](){}*+?|&=\\")
IS_VALID_REGEX = re.compile(f"^[/{_ALNUM}{_REGEX_CHARS}]*$")  # paths and server names that may be regexes
URL_CHARS = re.compile(f"^[{_ALNUM}{re.escape(':?&=')}]*$")  # URLIsValidRegex: URLs with a query
BASIC_CHARS = re.compile(f"^[/{_ALNUM}]*$")  # BasicCharsRegex: `namespace/name`, header and cookie names
PATH_WITH_CAPTURE = re.compile(f"^/?[{_ALNUM}/$]*$")  # RegexPathWithCapture: `/something/$1`
HEADERS_LIST = re.compile(r"^[A-Za-z0-9\-_, ]*$")  # HeadersVariable
_INT = re.compile(r"^[+-]?[0-9]+$")  # strconv.Atoi
# An HTTP header name (RFC 9110 token), as Gateway API header matches and modifiers accept it.
HTTP_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$")


def remember(ctx: Context, value: Value) -> None:
    """Keep where a translated annotation is written, for findings raised after the annotation stage."""
    ctx.intents.written[value.name] = Written(value.key, value.text, value.pos)


def boolean(ctx: Context, key: Key, default: bool) -> bool:
    """A boolean annotation whose parser falls back to `default` when the value is not a Go bool."""
    value = ctx.get(key.name)
    if value is None:
        return default
    parsed = truthy(value.text)
    if parsed is None:
        fallback(ctx, key, value, "is not a boolean (true or false)", str(default).lower())
        return default
    remember(ctx, value)
    return parsed


def integer(text: str) -> int | None:
    """An integer as Go's strconv.Atoi reads it."""
    stripped = text
    return int(stripped) if _INT.match(stripped) else None


def fallback(ctx: Context, key: Key, value: Value, problem: str, default: str, code: Code | None = None) -> None:
    ctx.flag(
        key,
        f"{value.key}: {value.text!r} {problem}; ingress-nginx ignored the value and used {default}, and so does "
        "the output: fix or remove it",
        code=code,
        value=value,
    )


def refused(ctx: Context, key: Key, value: Value, problem: str, code: Code) -> None:
    ctx.flag(
        key,
        f"{value.key}: {value.text!r} {problem}; with annotation validation on (the controller default since "
        "v1.9, --enable-annotation-validation) ingress-nginx refused to load this whole Ingress, so it was not "
        "being served; the output converts its routing without this annotation: fix the value before cutting over",
        code=code,
        value=value,
    )
