"""Session affinity."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Status

KEYS = (
    Key("affinity", Status.EXPERIMENTAL, "IM660", "experimental rule sessionPersistence (type Cookie)"),
    Key(
        "affinity-mode",
        Status.NONE,
        "IM661",
        "nothing: balanced or persistent stickiness cannot be chosen",
        why="whether stickiness survives scaling cannot be chosen",
        use="nothing carries it: the implementation's session persistence decides what happens when endpoints change",
    ),
    Key(
        "affinity-canary-behavior",
        Status.NONE,
        "IM662",
        "nothing: stickiness to the canary cannot be chosen",
        why="stickiness between the primary and the canary cannot be chosen",
        use=(
            "nothing: with Gateway API weights a client may move between primary and canary unless sessionPersistence"
            " (experimental) pins it"
        ),
    ),
    Key("session-cookie-name", Status.EXPERIMENTAL, "IM663", "experimental sessionPersistence.sessionName"),
    Key(
        "session-cookie-path",
        Status.POLICY,
        "IM664",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no cookie path",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Path (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.path; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-domain",
        Status.POLICY,
        "IM665",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no cookie domain",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Domain (guess); "
            "NGINX Gateway Fabric and kgateway: nothing"
        ),
    ),
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
    Key(
        "session-cookie-samesite",
        Status.POLICY,
        "IM668",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no SameSite attribute",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes SameSite (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.sameSite; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-secure",
        Status.POLICY,
        "IM669",
        "nothing standard; implementation cookie attributes",
        why="Gateway API v1.6 sessionPersistence has no Secure attribute",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash.cookie.attributes Secure (guess), "
            "kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[].cookie.secure; NGINX Gateway "
            "Fabric: nothing"
        ),
    ),
    Key(
        "session-cookie-conditional-samesite-none",
        Status.NONE,
        "IM670",
        "nothing",
        why="sending SameSite=None only to browsers that accept it has no equivalent",
        use="nothing: set SameSite explicitly (see session-cookie-samesite)",
    ),
    Key(
        "session-cookie-change-on-failure",
        Status.NONE,
        "IM671",
        "nothing",
        why="re-pinning the cookie after a failed backend has no equivalent",
        use="nothing: the implementation's session persistence decides",
    ),
)

FAMILY = Family("Session affinity", KEYS)
