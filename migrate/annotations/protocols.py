"""FastCGI and HTTP/2 push, and the backend protocols Gateway API has no counterpart for.

backend-protocol belongs to the backend TLS family; its FCGI and AUTO_HTTP values are judged here, with
the FastCGI keys they come with. Nothing in Gateway API speaks FastCGI, and a Gateway picks one protocol
per backend where AUTO_HTTP followed the scheme of each request.

    nginx.ingress.kubernetes.io/backend-protocol: FCGI
    nginx.ingress.kubernetes.io/fastcgi-index: index.php
    ->
    the route is kept (it still names the backend), with an error: the Gateway speaks HTTP to a FastCGI
    port, so the app needs an HTTP server in front of it
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, Value
from migrate.findings import Code, Severity

_FASTCGI = "no route backend speaks FastCGI (ingress-nginx used this only with backend-protocol FCGI)"
_FASTCGI_USE = "an HTTP server in front of the FastCGI app (nginx or Caddy before PHP-FPM, for example)"

KEYS = (
    Key(
        "fastcgi-index",
        Status.NONE,
        "IM650",
        "nothing",
        why="FastCGI backends are not part of Gateway API",
        use="nothing: put an HTTP server (such as nginx or php-fpm's web front end) before the FastCGI application",
    ),
    Key(
        "fastcgi-params-configmap",
        Status.NONE,
        "IM651",
        "nothing",
        why="FastCGI backends are not part of Gateway API",
        use="nothing: put an HTTP server (such as nginx or php-fpm's web front end) before the FastCGI application",
    ),
    Key(
        "http2-push-preload",
        Status.NONE,
        "IM652",
        "nothing",
        why="HTTP/2 server push has no equivalent (nginx itself dropped it in 1.25.1)",
        use="nothing: remove it; Link preload headers from the application still work as hints",
    ),
)
INDEX, PARAMS, PUSH = KEYS

FASTCGI_BACKEND = Code("IM653", "fastcgi-backend", Severity.ERROR, "a FastCGI backend the Gateway cannot reach")
AUTO_HTTP = Code("IM654", "auto-http-backend", Severity.WARNING, "a backend reached in the scheme of each request")
CODES = (FASTCGI_BACKEND, AUTO_HTTP)


def backend_protocol(ctx: Context, key: Key, value: Value, protocol: str) -> None:
    """The findings of backend-protocol FCGI and AUTO_HTTP (the other values are translated)."""
    if protocol == "FCGI":
        ctx.flag(
            key,
            f"{value.key} FCGI: ingress-nginx spoke FastCGI to this Ingress's backends (fastcgi_pass); Gateway API "
            "has no FastCGI backends, so the Gateway speaks HTTP to them and every request fails: put an HTTP "
            "server in front of the FastCGI app (nginx or Caddy before PHP-FPM, for example) and point the "
            "Ingress at it; the routes are kept",
            code=FASTCGI_BACKEND,
        )
    elif protocol == "AUTO_HTTP":
        ctx.flag(
            key,
            f"{value.key} AUTO_HTTP: ingress-nginx reached these backends in the scheme of each request (HTTP for "
            "HTTP clients, HTTPS without certificate checks for HTTPS clients); a Gateway uses one protocol per "
            "backend, and the output uses HTTP: if the backends need TLS, set backend-protocol HTTPS",
            code=AUTO_HTTP,
        )


FAMILY = Family("FastCGI and HTTP/2 push", KEYS, codes=CODES)
