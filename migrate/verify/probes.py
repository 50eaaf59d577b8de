"""Requests that tell two routings apart, derived from the Ingresses: a constant number per path and per
host, so that verifying stays linear in the size of the input.

For every path, over http and https: the path as written, with and without its trailing slash, one
segment deeper (`/foo/im-probe`), past the segment boundary (`/fooim-probe`, for prefixes) and, on hosts
in regex mode, in other letter case. For every host: `/`; an ACME HTTP-01 challenge path where HTTP is
redirected to HTTPS; for a wildcard host a
name one label deep (`im-probe.example.com`) and one two labels deep. For canary paths, the canary
header (`always`, `never`, its configured value) and cookie (`always`, `never`). For server-alias names
(`*.example.org` and `.example.org` one and two labels deeper, the latter also bare; `www.example.*` with a made-up
last label; `~regex` ones cannot be named) and the other name of a from-to-www-redirect host: `/` and every
path of the rule as written, for the www name also with and without its trailing slash. One host no Ingress
names. Paths with backend-protocol GRPC or GRPCS are asked as gRPC calls (POST, content-type
application/grpc): as written and one method deeper, as no gRPC client asks for a bare service name.
Requests that come out the same are merged, keeping every place that asked for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from migrate.model import Ingress, IngressRule
from migrate.verify.http import Request, Subject
from migrate.verify.nginx_config import canary_config, location_config
from migrate.verify.nginx_names import www_name

PROBE = "im-probe"
UNKNOWN_HOST = f"{PROBE}.invalid"
ACME_PROBE = f"/.well-known/acme-challenge/{PROBE}"
SCHEMES = ("http", "https")
_HOST = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_SAFE = "/-._~!$&'()*+,;=:@%"
GRPC = (("content-type", "application/grpc"),)
_PLAIN = re.compile(r"^[A-Za-z0-9/\-._~]*$")


@dataclass(frozen=True)
class Probe:
    request: Request
    purpose: str  # as-written, trailing-slash, deeper, non-boundary, case, root, acme, unknown-host,
    #               wildcard-one, wildcard-two, canary-header, canary-cookie, alias, alias-suffix-wildcard, www
    origins: tuple[Subject, ...]


class _Collector:
    def __init__(self) -> None:
        self.found: dict[Request, tuple[str, list[Subject]]] = {}

    def add(self, request: Request, purpose: str, origin: Subject | None) -> None:
        entry = self.found.setdefault(request, (purpose, []))
        if origin is not None and origin not in entry[1]:
            entry[1].append(origin)

    def probes(self) -> list[Probe]:
        return [Probe(request, purpose, tuple(origins)) for request, (purpose, origins) in self.found.items()]


def generate(
    ingresses: Iterable[Ingress], regex_hosts: set[str], prefix: str, redirected: Callable[[str], bool] | None = None
) -> list[Probe]:
    """`redirected(host)`: whether ingress-nginx redirected the host to HTTPS (it had a certificate), which
    is where the ACME challenge path matters (by default, everywhere)."""
    collector = _Collector()
    for ingress in ingresses:
        canary = canary_config(ingress, prefix)
        config = location_config(ingress, prefix)
        grpc = config.backend_protocol in ("GRPC", "GRPCS")
        for rule in ingress.rules:
            host = rule.host
            if host and not _HOST.match(host):
                continue
            hosts = _hosts(host)
            host_subject = Subject.of(ingress, rule.where)
            # gRPC-shaped when the Ingress is gRPC: its annotations are those of the root it may create.
            call = (GRPC, "POST") if grpc else ((), "GET")
            for name, purpose in hosts:
                _each_scheme(collector, name, "/", purpose if purpose != "as-written" else "root", host_subject, *call)
                if purpose == "as-written" and (redirected is None or config.force_ssl_redirect or redirected(name)):
                    _each_scheme(collector, name, ACME_PROBE, "acme", host_subject, *call)
            _extra_names(collector, ingress, rule, config.server_aliases, config.from_to_www and bool(host))
            for path in rule.paths:
                subject = Subject.of(ingress, path.where)
                value = path.path or "/"
                for name, purpose in hosts:
                    if purpose == "wildcard-two":
                        _each_scheme(collector, name, value, purpose, subject)
                        continue
                    if grpc:
                        for variant, kind in ((value, "as-written"), (f"{value.rstrip('/')}/{PROBE}", "deeper")):
                            _each_scheme(collector, name, variant, kind, subject, GRPC, "POST")
                        continue
                    for variant, kind in _variants(value, host in regex_hosts, path.path_type == "Exact"):
                        _each_scheme(collector, name, variant, kind, subject)
                    if canary.enabled:
                        _canary(collector, name, value, canary.header, canary.header_value, canary.cookie, subject)
    _each_scheme(collector, UNKNOWN_HOST, "/", "unknown-host", None)
    _each_scheme(collector, UNKNOWN_HOST, f"/{PROBE}", "unknown-host", None)
    return collector.probes()


def _extra_names(
    collector: _Collector, ingress: Ingress, rule: IngressRule, aliases: tuple[str, ...], www: bool
) -> None:
    """The names a rule's host answers besides itself: its aliases, and the name its www redirect answers."""
    names = [(name, purpose) for alias in aliases for name, purpose in _alias_names(alias.lower())]
    if www and not rule.host.startswith("*."):
        names.append((www_name(rule.host), "www"))
    for name, purpose in names:
        if not _HOST.match(name):
            continue
        _each_scheme(collector, name, "/", purpose, Subject.of(ingress, rule.where))
        for path in rule.paths:
            value = path.path or "/"
            variants = [value]
            if purpose == "www" and value != "/":
                variants.append(value[:-1] if value.endswith("/") else f"{value}/")
            for variant in variants:
                _each_scheme(collector, name, variant, purpose, Subject.of(ingress, path.where))


