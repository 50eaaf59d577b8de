"""The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library and cel-go's strings extension) as
Python functions for the CEL engine: strings, lists, regex, URLs, IPs, CIDRs, quantities and `format`.

Values the libraries treat as opaque types (an IP, a CIDR, a URL, a quantity, a format) travel through
CEL as one-key maps tagged with a key no manifest can hold, so that they compare equal when the library's
values would. A wrong argument raises `TypeError`, which the engine reports like cel-go's "no such overload".
"""

from __future__ import annotations

import ipaddress
import itertools
import re
import urllib.parse
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from migrate.apiserver import objectmeta
from migrate.apiserver.formats import STRING_FORMATS, parse_ip_strict
from migrate.apiserver.re2 import compile_go

_TAG = "\x00"


def _opaque(kind: str, value: Any) -> dict[str, Any]:
    return {f"{_TAG}{kind}": value}


def _unwrap(value: Any, kind: str) -> Any:
    if isinstance(value, dict) and len(value) == 1 and f"{_TAG}{kind}" in value:
        return value[f"{_TAG}{kind}"]
    raise TypeError(f"no such overload: expected {kind}")


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("no such overload: expected string")
    return value


# -- strings (cel-go ext.Strings; indexes count code points) ---------------------------------------------


def _char_at(text: str, index: int) -> str:
    if not 0 <= index <= len(text):
        raise IndexError(f"index out of range: {index}")
    return text[index : index + 1]


def _index_of(target: Any, item: Any, offset: int = 0) -> int:
    if isinstance(target, list):
        return next((i for i, x in enumerate(target) if x == item), -1)
    text, sub = _string(target), _string(item)
    if not 0 <= offset <= len(text):
        raise IndexError(f"index out of range: {offset}")
    return text.find(sub, offset)


def _last_index_of(target: Any, item: Any, offset: int | None = None) -> int:
    if isinstance(target, list):
        return next((i for i in range(len(target) - 1, -1, -1) if target[i] == item), -1)
    text, sub = _string(target), _string(item)
    if offset is None:
        return text.rfind(sub)
    if not 0 <= offset <= len(text):
        raise IndexError(f"index out of range: {offset}")
    return text.rfind(sub, 0, offset + len(sub))


def _ascii_case(text: str, upper: bool) -> str:
    table = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if not upper:
        table = {v: k for k, v in table.items()}
    return _string(text).translate(table)


def _replace(text: str, old: str, new: str, count: int = -1) -> str:
    return _string(text).replace(old, new, count if count >= 0 else -1)


def _split(text: str, separator: str, limit: int = -1) -> list[str]:
    # Go's strings.SplitN: 0 parts for n == 0, all of them for n < 0, an empty separator splits characters.
    text = _string(text)
    if limit == 0:
        return []
    if separator == "":
        parts = list(text)
        return parts if limit < 0 or len(parts) <= limit else [*parts[: limit - 1], "".join(parts[limit - 1 :])]
    return text.split(separator, limit - 1 if limit > 0 else -1)


def _substring(text: str, start: int, end: int | None = None) -> str:
    text = _string(text)
    end = len(text) if end is None else end
    if not 0 <= start <= len(text) or not 0 <= end <= len(text):
        raise IndexError(f"index out of range: {start if not 0 <= start <= len(text) else end}")
    if start > end:
        raise IndexError(f"invalid substring range. start: {start}, end: {end}")
    return text[start:end]


def _join(items: list[str], separator: str = "") -> str:
    return separator.join(_string(i) for i in items)


# -- lists and regex (k8s library/lists.go, regex.go) -------------------------------------------------------


def _min_max(items: list[Any], pick: Callable[..., Any]) -> Any:
    if not items:
        raise ValueError("min called on empty list" if pick is min else "max called on empty list")
    return pick(items)


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    found = [m.group() for m in compile_go(pattern).finditer(_string(text))]
    return found if limit < 0 else found[:limit]


# -- URLs (k8s library/urls.go: Go's url.ParseRequestURI) ------------------------------------------------


def _parse_url(text: str) -> urllib.parse.SplitResult | None:
    if not isinstance(text, str) or not STRING_FORMATS["uri"](text) or " " in text.split("?", maxsplit=1)[0]:
        return None
    try:
        parts = urllib.parse.urlsplit(text)
        _ = parts.port  # a non-numeric port is an error
    except ValueError:
        return None
    return parts


def _url(text: str) -> dict[str, Any]:
    if _parse_url(text) is None:
        raise ValueError(f"URL parse error during conversion from string: {text}")
    return _opaque("url", text)


