"""The Gateway API model, part 4: whether a match selects a request, and what filters do to it.

* Exact: the whole path; PathPrefix: whole path elements, a trailing `/` of the value ignored (`/abc`
  matches `/abc`, `/abc/`, `/abc/def`, not `/abcd`). Header names are case-insensitive, values and query
  parameter names case-sensitive; only the first of repeated names counts.
* RegularExpression (paths, headers, query parameters) is implementation-specific; it is assumed to
  follow Envoy: RE2, full match, case-sensitive unless the pattern says `(?i)`. Python's `re` stands in for
  RE2 (the same for the syntax the converter writes); an invalid pattern matches nothing.
* RequestRedirect: scheme, hostname and port of the Location default to the request's (the port to the
  scheme's well-known one when the filter sets a scheme, else the listener's) and the port is left out
  when it is the scheme's own; ReplaceFullPath / ReplacePrefixMatch as the spec's table defines them; the
  query is kept, as Envoy does; status 302 unless set. URLRewrite: hostname, and the path likewise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from migrate.verify.gateway_objects import Filter, Match
from migrate.verify.http import Redirect, Request, redirect_location

_WELL_KNOWN = {"http": 80, "https": 443}
_ROUTE_FILTERS = ("RequestRedirect", "URLRewrite", "RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror")


@lru_cache(maxsize=4096)
def _pattern(value: str) -> re.Pattern[str] | None:
    try:
        return re.compile(value)
    except re.error:
        return None


def _full_match(pattern: str, value: str) -> bool:
    compiled = _pattern(pattern)
    return compiled is not None and compiled.fullmatch(value) is not None


def prefix_matches(prefix: str, path: str) -> bool:
    """PathPrefix: whole path elements, a trailing `/` of the prefix ignored (`/abc` is not `/abcd`)."""
    base = prefix.rstrip("/")
    return not base or path == base or path.startswith(f"{base}/")


def replace_prefix(path: str, prefix: str, replacement: str) -> str:
    """ReplacePrefixMatch as the spec's table defines it: `/foo/bar` with prefix `/foo` and `/xyz`
    gives `/xyz/bar`; an empty or `/` replacement of the whole path gives `/`."""
    rest = path[len(prefix.rstrip("/")) :]
    return (replacement.rstrip("/") + rest) or "/"


def matches(match: Match, request: Request) -> bool:
    path = request.uri_path
    if match.grpc_service is not None or match.grpc_method is not None:
        service, _, method = path.lstrip("/").partition("/")
        if match.path_type == "RegularExpression":
            if not all(_full_match(p, v) for p, v in ((match.grpc_service, service), (match.grpc_method, method)) if p):
                return False
        elif (match.grpc_service and match.grpc_service != service) or (
            match.grpc_method and match.grpc_method != method
        ):
            return False
    elif match.path_type == "Exact":
        if path != match.path:
            return False
    elif match.path_type == "PathPrefix":
        if not prefix_matches(match.path, path):
            return False
    elif match.path_type == "RegularExpression":
        if not _full_match(match.path, path):
            return False
    else:
        return False
    if match.method is not None and match.method != request.method:
        return False
    for header in match.headers:
        value = request.header(header.name)
        if value is None or not _value_matches(header.type, header.value, value):
            return False
    for param in match.query:
        found = request.query_param(param.name)
        if found is None or not _value_matches(param.type, param.value, found):
            return False
    return True


def _value_matches(kind: str, expected: str, value: str) -> bool:
    if kind == "Exact":
        return value == expected
    if kind == "RegularExpression":
        return _full_match(expected, value)
    return False


def _path_modifier(spec: dict[str, object], match: Match, path: str) -> str | None:
    modifier = spec.get("path")
    if not isinstance(modifier, dict):
        return None
    if modifier.get("type") == "ReplaceFullPath":
        return str(modifier.get("replaceFullPath") or "/")
    if modifier.get("type") == "ReplacePrefixMatch" and match.path_type == "PathPrefix":
        return replace_prefix(path, match.path, str(modifier.get("replacePrefixMatch") or ""))
    return None


def redirect(f: Filter, match: Match, request: Request, listener_port: int) -> Redirect:
    spec = f.spec
    scheme = str(spec.get("scheme") or request.scheme)
    host = str(spec.get("hostname") or request.host)
    port = spec.get("port")
    if not isinstance(port, int):
        port = _WELL_KNOWN.get(scheme, listener_port) if spec.get("scheme") else listener_port
    path = _path_modifier(spec, match, request.uri_path) or request.uri_path
    if request.query:
        path = f"{path}?{request.query}"
    code = spec.get("statusCode")
    return Redirect(code if isinstance(code, int) else 302, redirect_location(scheme, host, port, path))


def rewrite(filters: Iterable[Filter], match: Match, request: Request, path: str, host: str) -> tuple[str, str]:
    for f in filters:
        if f.type == "URLRewrite":
            new_path = _path_modifier(f.spec, match, path.partition("?")[0])
            if new_path is not None:
                path = f"{new_path}?{request.query}" if request.query else new_path
            if isinstance(f.spec.get("hostname"), str):
                host = str(f.spec["hostname"])
    return path, host


def note(f: Filter) -> str:
    if f.type in ("RequestHeaderModifier", "ResponseHeaderModifier"):
        parts = []
        for action in ("set", "add"):
            for item in f.spec.get(action) or []:
                if isinstance(item, dict):
                    parts.append(f"{action} {item.get('name')}: {item.get('value')}")
        parts += [f"remove {name}" for name in f.spec.get("remove") or []]
        return f"{f.type} {', '.join(parts)}"
    if f.type in _ROUTE_FILTERS:
        return f.type
    return f"{f.type} (not modelled)"
