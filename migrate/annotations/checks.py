"""ingress-nginx's annotation validators, one factory per kind (internal/ingress/annotations/parser/validators.go).

A check takes the value as written and returns None when the controller's validator accepts it, else a
short clause saying what is wrong (`is not one of: on, off`). The controller compiles its patterns with
Go's RE2; the patterns here are written for Python's `re` to accept the same language, anchored with
`fullmatch` (Go's `$` never matches before a trailing newline) and, where the Go pattern nests
quantifiers, rewritten into an unambiguous equivalent so that no value makes matching slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from migrate.annotations.parsing import cidrs, dns_label, go_bool, go_int

Check = Callable[[str], "str | None"]

# The character sets of parser/validators.go, as the characters each allows.
ALNUM = r"a-zA-Z0-9\-._~/:"
BASIC = ALNUM  # BasicCharsRegex: names, namespace/name
EXTENDED = ALNUM + ", "  # ExtendedCharsRegex
WITH_SPACE = ALNUM + " "  # CharsWithSpace
URL = ALNUM + ",?&="  # URLIsValidRegex: no `$`, no `%`, no `#`
URL_WITH_VARIABLES = ALNUM + ", ?&=$"  # URLWithNginxVariableRegex
NGINX_VARIABLE = r"A-Za-z0-9\-_${}"  # NGINXVariable
HEADERS = r"A-Za-z0-9\-_, "  # HeadersVariable
PATH_WITH_CAPTURE = ALNUM + "$"  # RegexPathWithCapture (after an optional leading /)
SERVER_NAME = ALNUM + r"\^$\[\](){}*+?|&=\\"  # IsValidRegex: server names may be nginx regexes

_DESCRIBED = {
    BASIC: 'letters, digits and any of "-._~/:"',
    EXTENDED: 'letters, digits, spaces and any of "-._~/:,"',
    WITH_SPACE: 'letters, digits, spaces and any of "-._~/:"',
    URL: 'letters, digits and any of "-._~/:,?&="',
    URL_WITH_VARIABLES: 'letters, digits, spaces and any of "-._~/:,?&=$"',
    NGINX_VARIABLE: 'letters, digits and any of "-_${}"',
    HEADERS: 'letters, digits, spaces and any of "-_,"',
    PATH_WITH_CAPTURE: 'letters, digits and any of "-._~/:$"',
    SERVER_NAME: 'letters, digits and any of "-._~/:^$[](){}*+?|&=\\"',
}
_CRLF = re.compile(r"[\r\n]")


def _regex(strip_spaces: bool, test: Callable[[str], bool], expected: str) -> Check:
    """parser.ValidateRegex: optionally drop every space, then the pattern, then no CR or LF."""

    def check(value: str) -> str | None:
        text = value.replace(" ", "") if strip_spaces else value
        if not test(text):
            return f"is not {expected}"
        if _CRLF.search(text):
            return "holds a line break, which ingress-nginx refuses in this annotation"
        return None

    return check


def chars(allowed: str, strip_spaces: bool, leading_slash: bool = False) -> Check:
    """A value made only of the characters of one of the controller's character sets."""
    pattern = re.compile(("/?" if leading_slash else "") + f"[{allowed}]*", re.ASCII)
    return _regex(
        strip_spaces,
        lambda text: pattern.fullmatch(text) is not None,
        f"made only of {_DESCRIBED[allowed]}",
    )


def pattern(regex: str, strip_spaces: bool, expected: str, *, search: bool = False, flags: int = 0) -> Check:
    """A value the controller's own pattern for this annotation matches (unanchored when `search`)."""
    compiled = re.compile(regex, re.ASCII | flags)
    if search:
        return _regex(strip_spaces, lambda text: compiled.search(text) is not None, expected)
    return _regex(strip_spaces, lambda text: compiled.fullmatch(text) is not None, expected)


def options(choices: Iterable[str], case_sensitive: bool) -> Check:
    """parser.ValidateOptions: the trimmed value (lower-cased when not case-sensitive) is one of them."""
    allowed = tuple(choices)

    def check(value: str) -> str | None:
        text = value.strip() if case_sensitive else value.strip().lower()
        if text in allowed:
            return None
        spelled = "" if case_sensitive else " (in any case)"
        return f"is not one of: {', '.join(allowed)}{spelled}"

    return check


def boolean(value: str) -> str | None:
    """parser.ValidateBool (strconv.ParseBool)."""
    return None if go_bool(value) is not None else "is not a boolean (true or false, exactly, without spaces)"


def integer(value: str) -> str | None:
    """parser.ValidateInt (strconv.Atoi)."""
    return None if go_int(value) is not None else "is not a whole number (digits only, without spaces)"


def cidr_list(value: str) -> str | None:
    """parser.ValidateCIDRs (net.ParseCIDRs)."""
    return None if cidrs(value) is not None else "is not a comma-separated list of IP addresses or CIDRs"


def server_name(value: str) -> str | None:
    """parser.ValidateServerName: the trimmed value in the server-name character set."""
    found = re.fullmatch(f"[{SERVER_NAME}]*", value.strip(), re.ASCII)
    return None if found else f"is not a server name ({_DESCRIBED[SERVER_NAME]})"


def server_names(value: str) -> str | None:
    """parser.ValidateArrayOfServerName: every comma-separated item is a server name."""
    for item in value.split(","):
        problem = server_name(item)
        if problem is not None:
            return f"has an item {item.strip()!r} that {problem}"
    return None


def service_name(value: str) -> str | None:
    """parser.ValidateServiceName: a DNS-1035 label (a Service of the Ingress's namespace)."""
    return None if dns_label(value) else "is not a Service name (a DNS-1035 label: lower case, digits, -)"


# Go RE2 refuses what Python also accepts: look-arounds, backreferences, possessive or atomic groups.
_NOT_RE2 = re.compile(r"\(\?[=!<>]|\(\?P=|\\[1-9]|[*+?}]\+|\(\?>")


def common_name(value: str) -> str | None:
    """parser.CommonNameAnnotationValidator: `CN=` then a regular expression RE2 compiles."""
    if not value.startswith("CN="):
        return "does not start with CN="
    body = value[3:]
    try:
        re.compile(body)
    except re.error:
        return "is not a valid regular expression after CN="
    if _NOT_RE2.search(body):
        return "uses regular-expression syntax Go's RE2 does not support"
    return None


# -- what some parsers check after the validator passed -------------------------------------------------


def url_problem(text: str) -> str | None:
    """parser.StringToURL: a URL with a scheme and a host."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return "is not a URL"
    if not parts.scheme or not parts.netloc or ".." in parts.netloc:
        return "is not an absolute URL with a scheme and a host"
    return None


def http_scheme(text: str) -> str | None:
    """redirect.go isValidURL: the scheme starts with http."""
    return None if text.lower().startswith("http") else "is not an http or https URL"


def request_path(text: str) -> str | None:
    """app-root: Go's url.ParseRequestURI, then not an absolute URL: a path starting with `/`."""
    return None if text.startswith("/") else "is not a path starting with /"


def error_codes(text: str) -> str | None:
    """customhttperrors: strconv.Atoi on each comma-separated piece, spaces included."""
    pieces = text.split(",")
    return None if all(go_int(piece) is not None for piece in pieces) else "is not a plain list such as 404,503"


def secret_type(text: str) -> str | None:
    """auth: the secret type must then be exactly one of the two."""
    return None if text in ("auth-file", "auth-map") else "is neither auth-file nor auth-map"
