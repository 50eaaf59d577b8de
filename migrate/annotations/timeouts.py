"""Timeouts and retries."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key(
        "proxy-connect-timeout",
        Status.POLICY,
        "IM470",
        "nothing standard; implementation connect-timeout policies",
        why="the connect timeout to backends is an implementation setting",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.timeout.tcp.connectTimeout (includes the TLS handshake), NGINX "
            'Gateway Fabric ProxySettingsPolicy.spec.timeout.connect (seconds as "5s"), kgateway '
            "BackendConfigPolicy.spec.connectTimeout (on the Service)"
        ),
    ),
    Key(
        "proxy-read-timeout",
        Status.STANDARD,
        "IM471",
        "rule timeouts.backendRequest (total time, not time between reads)",
    ),
    Key(
        "proxy-send-timeout",
        Status.STANDARD,
        "IM472",
        "rule timeouts.backendRequest (total time, not time between writes)",
    ),
    Key("proxy-next-upstream", Status.EXPERIMENTAL, "IM473", "experimental rule retry.codes"),
    Key(
        "proxy-next-upstream-timeout",
        Status.EXPERIMENTAL,
        "IM474",
        "experimental rule retry with a request timeout (approximate)",
    ),
    Key("proxy-next-upstream-tries", Status.EXPERIMENTAL, "IM475", "experimental rule retry.attempts"),
)

FAMILY = Family("Timeouts and retries", KEYS)
