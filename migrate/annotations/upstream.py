"""Load balancing and upstreams."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("load-balance", Status.POLICY, "IM630", "nothing standard; implementation load-balancer policies"),
    Key("upstream-hash-by", Status.POLICY, "IM631", "nothing standard; implementation consistent-hash policies"),
    Key("upstream-hash-by-subset", Status.NONE, "IM632", "nothing"),
    Key("upstream-hash-by-subset-size", Status.NONE, "IM633", "nothing"),
    Key("service-upstream", Status.POLICY, "IM634", "nothing standard; implementation routing to the Service address"),
    Key(
        "proxy-http-version",
        Status.NONE,
        "IM635",
        "nothing (HTTP/2 to backends is the Service appProtocol, a different feature)",
    ),
    Key("proxy-cookie-domain", Status.NONE, "IM636", "nothing"),
    Key("proxy-cookie-path", Status.NONE, "IM637", "nothing"),
)

FAMILY = Family("Load balancing and upstreams", KEYS)
