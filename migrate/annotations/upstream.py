"""Load balancing and upstreams (ingress-nginx loadbalancing, upstreamhashby, serviceupstream, proxy).

Gateway API leaves load balancing to implementations, so nothing here is converted; the findings map each
algorithm and hash key to what each implementation can express.

    nginx.ingress.kubernetes.io/upstream-hash-by: "$http_x_user_id"

hashed requests to endpoints by the X-User-Id header. Envoy Gateway carries it as a BackendTrafficPolicy
loadBalancer (type ConsistentHash, consistentHash.type Header, header.name X-User-Id); kgateway as a
BackendConfigPolicy on the Service (loadBalancer.ringHash.hashPolicies[].header); NGINX Gateway Fabric as an
UpstreamSettingsPolicy (loadBalancingMethod "hash consistent", hashMethodKey $http_x_user_id).

upstream-hash-by wins over load-balance; the subset options need upstream-hash-by.
"""

from __future__ import annotations

import re

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "load-balance",
        Status.POLICY,
        "IM630",
        "nothing standard; implementation load-balancer policies",
        why="the balancing algorithm is left to implementation policies",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.type, NGINX Gateway Fabric "
            "UpstreamSettingsPolicy.spec.loadBalancingMethod on the Service (its default is random two least_conn: "
            "write round_robin to keep ingress-nginx's default), kgateway BackendConfigPolicy.spec.loadBalancer on "
            "the Service"
        ),
    ),
    Key(
        "upstream-hash-by",
        Status.POLICY,
        "IM631",
        "nothing standard; implementation consistent-hash policies",
        why="consistent hashing is left to implementation policies",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.loadBalancer.consistentHash (SourceIP, Header, Cookie or "
            "QueryParams), NGINX Gateway Fabric UpstreamSettingsPolicy.spec.loadBalancingMethod hash consistent with "
            "hashMethodKey (one variable), kgateway BackendConfigPolicy.spec.loadBalancer.ringHash.hashPolicies[] "
            "(header, cookie or sourceIP)"
        ),
    ),
    Key(
        "upstream-hash-by-subset",
        Status.NONE,
        "IM632",
        "nothing",
        why="hashing to a subset of endpoints has no equivalent",
        use="nothing: plain consistent hashing (see upstream-hash-by) is the closest",
    ),
    Key(
        "upstream-hash-by-subset-size",
        Status.NONE,
        "IM633",
        "nothing",
        why="hashing to a subset of endpoints has no equivalent",
        use="nothing: plain consistent hashing (see upstream-hash-by) is the closest",
    ),
    Key(
        "service-upstream",
        Status.POLICY,
        "IM634",
        "nothing standard; implementation routing to the Service address",
        why="sending traffic to the Service's cluster IP instead of its endpoints is an implementation choice",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.routingType Service (or EnvoyProxy.spec.routingType for the "
            "whole Gateway); NGINX Gateway Fabric and kgateway have no field"
        ),
    ),
    Key(
        "proxy-http-version",
        Status.NONE,
        "IM635",
        "nothing (HTTP/2 to backends is the Service appProtocol, a different feature)",
        why="the HTTP version spoken to backends is not a route setting",
        use=(
            "nothing for 1.0; 1.1 is what implementations speak by default, and HTTP/2 to a backend is the Service "
            "port's appProtocol (kubernetes.io/h2c), a different feature"
        ),
    ),
    Key(
        "proxy-cookie-domain",
        Status.NONE,
        "IM636",
        "nothing",
        why="rewriting the Domain of the backend's Set-Cookie headers has no equivalent",
        use=(
            "nothing: set the right Domain in the application, or an NGINX Gateway Fabric SnippetsFilter "
            "(proxy_cookie_domain)"
        ),
    ),
    Key(
        "proxy-cookie-path",
        Status.NONE,
        "IM637",
        "nothing",
        why="rewriting the Path of the backend's Set-Cookie headers has no equivalent",
        use=(
            "nothing: set the right Path in the application, or an NGINX Gateway Fabric SnippetsFilter "
            "(proxy_cookie_path)"
        ),
    ),
)
BALANCE, HASH, SUBSET, SUBSET_SIZE, SERVICE_UPSTREAM, HTTP_VERSION, COOKIE_DOMAIN, COOKIE_PATH = KEYS

