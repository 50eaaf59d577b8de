"""Body size and buffering."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("proxy-body-size", Status.POLICY, "IM620", "nothing standard; implementation request-size policies"),
    Key("client-body-buffer-size", Status.POLICY, "IM621", "nothing standard; implementation buffer settings"),
    Key("proxy-buffering", Status.POLICY, "IM622", "nothing standard; implementation buffering settings"),
    Key("proxy-buffer-size", Status.POLICY, "IM623", "nothing standard; implementation buffering settings"),
    Key("proxy-buffers-number", Status.POLICY, "IM624", "nothing standard; implementation buffering settings"),
    Key("proxy-busy-buffers-size", Status.POLICY, "IM625", "nothing standard; implementation buffering settings"),
    Key(
        "proxy-request-buffering", Status.POLICY, "IM626", "nothing standard; implementation request-buffering settings"
    ),
    Key("proxy-max-temp-file-size", Status.NONE, "IM627", "nothing"),
)

FAMILY = Family("Body size and buffering", KEYS)
