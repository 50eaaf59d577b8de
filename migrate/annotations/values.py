"""Annotation values as the routing families read them, after ingress-nginx's validators passed them.

The dispatcher (`migrate.annotations.validators`) has already reported every value a validator refused and
taken it out of `ctx.values`, so a family reads only what the controller applied. What is left here: where
a translated annotation is written (for findings raised after the annotation stage), the Go readings of the
values, and the checks some parsers make after their validator (a redirect code out of range).
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Key, Value
from migrate.annotations.parsing import go_bool, go_int
from migrate.findings import Code
from migrate.intents import Written

# An HTTP header name (RFC 9110 token), as Gateway API header matches and modifiers accept it.
HTTP_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$")


def remember(ctx: Context, value: Value) -> None:
    """Keep where a translated annotation is written, for findings raised after the annotation stage."""
    ctx.intents.written[value.name] = Written(value.key, value.text, value.pos)


def text(value: Value) -> str:
    """A string value as the parsers read it (parser.normalizeString: every line trimmed)."""
    return "\n".join(line.strip() for line in value.text.split("\n")).strip()


def boolean(ctx: Context, key: Key, default: bool) -> bool:
    """A boolean annotation (its validator has passed it, so Go's ParseBool reads it)."""
    value = ctx.get(key.name)
    parsed = go_bool(value.text) if value is not None else None
    if value is None or parsed is None:
        return default
    remember(ctx, value)
    return parsed


def integer(value: Value) -> int | None:
    return go_int(text(value))


def fallback(ctx: Context, key: Key, value: Value, problem: str, default: str, code: Code | None = None) -> None:
    """A value the parser, after its validator, replaced by its default."""
    ctx.flag(
        key,
        f"{value.key}: {value.text!r} {problem}; ingress-nginx ignored the value and used {default}, and so does "
        "the output: fix or remove it",
        code=code,
        value=value,
    )