NO_EFFECT = Code("IM638", "upstream-option-unused", Severity.INFO, "an upstream option without effect")

_ALGORITHMS = {
    "round_robin": "Envoy Gateway loadBalancer.type RoundRobin, NGINX Gateway Fabric round_robin, kgateway roundRobin",
    "ewma": "Envoy Gateway loadBalancer.type LeastRequest (approx), kgateway leastRequest (approx)",
    "chash": "consistent hashing, which needs upstream-hash-by (see it)",
    "chashsubset": "consistent hashing to subsets, which needs upstream-hash-by (see it)",
    "sticky_balanced": "session affinity (see affinity and affinity-mode)",
    "sticky_persistent": "session affinity (see affinity and affinity-mode)",
}
_VARIABLE = re.compile(r"\$\{?([a-z0-9_]+)\}?", re.ASCII)


def _hash_source(key: str) -> str:
    """What each implementation can hash on for an nginx hash key such as `$remote_addr`."""
    found = _VARIABLE.fullmatch(key)
    if found is None:
        return (
            f"it hashed on {key!r}, a combination of values: Envoy Gateway and kgateway hash on one source, and "
            "NGINX Gateway Fabric's hashMethodKey takes one variable, so pick one"
        )
    variable = found.group(1)
    ngf = f"NGINX Gateway Fabric hashMethodKey ${variable}"
    if variable in ("remote_addr", "binary_remote_addr"):
        return f"it hashed on the client address: Envoy Gateway consistentHash.type SourceIP, kgateway sourceIP, {ngf}"
    for prefix, kind in (("http_", "header"), ("cookie_", "cookie"), ("arg_", "query parameter")):
        if variable.startswith(prefix):
            name = variable[len(prefix) :]
            if kind == "header":
                name = "-".join(part.capitalize() for part in name.split("_"))
            envoy = {"header": "Header", "cookie": "Cookie", "query parameter": "QueryParams"}[kind]
            kgateway = "no query parameters in kgateway" if kind == "query parameter" else f"kgateway {kind} {name}"
            return f"it hashed on the {kind} {name}: Envoy Gateway consistentHash.type {envoy}, {kgateway}, {ngf}"
    return f"it hashed on ${variable}: Envoy Gateway and kgateway cannot hash on it; {ngf}"


def _apply(ctx: Context) -> None:
    hash_by = ctx.get(HASH.name)
    if hash_by is not None:
        source = _hash_source(normal(hash_by.text))
        ctx.report(HASH, f"{not_converted(HASH, hash_by.key)}. {source[0].upper()}{source[1:]}")
    balance = ctx.get(BALANCE.name)
    if balance is not None and hash_by is not None:
        ctx.report(
            BALANCE, f"{balance.key} is ignored: upstream-hash-by takes precedence over it: remove it", code=NO_EFFECT
        )
    elif balance is not None:
        algorithm = normal(balance.text).strip()
        ctx.report(
            BALANCE, f"{not_converted(BALANCE, balance.key)}. For {algorithm}: {_ALGORITHMS.get(algorithm, 'nothing')}"
        )
    for key in (SUBSET, SUBSET_SIZE):
        value = ctx.get(key.name)
        if value is not None and hash_by is None:
            ctx.report(key, f"{value.key} did nothing without upstream-hash-by: remove it", code=NO_EFFECT)
    for key, default in ((SERVICE_UPSTREAM, "false"), (HTTP_VERSION, "1.1")):
        value = ctx.get(key.name)
        if value is not None and normal(value.text).strip() == default:
            ctx.report(key, f"{value.key} is {default}, ingress-nginx's default: nothing to migrate", code=NO_EFFECT)
    for key in (COOKIE_DOMAIN, COOKIE_PATH):
        value = ctx.get(key.name)
        if value is not None and normal(value.text) == "off":
            ctx.report(key, f"{value.key} is off, the default: nothing to migrate", code=NO_EFFECT)


FAMILY = Family("Load balancing and upstreams", KEYS, _apply, codes=(NO_EFFECT,))
