"""Leaf checks for `migrate.schema`: Go RE2 patterns, string and integer formats, ObjectMeta, value display.

Everything here is a pure function of one value. The walk over a CRD schema lives in `migrate.schema`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import ipaddress
import json
import re
from datetime import date
from typing import Any

Problem = tuple[str, str]
"""(field path, kubectl-style message)"""

# --- Go RE2 patterns -----------------------------------------------------------------------------------------

# POSIX classes RE2 accepts inside brackets; Python's `re` has none of them.
_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_MULTILINE = re.compile(r"\(\?[a-zA-Z]*m")


def _translate_re2(pattern: str) -> str:
    """Rewrite the RE2 spellings that Python's `re` reads differently.

    The apiserver matches `pattern` with Go's regexp (RE2 syntax, `MatchString`, i.e. unanchored search).
    Differences handled: `$` is end of text in RE2 but also "before a final newline" in Python; `\\z`;
    `\\x{...}`; `\\Q...\\E`; `(?<name>`; POSIX `[[:alpha:]]` classes; and `[`, `&`, `~`, `|` inside a class,
    which Python may read as set operations.
    """
    out: list[str] = []
    multiline = bool(_MULTILINE.search(pattern))
    i, n = 0, len(pattern)
    class_start = -1  # index just after the opening `[` (and `^`) of the current class, -1 outside one
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                stop = n if end < 0 else end
                out.append(re.escape(pattern[i + 2 : stop]))
                i = n if end < 0 else end + 2
                continue
            if nxt == "x" and pattern.startswith("{", i + 2) and "}" in pattern[i:]:
                close = pattern.index("}", i)
                out.append(f"\\U{int(pattern[i + 3 : close], 16):08x}")
                i = close + 1
                continue
            out.append("\\Z" if nxt == "z" and class_start < 0 else pattern[i : i + 2])
            i += 2
            continue
        if class_start >= 0:
            if c == "]" and i > class_start:
                class_start = -1
                out.append(c)
            elif c == "[" and pattern.startswith("[:", i) and ":]" in pattern[i:]:
                close = pattern.index(":]", i)
                out.append(_POSIX.get(pattern[i + 2 : close], re.escape(pattern[i : close + 2])))
                i = close + 2
                continue
            else:
                out.append("\\" + c if c in "[&~|" else c)
        elif c == "[":
            class_start = i + 2 if pattern.startswith("^", i + 1) else i + 1
            out.append(pattern[i:class_start])
            i = class_start
            continue
        elif c == "$" and not multiline:
            out.append("\\Z")
        elif c == "(" and pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def go_regex(pattern: str) -> re.Pattern[str]:
    """Compile an OpenAPI `pattern` with RE2 meaning; `\\d`, `\\w`, `\\s`, `\\b` are ASCII-only in RE2."""
    return re.compile(_translate_re2(pattern), re.ASCII)


# --- formats -------------------------------------------------------------------------------------------------

INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$")


def _parses_as_ip(value: str) -> bool:
    # Go's net.ParseIP: no zone ("%eth0"), no leading zeros in IPv4 (Python refuses those too).
    if "%" in value:
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_cidr(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return "/" in value


def _is_date_time(value: str) -> bool:
    if not _DATE_TIME.match(value) or not _is_date(value[:10]):
        return False
    seconds = int(value[17:19]) if value[16:17] == ":" else 0
    return int(value[11:13]) < 24 and int(value[14:16]) < 60 and seconds <= 60  # 60: leap second


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(_DATE.match(value))


def _is_hostname(value: str) -> bool:
    # Close to kube-openapi's IsHostname for ASCII names (it also admits Unicode letters and symbols).
    return 0 < len(value) <= 255 and all(_HOST_LABEL.match(label) for label in value.removesuffix(".").split("."))


def _is_byte(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


# Only formats the apiserver checks on strings (apiextensions' supported list); others are ignored there too.
_STRING_FORMATS = {
    # kube-openapi strfmt: any IP that parses, told apart only by containing "." or ":".
    "ipv4": lambda v: _parses_as_ip(v) and "." in v,
    "ipv6": lambda v: _parses_as_ip(v) and ":" in v,
    "cidr": _is_cidr,
    "date-time": _is_date_time,
    "datetime": _is_date_time,
    "date": _is_date,
    "uuid": lambda v: bool(_UUID.match(v)),
    "hostname": _is_hostname,
    "byte": _is_byte,
}


def string_format_ok(fmt: str, value: str) -> bool:
    check = _STRING_FORMATS.get(fmt)
    return check is None or bool(check(value))


# --- ObjectMeta ----------------------------------------------------------------------------------------------

_OBJECT_META_FIELDS = frozenset(
    {
        "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
        "finalizers", "managedFields", "selfLink",
    }
)  # fmt: skip
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
_NAME_PART = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\Z")
_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
MAX_ANNOTATIONS_BYTES = 256 * 1024


def dns_subdomain_problem(value: str) -> str | None:
    if len(value) > 253:
        return "must be no more than 253 characters"
    return None if _DNS_SUBDOMAIN.match(value) else _SUBDOMAIN_MSG


def _qualified_name_problem(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash and not prefix:
        return "prefix part must be non-empty"
    if "/" in prefix:
        return "a qualified name must be a name part optionally prefixed by a DNS subdomain and '/'"
    if prefix and (problem := dns_subdomain_problem(prefix)):
        return f"prefix part {problem}"
    if not name:
        return "name part must be non-empty"
    if len(name) > 63:
        return "name part must be no more than 63 characters"
    return None if _NAME_PART.match(name) else _NAME_PART_MSG


def _label_value_problem(value: str) -> str | None:
    if len(value) > 63:
        return "must be no more than 63 characters"
    if value and not _NAME_PART.match(value):
        return "a valid label must be an empty string or " + _NAME_PART_MSG.removeprefix("name part ")
    return None


def _string_map_problems(value: Any, path: str, annotations: bool) -> list[Problem]:
    if not isinstance(value, dict):
        return [(path, f"Invalid value: {show(value)}: must be of type object")]
    problems: list[Problem] = []
    for key, item in value.items():
        # The apiserver lower-cases annotation keys before checking them; label keys are checked as they are.
        if problem := _qualified_name_problem(key.lower() if annotations else key):
            problems.append((path, f"Invalid value: {show(key)}: {problem}"))
        if not isinstance(item, str):
            problems.append((f"{path}[{key}]", f"Invalid value: {show(item)}: must be of type string"))
        elif not annotations and (problem := _label_value_problem(item)):
            problems.append((f"{path}[{key}]", f"Invalid value: {show(item)}: {problem}"))
    if annotations:
        size = sum(len(k.encode()) + len(v.encode()) for k, v in value.items() if isinstance(v, str))
        if size > MAX_ANNOTATIONS_BYTES:
            problems.append((path, f"Too long: may not be more than {MAX_ANNOTATIONS_BYTES} bytes"))
    return problems


def _name_problem(meta: dict[str, Any]) -> Problem | None:
    name, generate = meta.get("name"), meta.get("generateName")
    if not name and not generate:
        return ("metadata.name", "Required value: name or generateName is required")
    field, value = ("name", name) if name else ("generateName", generate)
    if not isinstance(value, str):
        return (f"metadata.{field}", f"Invalid value: {show(value)}: must be of type string")
    # A generateName is a prefix: the apiserver masks one trailing '-' before checking it.
    checked = value[:-1] + "a" if field == "generateName" and value.endswith("-") else value
    problem = dns_subdomain_problem(checked)
    return (f"metadata.{field}", f"Invalid value: {show(value)}: {problem}") if problem else None


def object_meta_problems(meta: Any) -> list[Problem]:
    """What the apiserver's ObjectMeta validation rejects in a custom resource's `metadata` on create."""
    if not isinstance(meta, dict):
        if meta is None:
            return [("metadata.name", "Required value: name or generateName is required")]
        return [("metadata", f"Invalid value: {show(meta)}: must be of type object")]
    problems = [(f"metadata.{key}", f'unknown field "{key}"') for key in meta if key not in _OBJECT_META_FIELDS]
    if name_problem := _name_problem(meta):
        problems.append(name_problem)
    namespace = meta.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        problems.append(("metadata.namespace", f"Invalid value: {show(namespace)}: must be of type string"))
    elif namespace and (len(namespace) > 63 or not _DNS_LABEL.match(namespace)):
        problems.append(("metadata.namespace", f"Invalid value: {show(namespace)}: {_LABEL_MSG}"))
    for field in ("labels", "annotations"):
        if meta.get(field) is not None:
            problems.extend(_string_map_problems(meta[field], f"metadata.{field}", field == "annotations"))
    return problems


# --- values --------------------------------------------------------------------------------------------------


def canonical(value: Any) -> str:
    """A text that is equal for equal JSON values: `true` differs from `1`, `1.0` equals `1`."""
    return json.dumps(_integral_floats(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _integral_floats(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    return value


def show(value: Any, limit: int = 120) -> str:
    """A value as kubectl prints it in a message: JSON, cut short when long."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
