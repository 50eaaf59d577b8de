"""ingress-nginx's regexes (PCRE, searched) as Gateway API RegularExpression values.

nginx tries `location ~* "^<path>"` as a case-insensitive PCRE search. Gateway API leaves the dialect and the
anchoring to the implementation: Envoy-based ones need an RE2 expression that matches the whole path,
NGINX-based ones search with PCRE. `location_value` writes a value that means the same under both: `(?i)`
for the case, `^` kept, and `.*` after the path so that a full match accepts any rest. Alternatives at the top
level are rewritten because PCRE binds `^` to the first one only (`^/a|/b` finds `/b` anywhere).

`re2_problems` names PCRE constructs RE2 does not have (lookaround, backreferences, atomic groups, possessive
quantifiers, ...): a Gateway implementation built on RE2 rejects such a route.
"""

from __future__ import annotations

import re

from migrate.nginx.regex import literal_scan

# (pattern over the raw regex, what it is); checked outside character classes and escapes.
_PCRE_ONLY = (
    (re.compile(r"\(\?[=!]"), "a lookahead"),
    (re.compile(r"\(\?<[=!]"), "a lookbehind"),
    (re.compile(r"\(\?>"), "an atomic group"),
    (re.compile(r"\(\?\|"), "a branch reset group"),
    (re.compile(r"\(\?\("), "a conditional"),
    (re.compile(r"\(\?(R|[+-]?[0-9]+|&\w+|P>\w+)\)"), "a recursion"),
    (re.compile(r"\(\*[A-Z]"), "a backtracking verb"),
    (re.compile(r"(?<![\\(])[*+?}]\+"), "a possessive quantifier"),
)
_PCRE_ESCAPES = {
    "1": "a backreference",
    "2": "a backreference",
    "3": "a backreference",
    "4": "a backreference",
    "5": "a backreference",
    "6": "a backreference",
    "7": "a backreference",
    "8": "a backreference",
    "9": "a backreference",
    "g": "a backreference",
    "k": "a named backreference",
    "K": "a match reset (\\K)",
    "G": "a \\G anchor",
    "R": "a \\R newline class",
    "X": "a \\X grapheme",
    "h": "a \\h class",
    "H": "a \\H class",
    "V": "a \\V class",
    "Z": "a \\Z anchor",
}


def _outside_classes(pattern: str) -> str:
    """The pattern with character classes and escaped punctuation blanked out (same length); escaped letters
    and digits stay, as they name classes, anchors and backreferences."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            following = pattern[index + 1]
            out.append(char + following if following.isalnum() and not in_class else "  ")
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(" ")
        elif char == "[":
            in_class = True
            out.append(" ")
            if pattern[index + 1 : index + 2] == "]":  # a leading ] is a literal
                out.append(" ")
                index += 1
        else:
            out.append(char)
        index += 1
    return "".join(out)


def re2_problems(pattern: str) -> list[str]:
    """PCRE constructs in `pattern` that RE2 does not support, by name."""
    text = _outside_classes(pattern)
    found = [what for check, what in _PCRE_ONLY if check.search(text)]
    for index, char in enumerate(text[:-1]):
        if char == "\\" and text[index + 1] in _PCRE_ESCAPES:
            found.append(_PCRE_ESCAPES[text[index + 1]])
    return list(dict.fromkeys(found))


def python_problem(pattern: str) -> str | None:
    """Why the pattern is not a regular expression at all (Python's `re` standing in for PCRE), or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None


def top_level_alternatives(pattern: str) -> list[str]:
    text = _outside_classes(pattern)
    parts: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def location_value(pattern: str) -> str:
    """The RegularExpression value for nginx's `~* "^<pattern>"`."""
    first, *others = top_level_alternatives(pattern)
    branches = [f"^{first}{_rest(first)}"] + [f"^.*(?:{other}){_rest('')}" for other in others]
    return "(?i)" + "|".join(branches)


def _rest(branch: str) -> str:
    """`.*` unless the branch already ends by consuming or anchoring the rest."""
    text = _outside_classes(branch)
    if text.endswith((".*", ".*)", ".*$", ".*)$", "$")):
        return ""
    return ".*"


def search_value(pattern: str) -> str:
    """A value for a PCRE pattern nginx searched for anywhere (ngx.re.match): the same under a full match."""
    return f".*(?:{pattern}).*"


def literal_prefix(pattern: str) -> str:
    """The literal text every match starts with (lower-cased: the location is case-insensitive)."""
    if len(top_level_alternatives(pattern)) > 1:
        return ""
    return "".join(literal_scan(pattern).certain).lower()


def literal_text(pattern: str) -> str | None:
    """The pattern as plain text if it has no regex syntax at all (escaped punctuation allowed), else None."""
    head = literal_scan(pattern)
    return "".join(head.pieces) if head.whole else None
