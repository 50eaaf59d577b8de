"""Mirroring."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("mirror-target", Status.STANDARD, "IM490", "RequestMirror filter to the Service the URL names"),
    Key(
        "mirror-host",
        Status.NONE,
        "IM491",
        "nothing: the mirrored Host header cannot be set",
        why="the Host header of mirrored requests cannot be set",
        use="nothing: which Host a mirrored request carries is up to the implementation",
    ),
    Key(
        "mirror-request-body",
        Status.NONE,
        "IM492",
        "nothing: mirrors always carry the body",
        why="RequestMirror always copies the whole request",
        use="nothing: mirrors carry the body",
    ),
)

FAMILY = Family("Mirroring", KEYS)
