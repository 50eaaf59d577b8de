"""Values as ingress-nginx's annotation parsers read them (internal/ingress/annotations/parser).

The controller is written in Go: booleans are `strconv.ParseBool`, integers `strconv.Atoi`, address lists
`net.ParseCIDRs` (internal/net), sizes are nginx sizes. Python's own parsers are more lenient (they strip
whitespace, accept `_` in numbers, Unicode digits, `yes`), so each is reimplemented here to accept exactly
what the controller accepted and nothing more.
"""

from __future__ import annotations

import ipaddress
import re

_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_INT64 = (-(2**63), 2**63 - 1)
# nginx sizes (ngx_parse_size): digits and an optional unit k/K, m/M, g/G; ingress-nginx's SizeRegex also
# lets `b` through, which nginx then refuses at reload.
_SIZE = re.compile(r"([0-9]+)([bkmgBKMG]?)", re.ASCII)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
DEFAULT_BODY_SIZE = 1024**2  # client_max_body_size 1m (config.go ProxyBodySize)


def go_bool(text: str) -> bool | None:
    """Go's strconv.ParseBool: exactly these spellings, no surrounding whitespace."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def go_int(text: str) -> int | None:
    """Go's strconv.Atoi on a 64-bit platform: an optional sign and ASCII digits, nothing else."""
    if not _INT.fullmatch(text):
        return None
    value = int(text)
    return value if _INT64[0] <= value <= _INT64[1] else None


def nginx_size(text: str) -> int | None:
    """An nginx size in bytes (`512`, `8k`, `10m`, `1g`); None when nginx would not read it."""
    found = _SIZE.fullmatch(text.strip())
    if found is None or found.group(2).lower() == "b":
        return None
    return int(found.group(1)) * _UNITS[found.group(2).lower()]


def human_size(size: int) -> str:
    """Bytes written the way nginx sizes are usually written: the largest exact unit."""
    for unit, factor in (("g", 1024**3), ("m", 1024**2), ("k", 1024)):
        if size and size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def cidrs(text: str) -> list[str] | None:
    """ingress-nginx's net.ParseCIDRs: comma-separated IPs or CIDRs, each trimmed; None if any is invalid.

    An empty value is an empty list. Host bits may be set (`10.0.0.1/8`), as Go's ParseCIDR allows; IPv6
    zones are refused, as Go's ParseIP refuses them."""
    if text == "":
        return []
    found: list[str] = []
    for item in text.split(","):
        entry = item.strip()
        if "%" in entry or not entry:
            return None
        try:
            network = ipaddress.ip_network(entry, strict=False) if "/" in entry else ipaddress.ip_address(entry)
        except ValueError:
            return None
        found.append(str(network))
    return found


def dns_label(text: str) -> bool:
    """A DNS-1035 label, what ValidateServiceName asks of a Service name."""
    return len(text) <= 63 and re.fullmatch(r"[a-z]([-a-z0-9]*[a-z0-9])?", text, re.ASCII) is not None


def first_line(text: str, limit: int = 60) -> str:
    """The first non-empty line of a multi-line value, trimmed and cut to `limit` characters."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
