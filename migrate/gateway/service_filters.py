"""The filters a location's annotations add to its rules: RequestMirror (mirror-target) and, on the
experimental channel, ExternalAuth (auth-url). Both send requests to a Service the URL must name
(`service_refs`); a URL naming none is flagged, and for auth that leaves the routes unprotected, so it is
an error.
"""

from __future__ import annotations

from migrate.annotations import external_auth, mirror
from migrate.findings import Findings
from migrate.gateway import service_refs
from migrate.gateway.ir import BackendTLS, ExternalAuth, RequestMirror, Site
from migrate.gateway.sites import flag, site
from migrate.nginx.backends import ServiceIndex
from migrate.nginx.model import Location, Server
from migrate.validation import encode_path, path_problem


def mirror_filter(
    location: Location, server: Server, services: ServiceIndex, findings: Findings
) -> RequestMirror | None:
    target = location.intents.location.mirror
    if target is None:
        return None
    at = site(location.ingress, target.at)
    resolved = service_refs.resolve(target.target, location, server, services)
    if isinstance(resolved, str):
        flag(
            findings,
            mirror.UNRESOLVED,
            f"{target.at.key} {target.target.text!r} {resolved}; RequestMirror needs a Service backendRef, so no "
            "mirror is generated: create a Service for the mirror (an ExternalName Service, or your "
            "implementation's Backend resource, for a host outside the cluster) and point mirror-target at it",
            at,
        )
        return None
    path = target.target.path
    notes = ["the Host header of the copies is implementation-specific (nginx sent the mirror's host)"]
    if path not in ("", "/", "$request_uri", "/$request_uri"):
        notes.append(f"nginx sent every copy to {path!r}, RequestMirror keeps each request's own path")
    ref = resolved.service
    where = f"{ref.namespace}/{ref.name}" if ref.namespace else ref.name
    flag(
        findings,
        mirror.TARGET.code,
        f"requests are mirrored to Service {where} port {ref.port} (RequestMirror); " + "; ".join(notes),
        at,
    )
    tls = BackendTLS(resolved.hostname, None, False, False, at) if resolved.tls else None
    return RequestMirror(ref, tls)


def auth_filter(
    location: Location, server: Server, as_grpc: bool, services: ServiceIndex, findings: Findings
) -> ExternalAuth | None:
    auth = location.intents.location.external_auth
    if auth is None:
        return None
    at = site(location.ingress, auth.at)
    if as_grpc:
        flag(
            findings,
            external_auth.DROPPED,
            f"{auth.at.key}: a GRPCRoute has no ExternalAuth filter, so these gRPC routes are NOT authenticated: "
            f"use {external_auth.URL.use}",
            at,
        )
        return None
    resolved = service_refs.resolve(auth.url, location, server, services)
    if isinstance(resolved, str):
        flag(
            findings,
            external_auth.UNRESOLVED,
            f"{auth.at.key} {auth.url.text!r} {resolved}; the ExternalAuth filter needs a Service backendRef, so "
            "these routes are NOT authenticated: create a Service for the auth service (an ExternalName Service "
            "or your implementation's Backend for an external host) and point auth-url at it",
            at,
        )
        return None
    path = _auth_path(auth.url.path)
    _auth_semantics(auth.at.key, auth.url.path, path, bool(auth.response_headers), auth.url.query, at, findings)
    tls = BackendTLS(resolved.hostname, None, False, False, at) if resolved.tls else None
    return ExternalAuth(resolved.service, path, auth.response_headers, tls)


def _auth_path(path: str) -> str | None:
    if not path or path == "/" or "$" in path:
        return None
    encoded = encode_path(path)
    return encoded if path_problem(encoded) is None else None


def _auth_semantics(
    key: str, written: str, path: str | None, headers: bool, query: str, at: Site, findings: Findings
) -> None:
    shown = path or "/"
    notes = [
        f"it appends each request's path to http.path ({shown} becomes {shown.rstrip('/')}/<request path>), where "
        f"nginx always called {written or '/'}",
        "only a 200 lets a request through, where nginx accepted any 2xx",
        "it sends the auth service only Host, Method, Path, Content-Length and Authorization unless "
        "http.allowedHeaders lists more, where nginx sent every request header (cookies included) and "
        "X-Original-URL, X-Original-Method and X-Auth-Request-Redirect",
    ]
    if not headers:
        notes.append(
            "without auth-response-headers ingress-nginx copied no header of the auth response to the backend, "
            "and the filter copies all of them"
        )
    if "$" in written or (path is None and written not in ("", "/")):
        notes.append(f"the path {written!r} cannot be an http.path and is left out")
    if query:
        notes.append(f"the query {query!r} of auth-url is not sent")
    flag(
        findings,
        external_auth.SEMANTICS,
        f"{key}: the ExternalAuth filter checks requests differently from nginx's auth_request: "
        + "; ".join(notes)
        + f"; check the auth service against these, or use {external_auth.URL.use}",
        at,
    )
