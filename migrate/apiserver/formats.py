"""String formats as the kube-apiserver checks them in a CRD schema, and Go's IP parsing they rely on.

Only the formats in apiextensions' supported list are checked (`validation/formats.go`); the apiserver
drops every other `format` from a CRD schema, and so do we. Formats apply to strings only: `int32` and
`int64` on an integer are documentation there, not a range check. Each check mirrors kube-openapi's
`strfmt` default registry.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable
from datetime import date

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# --- Go's net.ParseIP / ParseCIDR in Kubernetes' "sloppy" form (k8s.io/utils/net) -----------------------


def _ipv4_sloppy(text: str) -> ipaddress.IPv4Address | None:
    # Go 1.16 rules, kept by Kubernetes for compatibility: four decimal fields, leading zeros allowed
    # (and read as decimal: "010" is 10, not 8).
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    values = [int(p) for p in parts]
    if any(v > 255 for v in values):
        return None
    return ipaddress.IPv4Address(".".join(map(str, values)))


def parse_ip_sloppy(text: str) -> IPAddress | None:
    """An IP address the way Kubernetes' legacy parser reads it, or None. No zones (`%eth0`)."""
    if ":" not in text:
        return _ipv4_sloppy(text)
    if "%" in text or not text.isascii():
        return None
    head, dot, _ = text.rpartition(":")
    tail = text[len(head) + 1 :]
    if "." in tail:  # an embedded IPv4 in the last 32 bits, also read sloppily
        embedded = _ipv4_sloppy(tail)
        if embedded is None:
            return None
        text = f"{head}{dot}{embedded}"
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        return None


def parse_cidr_sloppy(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    address, slash, prefix = text.partition("/")
    ip = parse_ip_sloppy(address)
    if not slash or ip is None or not (prefix.isascii() and prefix.isdigit()):
        return None
    if int(prefix) > ip.max_prefixlen:
        return None
    return ipaddress.ip_network(f"{ip}/{int(prefix)}", strict=False)


def parse_ip_strict(text: str) -> IPAddress | None:
    """Go's `netip.ParseAddr` as Kubernetes' CEL `ip()` / `isIP()` use it: no leading zeros, no zone,
    no IPv4-mapped IPv6 address."""
    if "%" in text:
        return None
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return None
    return ip


# --- strfmt checks -----------------------------------------------------------------------------------------

_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_UUID_N = {
    n: re.compile(rf"^[0-9a-f]{{8}}-[0-9a-f]{{4}}-{n}[0-9a-f]{{3}}-{variant}[0-9a-f]{{3}}-[0-9a-f]{{12}}$", re.I)
    for n, variant in (("3", "[0-9a-f]"), ("4", "[89ab]"), ("5", "[89ab]"))
}
# kube-openapi's rxHostname, with \p{L} and \p{S} read as "any non-ASCII character".
_HOSTNAME = re.compile(
    r"^([a-zA-Z0-9\u0080-\U0010ffff]((-?[a-zA-Z0-9\u0080-\U0010ffff]{0,62})?)|"
    r"([a-zA-Z0-9\u0080-\U0010ffff](([a-zA-Z0-9\u0080-\U0010ffff-]{0,61}[a-zA-Z0-9\u0080-\U0010ffff])?)(\.)){1,}"
    r"([a-zA-Z\u0080-\U0010ffff]){2,63})$"
)
_EMAIL = re.compile(r"^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_MAC = re.compile(
    r"^(?:[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}(?:(?:\1[0-9A-Fa-f]{2}){2}|(?:\1[0-9A-Fa-f]{2}){14})?"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?:(?:\.[0-9A-Fa-f]{4})|(?:\.[0-9A-Fa-f]{4}){7})?)$"
)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-zµ]+)")
_DURATION_UNITS = frozenset({
    "ns", "us", "µs", "ms", "s", "m", "h", "d", "w", "sec", "secs", "second", "seconds", "min", "mins", "minute",
    "minutes", "hr", "hrs", "hour", "hours", "day", "days", "wk", "wks", "week", "weeks",
})  # fmt: skip
_HEXCOLOR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGBCOLOR = re.compile(
    r"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,"
    r"\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$"
)
_SSN = re.compile(r"^\d{3}[- ]?\d{2}[- ]?\d{4}$")
_BSON = re.compile(r"^[0-9a-fA-F]{24}$")


def is_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: str) -> bool:
    match = _DATE_TIME.match(value)
    if not match or not is_date(value[:10]):
        return False
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    return hour < 24 and minute < 60 and second <= 60  # 60: a leap second


def _is_uri(value: str) -> bool:
    # Go's url.ParseRequestURI: an absolute URI or an absolute path, no control characters, valid escapes.
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value) or _BAD_ESCAPE.search(value):
        return False
    return bool(_URI_SCHEME.match(value)) or value.startswith("/")


def _is_email(value: str) -> bool:
    # Go's mail.ParseAddress accepts `Name <user@host>` as well as a bare address.
    return bool(_EMAIL.match(value))


def _is_duration(value: str) -> bool:
    # strfmt.ParseDuration: Go durations ("1h30m") or "<number> <unit>" with long unit names ("3 days").
    if re.fullmatch(r"[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+|0", value):
        return True
    parts = _DURATION_PART.findall(value)
    return bool(parts) and all(unit in _DURATION_UNITS for _, unit in parts)


def _is_byte(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _isbn10(value: str) -> bool:
    digits = value.replace("-", "").replace(" ", "")
    if not re.fullmatch(r"\d{9}[\dX]", digits):
        return False
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13(value: str) -> bool:
    digits = value.replace("-", "").replace(" ", "")
    if not re.fullmatch(r"\d{13}", digits):
        return False
    return sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits)) % 10 == 0


def _luhn(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value)
    if not re.fullmatch(r"\d{12,19}", digits):
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_ipv4(value: str) -> bool:
    return parse_ip_sloppy(value) is not None and "." in value


def _is_ipv6(value: str) -> bool:
    return parse_ip_sloppy(value) is not None and ":" in value


STRING_FORMATS: dict[str, Callable[[str], bool]] = {
    "bsonobjectid": lambda v: bool(_BSON.match(v)),
    "uri": _is_uri,
    "email": _is_email,
    "hostname": lambda v: len(v) <= 255 and bool(_HOSTNAME.match(v)),
    "ipv4": _is_ipv4,
    "ipv6": _is_ipv6,
    "cidr": lambda v: parse_cidr_sloppy(v) is not None,
    "mac": lambda v: bool(_MAC.match(v)),
    "uuid": lambda v: bool(_UUID.match(v)),
    "uuid3": lambda v: bool(_UUID_N["3"].match(v)),
    "uuid4": lambda v: bool(_UUID_N["4"].match(v)),
    "uuid5": lambda v: bool(_UUID_N["5"].match(v)),
    "isbn": lambda v: _isbn10(v) or _isbn13(v),
    "isbn10": _isbn10,
    "isbn13": _isbn13,
    "creditcard": _luhn,
    "ssn": lambda v: bool(_SSN.match(v)),
    "hexcolor": lambda v: bool(_HEXCOLOR.match(v)),
    "rgbcolor": lambda v: bool(_RGBCOLOR.match(v)),
    "byte": _is_byte,
    "password": lambda v: True,
    "date": is_date,
    "duration": _is_duration,
    "datetime": is_date_time,
    "date-time": is_date_time,
}


def format_check(fmt: str | None) -> Callable[[str], bool] | None:
    """The check for a schema's `format`, or None when the apiserver does not check that format."""
    return STRING_FORMATS.get(fmt) if fmt else None
