"""Logs and tracing."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("enable-access-log", Status.POLICY, "IM610", "nothing standard; implementation access-log settings"),
    Key("enable-rewrite-log", Status.NONE, "IM611", "nothing"),
    Key("enable-opentelemetry", Status.POLICY, "IM612", "nothing standard; implementation tracing policies"),
    Key("opentelemetry-operation-name", Status.NONE, "IM613", "nothing"),
    Key(
        "opentelemetry-trust-incoming-span", Status.POLICY, "IM614", "nothing standard; implementation tracing settings"
    ),
)

FAMILY = Family("Logs and tracing", KEYS)
