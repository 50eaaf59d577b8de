"""Web application firewall: ModSecurity (ingress-nginx internal/ingress/annotations/modsecurity).

Gateway API has no firewall, so nothing here is converted. ingress-nginx ran ModSecurity inside nginx;
Gateway implementations either bring their own WAF or none.

    nginx.ingress.kubernetes.io/enable-modsecurity: "true"
    nginx.ingress.kubernetes.io/enable-owasp-core-rules: "true"

turned ModSecurity and the OWASP Core Rule Set on for every path of the Ingress. On NGINX Gateway Fabric
(NGINX Plus) a WAFPolicy with F5 WAF for NGINX is the nearest thing, not the same rules; on Envoy Gateway
a Wasm WAF module (such as Coraza) loaded by an EnvoyExtensionPolicy.

The OWASP rules and the transaction id take effect only where ModSecurity is on: enable-modsecurity on the
Ingress, or `enable-modsecurity` in the controller ConfigMap.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.parsing import go_bool
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

_WAF = (
    "NGINX Gateway Fabric WAFPolicy.spec.policySource with NginxProxy.spec.waf.enable (approx: F5 WAF for NGINX on "
    "NGINX Plus, not ModSecurity rule sets), Envoy Gateway EnvoyExtensionPolicy.spec.wasm[] with a WAF module such as "
    "Coraza (guess: not shipped with Envoy Gateway); kgateway: nothing"
)
KEYS = (
    Key(
        "enable-modsecurity",
        Status.POLICY,
        "IM600",
        "nothing standard; implementation WAF policies",
        why="web application firewalls are left to implementations",
        use=_WAF,
    ),
    Key(
        "enable-owasp-core-rules",
        Status.POLICY,
        "IM601",
        "nothing standard; implementation WAF policies",
        why="web application firewalls are left to implementations",
        use=_WAF,
    ),
    Key(
        "modsecurity-transaction-id",
        Status.NONE,
        "IM602",
        "nothing",
        why="the ModSecurity transaction id has no equivalent",
        use="nothing: the implementation's WAF logs its own request ids",
    ),
)
ENABLE, OWASP, TRANSACTION = KEYS

NO_EFFECT = Code("IM603", "waf-option-unused", Severity.INFO, "a ModSecurity option where ModSecurity is off")


def _apply(ctx: Context) -> None:
    enable = ctx.get(ENABLE.name)
    enabled = go_bool(normal(enable.text)) if enable is not None else None
    if enable is not None and enabled is False:
        ctx.report(
            ENABLE,
            f"{enable.key} is false: it kept ModSecurity off for these paths, even where the controller ConfigMap "
            "switched it on; nothing to migrate",
            code=NO_EFFECT,
        )
    elif enable is not None:
        ctx.report(ENABLE, f"{not_converted(ENABLE, enable.key)}. It ran ModSecurity on every path of this Ingress")
    for key in (OWASP, TRANSACTION):
        value = ctx.get(key.name)
        if value is None or enabled is True:
            continue
        if enabled is False:
            ctx.report(key, f"{value.key} had no effect: this Ingress switches ModSecurity off", code=NO_EFFECT)
            continue
        ctx.report(
            key,
            f"{value.key} takes effect only where ModSecurity is on, which this Ingress leaves to the controller "
            f"ConfigMap (enable-modsecurity); if it was on there, {not_converted(key, value.key)}",
            code=NO_EFFECT,
        )


FAMILY = Family("Web application firewall", KEYS, _apply, codes=(NO_EFFECT,))
