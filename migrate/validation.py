"""What Gateway API v1.6.1 accepts for hostnames, paths and names (the CRD patterns and CEL rules)."""

from __future__ import annotations

import ipaddress
import re

# gateway.networking.k8s.io Hostname (httproute_types.go / CRD pattern)
_HOSTNAME = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# HTTPPathMatch value for Exact and PathPrefix (CRD x-kubernetes-validations)
_PATH_CHARS = re.compile(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$")
_PLACEHOLDER = re.compile(r"\$\{|\$\(|<[^>]*>|\{\{|%\{|__[A-Z]|\$[A-Z_]")
_REGEX_CHARS = re.compile(r"[\^$*+?()\[\]{}|\\]")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


def name_problem(value: str, kind: str) -> str | None:
    """Why Kubernetes would reject `value` as a name of the given kind: `subdomain` (most objects),
    `label` (namespaces) or `service` (DNS-1035 labels)."""
    pattern, limit, what = {
        "subdomain": (DNS_SUBDOMAIN, 253, "a DNS-1123 subdomain (lower-case letters, digits, '-', '.')"),
        "label": (DNS_LABEL, 63, "a DNS-1123 label (lower-case letters, digits, '-')"),
        "service": (DNS_1035_LABEL, 63, "a DNS-1035 label (a lower-case letter, then letters, digits, '-')"),
    }[kind]
    if len(value) > limit:
        return f"is longer than {limit} characters"
    return None if pattern.match(value) else f"is not {what}"


def hostname_problem(host: str) -> str | None:
    """Why Gateway API would reject `host` as a hostname, or None when it is fine."""
    if _PLACEHOLDER.search(host):
        return "looks like a template placeholder; substitute the real hostname before converting"
    if len(host) > 253:
        return "is longer than 253 characters"
    if host != host.lower() and _HOSTNAME.match(host.lower()):
        return "has upper-case letters, which Kubernetes and Gateway API reject; write it in lower case"
    if not _HOSTNAME.match(host):
        if "*" in host:
            return "has a wildcard that is not a whole leading label (only `*.example.com` is allowed)"
        return "is not a valid DNS name (lower-case letters, digits, '-' and '.')"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    return "is an IP address; Gateway API hostnames must be DNS names"


def path_problem(path: str) -> str | None:
    """Why Gateway API would reject `path` in an Exact or PathPrefix match, or None."""
    if not path.startswith("/"):
        return "does not start with '/'"
    if len(path) > 1024:
        return "is longer than 1024 characters"
    for bad in ("//", "/./", "/../", "%2f", "%2F", "#"):
        if bad in path:
            return f"contains {bad!r}"
    if path.endswith(("/..", "/.")):
        return "ends with a dot segment"
    if not _PATH_CHARS.match(path):
        odd = sorted({c for c in path if not re.match(r"[-A-Za-z0-9/._~!$&'()*+,;=:@%]", c)})
        shown = ", ".join(repr(c) for c in odd) if odd else "a bad %-escape"
        return f"contains characters Gateway API forbids in paths: {shown}"
    return None


_PATH_SAFE = re.compile(r"[-A-Za-z0-9/._~!$&'()*+,;=:@]")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def encode_path(path: str) -> str:
    """The path as a client sends it: characters Gateway API paths cannot hold raw (spaces, non-ASCII,
    `#`, brackets...) percent-encoded as UTF-8. nginx matched locations against the decoded URI, so the
    encoded form matches the same requests."""
    out = []
    index = 0
    while index < len(path):
        char = path[index]
        if char == "%" and _ESCAPE.match(path, index):
            out.append(path[index : index + 3])
            index += 3
            continue
        out.append(char if _PATH_SAFE.match(char) else "".join(f"%{b:02X}" for b in char.encode("utf-8")))
        index += 1
    return "".join(out)


def looks_like_regex(path: str) -> bool:
    return bool(_REGEX_CHARS.search(path))