def _alias_names(alias: str) -> list[tuple[str, str]]:
    if alias.startswith("~"):
        return []  # a regex: no name to ask for
    if alias.startswith("*."):
        return [(f"{PROBE}{alias[1:]}", "alias"), (f"{PROBE}.{PROBE}{alias[1:]}", "alias")]
    if alias.startswith("."):
        return [(alias[1:], "alias"), (f"{PROBE}{alias}", "alias"), (f"{PROBE}.{PROBE}{alias}", "alias")]
    if alias.endswith(".*"):
        return [(f"{alias[:-1]}{PROBE}", "alias-suffix-wildcard")]
    return [(alias, "alias")]


def _hosts(host: str) -> list[tuple[str, str]]:
    """The names to ask for a rule's host: itself; for a wildcard, one and two labels deep; for no host,
    a name no Ingress uses (the catch-all server answers it)."""
    if not host:
        return [(UNKNOWN_HOST, "as-written")]
    if host.startswith("*."):
        return [(f"{PROBE}{host[1:]}", "as-written"), (f"{PROBE}.{PROBE}{host[1:]}", "wildcard-two")]
    return [(host, "as-written")]


def _variants(path: str, regex: bool, exact: bool) -> list[tuple[str, str]]:
    """The path, its trailing-slash twin, one segment deeper and, for a prefix, past the segment boundary
    (an Exact path is told apart by the first two already)."""
    found = [(path, "as-written")]
    if path != "/":
        found.append((path[:-1] if path.endswith("/") else f"{path}/", "trailing-slash"))
    base = path.rstrip("/")
    found.append((f"{base}/{PROBE}", "deeper"))
    if base and not exact:
        found.append((f"{base}{PROBE}", "non-boundary"))
    if regex and path.swapcase() != path:
        found.append((path.swapcase(), "case"))
    return found


def _canary(collector: _Collector, host: str, path: str, header: str, value: str, cookie: str, origin: Subject) -> None:
    sent: list[tuple[str, str]] = []
    if header:
        sent += [(header, "always"), (header, "never")] + ([(header, value)] if value else [])
    if cookie:
        sent += [("Cookie", f"{cookie}=always"), ("Cookie", f"{cookie}=never")]
    for name, content in sent:
        purpose = "canary-cookie" if name == "Cookie" else "canary-header"
        for scheme in SCHEMES:
            collector.add(Request(scheme, host, _wire(path), ((name, content),)), purpose, origin)


def _each_scheme(
    collector: _Collector,
    host: str,
    path: str,
    purpose: str,
    origin: Subject | None,
    headers: tuple[tuple[str, str], ...] = (),
    method: str = "GET",
) -> None:
    for scheme in SCHEMES:
        collector.add(Request(scheme, host, _wire(path), headers, method), purpose, origin)


@lru_cache(maxsize=65536)
def _wire(path: str) -> str:
    """The path as a client sends it: characters a URI cannot hold raw percent-encoded."""
    path = path if path.startswith("/") else f"/{path}"
    return path if _PLAIN.match(path) else quote(path, safe=_SAFE)
