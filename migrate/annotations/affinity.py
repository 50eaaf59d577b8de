"""Session affinity."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("affinity", Status.EXPERIMENTAL, "IM660", "experimental rule sessionPersistence (type Cookie)"),
    Key("affinity-mode", Status.NONE, "IM661", "nothing: balanced or persistent stickiness cannot be chosen"),
    Key("affinity-canary-behavior", Status.NONE, "IM662", "nothing: stickiness to the canary cannot be chosen"),
    Key("session-cookie-name", Status.EXPERIMENTAL, "IM663", "experimental sessionPersistence.sessionName"),
    Key("session-cookie-path", Status.POLICY, "IM664", "nothing standard; implementation cookie attributes"),
    Key("session-cookie-domain", Status.POLICY, "IM665", "nothing standard; implementation cookie attributes"),
    Key(
        "session-cookie-expires",
        Status.EXPERIMENTAL,
        "IM666",
        "experimental sessionPersistence.absoluteTimeout (Permanent cookie)",
    ),
    Key(
        "session-cookie-max-age",
        Status.EXPERIMENTAL,
        "IM667",
        "experimental sessionPersistence.absoluteTimeout (Permanent cookie)",
    ),
    Key("session-cookie-samesite", Status.POLICY, "IM668", "nothing standard; implementation cookie attributes"),
    Key("session-cookie-secure", Status.POLICY, "IM669", "nothing standard; implementation cookie attributes"),
    Key("session-cookie-conditional-samesite-none", Status.NONE, "IM670", "nothing"),
    Key("session-cookie-change-on-failure", Status.NONE, "IM671", "nothing"),
)

FAMILY = Family("Session affinity", KEYS)
