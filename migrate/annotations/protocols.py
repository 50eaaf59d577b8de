"""FastCGI and HTTP/2 push."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("fastcgi-index", Status.NONE, "IM650", "nothing"),
    Key("fastcgi-params-configmap", Status.NONE, "IM651", "nothing"),
    Key("http2-push-preload", Status.NONE, "IM652", "nothing"),
)

FAMILY = Family("FastCGI and HTTP/2 push", KEYS)
