"""Client address access lists (ingress-nginx internal/ingress/annotations/ipallowlist, ipdenylist, satisfy).

Gateway API has no client-address filter, so nothing here is converted; each key gets a finding with the
addresses it allowed or denied and what carries them on each implementation.

    nginx.ingress.kubernetes.io/allowlist-source-range: 10.0.0.0/8,192.168.0.0/16

becomes, for Envoy Gateway, a SecurityPolicy with authorization.defaultAction Deny and one rule (action
Allow, principal.clientCIDRs [10.0.0.0/8, 192.168.0.0/16]); for kgateway a TrafficPolicy with acl
(defaultAction deny, a rule action allow with those cidrs). The routes are converted without it.

How ingress-nginx read them: whitelist-source-range is the old name of allowlist-source-range, read only
when allowlist-source-range is absent or empty; an empty list denies every path (503), as an invalid one
does (see validators); deny entries are checked before allow entries; `satisfy: any` lets a request in when
either the address rules or the authentication pass.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.parsing import cidrs
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

_CLIENT_IP = (
    "; the client address is the one the gateway trusts: Envoy Gateway ClientTrafficPolicy.spec.clientIPDetection, "
    "kgateway ListenerPolicy.spec.default.httpSettings.xffNumTrustedHops, NGINX Gateway Fabric "
    "NginxProxy.spec.rewriteClientIP"
)
_ALLOW = (
    "Envoy Gateway SecurityPolicy.spec.authorization (defaultAction Deny, a rule action Allow with "
    "principal.clientCIDRs), kgateway TrafficPolicy.spec.acl (defaultAction deny, a rule action allow with cidrs), "
    "NGINX Gateway Fabric only a SnippetsFilter (allow ...; deny all;), Istio AuthorizationPolicy ALLOW with "
    "remoteIpBlocks" + _CLIENT_IP
)
_WHY = "client-address filtering is left to implementation policies"
KEYS = (
    Key(
        "allowlist-source-range",
        Status.POLICY,
        "IM570",
        "nothing standard; implementation authorization policies",
        why=_WHY,
        use=_ALLOW,
    ),
    Key(
        "whitelist-source-range",
        Status.POLICY,
        "IM571",
        "nothing standard; implementation authorization policies",
        why=_WHY,
        use=_ALLOW,
        alias_of="allowlist-source-range",
    ),
    Key(
        "denylist-source-range",
        Status.POLICY,
        "IM572",
        "nothing standard; implementation authorization policies",
        why=_WHY,
        use=(
            "Envoy Gateway SecurityPolicy.spec.authorization (a rule action Deny with principal.clientCIDRs, "
            "defaultAction Allow), kgateway TrafficPolicy.spec.acl (a rule action deny, defaultAction allow), "
            "NGINX Gateway Fabric only a SnippetsFilter (deny ...;), Istio AuthorizationPolicy DENY with "
            "remoteIpBlocks" + _CLIENT_IP
        ),
    ),
    Key(
        "satisfy",
        Status.NONE,
        "IM573",
        "nothing",
        why="how address rules and authentication combine (any or all) cannot be chosen",
        use=(
            "nothing: implementation policies apply every rule (all); for `any`, give the trusted addresses and "
            "the authenticated clients separate routes by hand"
        ),
    ),
)
ALLOW, WHITELIST, DENY, SATISFY = KEYS

ALIAS_IGNORED = Code("IM574", "address-list-unread", Severity.INFO, "an address list ingress-nginx did not read")
EMPTY_LIST = Code("IM575", "empty-address-list", Severity.ERROR, "an empty address list: every path answered 503")
_AUTH_KEYS = ("auth-type", "auth-url")


def _listed(addresses: list[str]) -> str:
    shown = ", ".join(addresses[:8])
    return shown + (f" and {len(addresses) - 8} more" if len(addresses) > 8 else "")


def _list(ctx: Context, key: Key, verb: str) -> None:
    value = ctx.get(key.name)
    if value is None:
        return
    if not value.text:
        ctx.report(
            key,
            f"{value.key} is empty, so ingress-nginx denied every path of this Ingress (503); the output routes "
            "them: list the addresses, or remove the annotation",
            code=EMPTY_LIST,
        )
        return
    addresses = cidrs(normal(value.text)) or []
    ctx.report(key, f"{not_converted(key, value.key)}. It {verb} {_listed(addresses)}")


def _ignored(ctx: Context, key: Key, reason: str) -> None:
    value = ctx.get(key.name)
    if value is not None:
        ctx.report(key, f"{value.key} is ignored: {reason}", code=ALIAS_IGNORED)


def _apply(ctx: Context) -> None:
    allow, whitelist = ctx.get(ALLOW.name), ctx.get(WHITELIST.name)
    # checkAnnotation reads the old name only when the new one is absent or empty; an empty old name is
    # never read, and the new one, absent, then means no list at all.
    if allow is not None and allow.text:
        _list(ctx, ALLOW, "let in only")
        _ignored(
            ctx,
            WHITELIST,
            "ingress-nginx reads this old name only when allowlist-source-range is absent "
            "or empty, and this Ingress sets it: remove this one",
        )
    elif whitelist is not None and whitelist.text:
        _ignored(ctx, ALLOW, "it is empty, so ingress-nginx read whitelist-source-range instead")
        _list(ctx, WHITELIST, "let in only")
    else:
        _list(ctx, ALLOW, "let in only")
        _ignored(ctx, WHITELIST, "it is empty, and ingress-nginx reads an empty old name as absent")
    _list(ctx, DENY, "turned away (with 403, before any allow entry)")
    satisfy = ctx.get(SATISFY.name)
    if satisfy is None:
        return
    has_auth = any(name in ctx.values for name in _AUTH_KEYS)
    has_addresses = any(name in ctx.values for name in (ALLOW.name, WHITELIST.name, DENY.name))
    if has_auth and has_addresses:
        joined = "either the address rules or" if normal(satisfy.text) == "any" else "both the address rules and"
        effect = f"let a request in when {joined} the authentication passed"
    else:
        effect = "had no effect: it combines authentication with address rules, and this Ingress lacks one of them"
    ctx.report(SATISFY, f"{not_converted(SATISFY, satisfy.key)}. It {effect}")


FAMILY = Family("Client address access", KEYS, _apply, codes=(ALIAS_IGNORED, EMPTY_LIST))