def _url_part(value: Any, part: str) -> Any:
    parts = _parse_url(_unwrap(value, "url"))
    assert parts is not None
    host = parts.netloc.rpartition("@")[2]
    if part == "scheme":
        return parts.scheme
    if part == "host":
        return host
    if part == "hostname":
        return (parts.hostname or "") if not host.startswith("[") else host[1:].partition("]")[0]
    if part == "port":
        return str(parts.port) if parts.port is not None else ""
    if part == "path":
        return parts.path
    query: dict[str, list[str]] = {}
    for key, item in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        query.setdefault(key, []).append(item)
    return query


# -- IPs and CIDRs (k8s library/ip.go, cidr.go) ------------------------------------------------------------


def _ip(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):  # cidr.ip(): the address as written, not masked
        return _opaque("ip", _unwrap(value, "cidr").split("/")[0])
    ip = parse_ip_strict(_string(value))
    if ip is None:
        raise ValueError(f"IP Address {value!r} parse error during conversion from string")
    return _opaque("ip", str(ip))


def _address(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    text = _unwrap(value, "ip") if isinstance(value, dict) else value
    ip = parse_ip_strict(_string(text))
    if ip is None:
        raise ValueError(f"IP Address {text!r} parse error during conversion from string")
    return ip


def _parse_cidr(text: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface | None:
    address, slash, prefix = text.partition("/")
    if not slash or parse_ip_strict(address) is None or not re.fullmatch(r"0|[1-9]\d*", prefix):
        return None
    try:
        return ipaddress.ip_interface(text)
    except ValueError:
        return None


def _cidr(text: str) -> dict[str, Any]:
    if _parse_cidr(_string(text)) is None:
        raise ValueError(f"network address {text!r} parse error during conversion from string")
    return _opaque("cidr", text)


def _network(value: Any) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface:
    parsed = _parse_cidr(_unwrap(value, "cidr") if isinstance(value, dict) else _string(value))
    if parsed is None:
        raise ValueError("network address parse error during conversion from string")
    return parsed


def _contains_ip(cidr: Any, ip: Any) -> bool:
    return _address(ip) in _network(cidr).network


def _contains_cidr(cidr: Any, other: Any) -> bool:
    outer, inner = _network(cidr).network, _network(other).network
    return inner.version == outer.version and inner.subnet_of(outer)  # type: ignore[arg-type]


def _is_global_unicast(value: Any) -> bool:
    ip = _address(value)
    broadcast = ip == ipaddress.IPv4Address("255.255.255.255")
    return not (ip.is_unspecified or ip.is_loopback or ip.is_multicast or ip.is_link_local or broadcast)


def _is_link_local_multicast(value: Any) -> bool:
    ip = _address(value)
    if isinstance(ip, ipaddress.IPv4Address):
        return ip in ipaddress.IPv4Network("224.0.0.0/24")
    return ip.is_multicast and (ip.packed[1] & 0x0F) == 0x02


# -- quantities (k8s resource.Quantity) --------------------------------------------------------------------

_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$")
_SUFFIXES = {
    "Ki": Fraction(2**10), "Mi": Fraction(2**20), "Gi": Fraction(2**30), "Ti": Fraction(2**40),
    "Pi": Fraction(2**50), "Ei": Fraction(2**60), "n": Fraction(1, 10**9), "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000), "k": Fraction(10**3), "M": Fraction(10**6), "G": Fraction(10**9),
    "T": Fraction(10**12), "P": Fraction(10**15), "E": Fraction(10**18), "": Fraction(1),
}  # fmt: skip


def _quantity_value(text: str) -> Fraction | None:
    match = _QUANTITY.match(text) if isinstance(text, str) else None
    if not match:
        return None
    number, suffix = Fraction(match.group(1)), match.group(2) or ""
    if suffix[:1] in ("e", "E"):
        return number * Fraction(10) ** int(suffix[1:])
    return number * _SUFFIXES[suffix]


def _quantity(text: str) -> dict[str, Any]:
    value = _quantity_value(text)
    if value is None:
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    return _opaque("quantity", f"{value.numerator}/{value.denominator}")


def _q(value: Any) -> Fraction:
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    return Fraction(_unwrap(value, "quantity"))


def _q_make(value: Fraction) -> dict[str, Any]:
    return _opaque("quantity", f"{value.numerator}/{value.denominator}")


def _as_integer(value: Any) -> int:
    q = _q(value)
    if q.denominator != 1 or not -(2**63) <= q <= 2**63 - 1:
        raise ValueError("cannot convert value to integer")
    return int(q)


# -- format (k8s library/format.go) ----------------------------------------------------------------------

_NAMED_FORMATS: dict[str, Callable[[str], list[str]]] = {
    "dns1123Label": objectmeta.dns1123_label,
    "dns1123Subdomain": objectmeta.dns1123_subdomain,
    "dns1035Label": objectmeta.dns1035_label,
    "qualifiedName": objectmeta.qualified_name,
    "dns1123LabelPrefix": lambda v: objectmeta.dns1123_label(objectmeta.mask_trailing_dash(v)),
    "dns1123SubdomainPrefix": lambda v: objectmeta.dns1123_subdomain(objectmeta.mask_trailing_dash(v)),
    "dns1035LabelPrefix": lambda v: objectmeta.dns1035_label(objectmeta.mask_trailing_dash(v)),
    "labelValue": objectmeta.label_value,
    "uri": lambda v: [] if STRING_FORMATS["uri"](v) else ["invalid URI"],
    "uuid": lambda v: [] if STRING_FORMATS["uuid"](v) else ["does not match the UUID format"],
    "byte": lambda v: [] if STRING_FORMATS["byte"](v) else ["invalid base64"],
    "date": lambda v: [] if STRING_FORMATS["date"](v) else ["invalid date"],
    "datetime": lambda v: [] if STRING_FORMATS["datetime"](v) else ["invalid datetime"],
}


def _format_validate(fmt: Any, text: str, optional: Any) -> Any:
    problems = _NAMED_FORMATS[_unwrap(fmt, "format")](_string(text))
    # An optional: none() when the string is valid (so `== null` is false, as on the apiserver).
    return optional.of(problems) if problems else optional.none()


def functions(optional: Any) -> dict[str, Callable[..., Any]]:
    """Every library function, by the name CEL calls it (member calls receive their target first).
    `optional` is the CEL package's OptionalValue type."""
    table: dict[str, Callable[..., Any]] = {
        "charAt": _char_at,
        "indexOf": _index_of,
        "lastIndexOf": _last_index_of,
        "lowerAscii": lambda s: _ascii_case(s, upper=False),
        "upperAscii": lambda s: _ascii_case(s, upper=True),
        "replace": _replace,
        "split": _split,
        "substring": _substring,
        "trim": lambda s: _string(s).strip(),
        "join": _join,
        "reverse": lambda s: _string(s)[::-1],
        "isSorted": lambda items: all(a <= b for a, b in itertools.pairwise(items)),
        "sum": lambda items: sum(items, type(items[0])() if items else 0),
        "min": lambda items: _min_max(items, min),
        "max": lambda items: _min_max(items, max),
        "find": lambda s, p: m.group() if (m := compile_go(p).search(_string(s))) else "",
        "findAll": _find_all,
        "url": _url,
        "isURL": lambda s: _parse_url(s) is not None,
        "getScheme": lambda u: _url_part(u, "scheme"),
        "getHost": lambda u: _url_part(u, "host"),
        "getHostname": lambda u: _url_part(u, "hostname"),
        "getPort": lambda u: _url_part(u, "port"),
        "getEscapedPath": lambda u: _url_part(u, "path"),
        "getQuery": lambda u: _url_part(u, "query"),
        "ip": _ip,
        "isIP": lambda s: isinstance(s, str) and parse_ip_strict(s) is not None,
        "family": lambda ip: _address(ip).version,
        "isUnspecified": lambda ip: _address(ip).is_unspecified,
        "isLoopback": lambda ip: _address(ip).is_loopback,
        "isLinkLocalMulticast": _is_link_local_multicast,
        "isLinkLocalUnicast": lambda ip: _address(ip).is_link_local and not _address(ip).is_multicast,
        "isGlobalUnicast": _is_global_unicast,
        "cidr": _cidr,
        "isCIDR": lambda s: isinstance(s, str) and _parse_cidr(s) is not None,
        "containsIP": _contains_ip,
        "containsCIDR": _contains_cidr,
        "masked": lambda c: _opaque("cidr", str(_network(c).network)),
        "prefixLength": lambda c: _network(c).network.prefixlen,
        "quantity": _quantity,
        "isQuantity": lambda s: _quantity_value(s) is not None,
        "sign": lambda q: (_q(q) > 0) - (_q(q) < 0),
        "isInteger": lambda q: _q(q).denominator == 1 and -(2**63) <= _q(q) <= 2**63 - 1,
        "asInteger": _as_integer,
        "asApproximateFloat": lambda q: float(_q(q)),
        "add": lambda a, b: _q_make(_q(a) + _q(b)),
        "sub": lambda a, b: _q_make(_q(a) - _q(b)),
        "isLessThan": lambda a, b: _q(a) < _q(b),
        "isGreaterThan": lambda a, b: _q(a) > _q(b),
        "compareTo": lambda a, b: (_q(a) > _q(b)) - (_q(a) < _q(b)),
        "named": lambda _fmt, name: optional.of(_opaque("format", name)) if name in _NAMED_FORMATS else optional.none(),
        "validate": lambda fmt, text: _format_validate(fmt, text, optional),
    }
    for name in _NAMED_FORMATS:
        table[name] = lambda _fmt, name=name: _opaque("format", name)
    return table


# `format` is the receiver of `format.dns1123Label()`; CEL sees it as a variable.
FORMAT_VARIABLE = _opaque("format-library", True)
