"""Mirroring."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("mirror-target", Status.STANDARD, "IM490", "RequestMirror filter to the Service the URL names"),
    Key("mirror-host", Status.NONE, "IM491", "nothing: the mirrored Host header cannot be set"),
    Key("mirror-request-body", Status.NONE, "IM492", "nothing: mirrors always carry the body"),
)

FAMILY = Family("Mirroring", KEYS)
