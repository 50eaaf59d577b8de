"""FastCGI and HTTP/2 push."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

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

FAMILY = Family("FastCGI and HTTP/2 push", KEYS)
