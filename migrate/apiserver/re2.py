"""Go regular expressions (RE2 syntax) compiled with Python's `re`, keeping Go's meaning.

The kube-apiserver checks an OpenAPI `pattern` with Go's `regexp.MatchString` (an unanchored search) and
CEL's `matches()` with the same engine. Python's `re` reads several RE2 spellings differently; the
translation below rewrites each of them into an explicit Python form:

- `$` is the end of the text in RE2 (Python's `$` also matches before a final newline); `^`/`$` under
  the `m` flag are line anchors; `.` under the `s` flag also matches a newline; `\\z` is the end of text.
- `\\d`, `\\w`, `\\s`, `\\b` and the POSIX classes `[[:alpha:]]` are ASCII-only in RE2 (`\\s` without
  `\\v`); case folding under `(?i)` stays Unicode, as in RE2.
- `\\x{10FFFF}`, octal `\\123`, `\\Q...\\E`, `(?<name>...)`, `{,n}` (a literal in RE2).
- Flags set in the middle of a group (`a(?i)b`, an error in Python 3.11) and the ungreedy flag `U`.
- `\\pL` / `\\p{Lu}` Unicode general categories (scripts such as `\\p{Greek}` raise `UnsupportedPattern`).

Patterns Go itself rejects (backreferences, lookaround) are not a concern: the apiserver refuses a CRD
that holds one.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
import warnings

_MAX = sys.maxunicode
Ranges = list[tuple[int, int]]

# RE2's Perl and POSIX classes, all ASCII (regexp/syntax perl_groups.go).
_PERL: dict[str, Ranges] = {
    "d": [(0x30, 0x39)],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX: dict[str, Ranges] = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)],
    "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": _PERL["w"],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_SIMPLE_ESCAPES = {"a": 0x07, "f": 0x0C, "t": 0x09, "n": 0x0A, "r": 0x0D, "v": 0x0B}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_FLAGS = re.compile(r"\(\?([imsU]*)(?:-([imsU]*))?([:)])")
_WORD = "[0-9A-Za-z_]"


class UnsupportedPattern(ValueError):
    """A valid RE2 pattern that this translation cannot express in Python."""


def _complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for low, high in sorted(ranges):
        if low > start:
            out.append((start, low - 1))
        start = max(start, high + 1)
    if start <= _MAX:
        out.append((start, _MAX))
    return out


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_body(ranges: Ranges) -> str:
    return "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)


@functools.lru_cache(maxsize=64)
def _category(name: str) -> Ranges:
    """Code point ranges of a Unicode general category (`L`, `Lu`, `N`...), computed once."""
    if not re.fullmatch(r"[A-Z][a-z]?", name):
        raise UnsupportedPattern(f"\\p{{{name}}}: only Unicode general categories are supported")
    ranges: Ranges = []
    for code in range(_MAX + 1):
        if unicodedata.category(chr(code)).startswith(name):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    if not ranges:
        raise UnsupportedPattern(f"\\p{{{name}}} is not a Unicode general category")
    return ranges


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.i = 0
        self.out: list[str] = []
        # One entry per open group: the flags when it opened and the closing parentheses owed to
        # `(?i)`-style changes inside it. RE2 applies such a change to the rest of the group, across `|`.
        self.stack: list[tuple[frozenset[str], int, frozenset[str]]] = []
        self.flags: frozenset[str] = frozenset()
        self.base: frozenset[str] = frozenset()
        self.owed = 0

    def run(self) -> str:
        while self.i < len(self.src):
            self._atom()
        if self.stack:
            raise UnsupportedPattern("missing closing )")
        self.out.append(")" * self.owed)
        return "".join(self.out)

    def _atom(self) -> None:
        src, c = self.src, self.src[self.i]
        if c == "\\":
            self._escape(in_class=False)
        elif c == "[":
            self._class()
        elif c == "(":
            self._open()
        elif c == ")":
            if not self.stack:
                raise UnsupportedPattern("unexpected )")
            self.out.append(")" * self.owed + ")")
            self.flags, self.owed, self.base = self.stack.pop()
            self.i += 1
        elif c == "|":
            # Close the case groups of this alternative and reopen them for the next one.
            reopen = ("i" in self.flags) != ("i" in self.base)
            self.out.append(")" * self.owed + "|" + (self._case_group(self.flags) if reopen else ""))
            self.owed = int(reopen)
            self.i += 1
        elif c == "^":
            self.out.append(r"(?:\A|(?<=\n))" if "m" in self.flags else r"\A")
            self.i += 1
        elif c == "$":
            self.out.append(r"(?:\Z|(?=\n))" if "m" in self.flags else r"\Z")
            self.i += 1
        elif c == ".":
            self.out.append(r"(?s:.)" if "s" in self.flags else r"[^\n]")
            self.i += 1
        elif c in "*+?":
            self.i += 1
            self._quantifier(c)
        elif c == "{" and (repeat := _REPEAT.match(src, self.i)):
            self.i = repeat.end()
            self._quantifier(repeat.group())
        elif c == "{":
            self.out.append(r"\{")  # RE2 reads `{,3}` or a lone `{` as a literal
            self.i += 1
        else:
            self.out.append(re.escape(c))
            self.i += 1

    def _quantifier(self, text: str) -> None:
        lazy = self.src.startswith("?", self.i)
        if lazy:
            self.i += 1
        if "U" in self.flags:  # ungreedy: `*` is lazy and `*?` greedy
            lazy = not lazy
        self.out.append(text + ("?" if lazy else ""))

    def _open(self) -> None:
        src, i = self.src, self.i
        flags = _FLAGS.match(src, i)
        if flags:
            on, off, end = set(flags.group(1)), set(flags.group(2) or ""), flags.group(3)
            new = frozenset((self.flags | on) - off)
            self.i = flags.end()
            if end == ":":
                self.stack.append((self.flags, self.owed, self.base))
                self.out.append(self._case_group(new) if self._case_change(new) else "(?:")
                self.owed, self.base = 0, new
            elif self._case_change(new):
                self.out.append(self._case_group(new))
                self.owed += 1
            self.flags = new
            return
        self.stack.append((self.flags, self.owed, self.base))
        self.owed, self.base = 0, self.flags
        for spelling in ("(?P<", "(?<"):
            if src.startswith(spelling, i):
                close = src.find(">", i)
                self.out.append(f"(?P<{src[i + len(spelling) : close]}>")
                self.i = close + 1
                return
        if src.startswith("(?", i):
            raise UnsupportedPattern(f"group syntax {src[i : i + 4]!r} is not RE2")
        self.out.append("(")
        self.i += 1

    def _case_change(self, new: frozenset[str]) -> bool:
        return ("i" in new) != ("i" in self.flags)

    @staticmethod
    def _case_group(new: frozenset[str]) -> str:
        return "(?i:" if "i" in new else "(?-i:"

    def _escape(self, in_class: bool) -> None:
        """An escape outside a class (emits a whole atom) or inside one (emits class items)."""
        src, i = self.src, self.i
        if i + 1 >= len(src):
            raise UnsupportedPattern("trailing backslash")
        c = src[i + 1]
        self.i = i + 2
        if c == "Q":
            end = src.find("\\E", self.i)
            literal = src[self.i : len(src) if end < 0 else end]
            self.i = len(src) if end < 0 else end + 2
            self.out.append("".join(_char(ord(ch)) for ch in literal) if in_class else re.escape(literal))
        elif c in "dswDSW":
            ranges = _PERL[c.lower()]
            ranges = _complement(ranges) if c.isupper() else ranges
            self.out.append(_class_body(ranges) if in_class else f"[{_class_body(ranges)}]")
        elif c in "pP":
            self._unicode_class(c == "P", in_class)
        elif c in "bB" and not in_class:
            boundary = f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))"
            self.out.append(boundary if c == "b" else f"(?!{boundary})")
        elif c == "A" and not in_class:
            self.out.append(r"\A")
        elif c == "z" and not in_class:
            self.out.append(r"\Z")
        elif c == "x":
            self.out.append(_char(self._hex()))
        elif c in "01234567":
            self.out.append(_char(self._octal(c)))
        elif c in _SIMPLE_ESCAPES:
            self.out.append(_char(_SIMPLE_ESCAPES[c]))
        elif not c.isalnum():
            self.out.append(_char(ord(c)))
        else:
            raise UnsupportedPattern(f"escape \\{c} is not supported")

    def _hex(self) -> int:
        src, i = self.src, self.i
        if src.startswith("{", i):
            close = src.index("}", i)
            self.i = close + 1
            return int(src[i + 1 : close], 16)
        self.i = i + 2
        return int(src[i : i + 2], 16)

    def _octal(self, first: str) -> int:
        digits = first
        while len(digits) < 3 and self.i < len(self.src) and self.src[self.i] in "01234567":
            digits += self.src[self.i]
            self.i += 1
        if first != "0" and len(digits) == 1:
            raise UnsupportedPattern(f"backreference \\{first} is not RE2")
        return int(digits, 8)

    def _unicode_class(self, negated: bool, in_class: bool) -> None:
        src, i = self.src, self.i
        if src.startswith("{", i):
            close = src.index("}", i)
            name, self.i = src[i + 1 : close], close + 1
        else:
            name, self.i = src[i], i + 1
        if name.startswith("^"):
            name, negated = name[1:], not negated
        ranges = _category(name)
        ranges = _complement(ranges) if negated else ranges
        self.out.append(_class_body(ranges) if in_class else f"[{_class_body(ranges)}]")

    def _class(self) -> None:
        src = self.src
        self.i += 1
        negated = src.startswith("^", self.i)
        self.i += negated
        self.out.append("[^" if negated else "[")
        first = True
        while self.i < len(src):
            c = src[self.i]
            if c == "]" and not first:
                self.i += 1
                self.out.append("]")
                return
            first = False
            if c == "[" and (posix := re.match(r"\[:(\^?)([a-z]+):\]", src[self.i :])):
                ranges = _POSIX.get(posix.group(2))
                if ranges is None:
                    raise UnsupportedPattern(f"unknown POSIX class {posix.group()}")
                self.out.append(_class_body(_complement(ranges) if posix.group(1) else ranges))
                self.i += posix.end()
            elif c == "\\":
                self._escape(in_class=True)
            elif c == "-":
                self.out.append("-")
                self.i += 1
            else:
                self.out.append(_char(ord(c)))
                self.i += 1
        raise UnsupportedPattern("missing closing ]")


def translate(pattern: str) -> str:
    """The Python spelling of an RE2 pattern; raises `UnsupportedPattern`."""
    try:
        return _Translator(pattern).run()
    except (IndexError, ValueError) as exc:
        if isinstance(exc, UnsupportedPattern):
            raise
        raise UnsupportedPattern(f"cannot read the pattern: {exc}") from exc


@functools.lru_cache(maxsize=4096)
def compile_go(pattern: str) -> re.Pattern[str]:
    """Compile an RE2 pattern; use `.search()` for Go's `MatchString`. Raises `UnsupportedPattern`."""
    translated = translate(pattern)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set" FutureWarnings: every member is escaped
            return re.compile(translated)
    except re.error as exc:
        raise UnsupportedPattern(f"invalid pattern: {exc}") from exc
