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
        shown = "".join(odd) if odd else "a bad %-escape"
        return f"contains characters Gateway API forbids in paths ({shown})"
    return None


def looks_like_regex(path: str) -> bool:
    return bool(_REGEX_CHARS.search(path))
