"""Snippets: raw nginx configuration in annotations (ingress-nginx snippet, serversnippet, streamsnippet,
authreq, modsecurity parsers).

Nothing here can be converted, and the presence of a snippet says something about the whole Ingress: the
five snippet annotations are Critical-risk, and with the controller's defaults (`annotations-risk-level:
High`, `allow-snippet-annotations: false`, config.go) `Extractor.Extract` refuses every Ingress that carries
one (parser.CheckAnnotationRisk, annotations.go). The admission webhook rejects it at apply time; without
the webhook a new Ingress is never served and an updated one keeps its previous version. Such an Ingress
was served only under `annotations-risk-level: Critical`, and its snippet applied only when
`allow-snippet-annotations: true` as well (otherwise the controller drops the snippet text). A manifest
cannot tell which was the case, so the routing is converted and each snippet is an error that quotes it:

    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";

is reported at the annotation with its first line; to keep it on NGINX Gateway Fabric, put it in a
SnippetsFilter (context http.server.location) referenced from the rules by an ExtensionRef filter.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Scope, Status
from migrate.annotations.parsing import first_line
from migrate.annotations.validators import shown
from migrate.findings import Severity

_RAW = "raw nginx configuration has no Gateway API form"
KEYS = (
    Key(
        "configuration-snippet",
        Status.POLICY,
        "IM590",
        "nothing: raw nginx configuration",
        why=_RAW,
        use=(
            "NGINX Gateway Fabric SnippetsFilter.spec.snippets[] (context http.server.location, value the snippet) "
            "referenced by an ExtensionRef filter, with snippets enabled in NGF and ingress-nginx variables and Lua "
            "rewritten; Envoy Gateway EnvoyPatchPolicy.spec.jsonPatches[] or EnvoyExtensionPolicy.spec.lua[] (a "
            "manual rewrite); kgateway has no raw-configuration API"
        ),
        severity=Severity.ERROR,
    ),
    Key(
        "server-snippet",
        Status.POLICY,
        "IM591",
        "nothing: raw nginx configuration",
        why=_RAW,
        use=(
            "NGINX Gateway Fabric SnippetsFilter (per route) or SnippetsPolicy (per Gateway), context http.server, "
            "with snippets enabled in NGF; Envoy Gateway EnvoyPatchPolicy.spec.jsonPatches[] (a manual rewrite); "
            "kgateway has no raw-configuration API"
        ),
        scope=Scope.SERVER,
        severity=Severity.ERROR,
    ),
    Key(
        "stream-snippet",
        Status.NONE,
        "IM592",
        "nothing: raw nginx configuration",
        why="raw nginx stream (TCP/UDP) configuration has no Gateway API form",
        use="nothing carries it: port what it does by hand (TCPRoute or UDPRoute, experimental, for plain forwarding)",
        severity=Severity.ERROR,
    ),
    Key(
        "auth-snippet",
        Status.NONE,
        "IM593",
        "nothing: raw nginx configuration",
        why="raw nginx configuration of the auth subrequest has no Gateway API form",
        use="nothing carries it: move what it does into the external auth service",
        severity=Severity.ERROR,
    ),
    Key(
        "modsecurity-snippet",
        Status.NONE,
        "IM594",
        "nothing: raw ModSecurity configuration",
        why="inline ModSecurity rules have no Gateway API form",
        use=(
            "the implementation's WAF, by hand: NGINX Gateway Fabric WAFPolicy (F5 WAF for NGINX, not ModSecurity "
            "rules), Envoy Gateway EnvoyExtensionPolicy.spec.wasm[] with a WAF module such as Coraza (guess)"
        ),
        severity=Severity.ERROR,
    ),
)
CONFIGURATION, SERVER, STREAM, AUTH, MODSECURITY = KEYS
# Their presence refuses the whole Ingress, a canary one too: the dispatcher keeps them on canaries.
REFUSE_INGRESS = frozenset(key.name for key in KEYS)

_REFUSED = (
    "Snippets are Critical-risk annotations: with the controller's defaults (annotations-risk-level: High, "
    "allow-snippet-annotations: false) ingress-nginx refused this whole Ingress (the admission webhook rejected "
    "it; otherwise a new Ingress was never served and an updated one kept its previous version), so the routing "
    "converted here may not be what the cluster served. The Ingress was served only with annotations-risk-level: "
    "Critical, and the snippet applied only with allow-snippet-annotations: true as well: check the controller's "
    "settings before cutting over"
)


def _where(ctx: Context, key: Key) -> str:
    """What else limited where the snippet applied."""
    if ctx.intents.canary:
        return " (on a canary Ingress the snippet itself was ignored, but it still refused the Ingress)"
    if key is SERVER:
        return " (per host, only the oldest Ingress's server-snippet counted)"
    if key is AUTH and "auth-url" not in ctx.values:
        return " (without auth-url it had no effect at all)"
    if key is MODSECURITY:
        return " (it applied only where ModSecurity was on: enable-modsecurity here or in the ConfigMap)"
    return ""


def _apply(ctx: Context) -> None:
    for key in KEYS:
        value = ctx.get(key.name)
        if value is None:
            continue
        lines = [line for line in value.text.splitlines() if line.strip()]
        if lines:
            held = f"{len(lines)} line{'s' if len(lines) != 1 else ''}, first {shown(first_line(value.text))}"
        else:
            held = "empty, yet its presence alone counts"
        ctx.report(
            key,
            f"{value.key} holds raw configuration ({held}){_where(ctx, key)}, which is not converted. {_REFUSED}. "
            f"To keep the snippet, use {key.use}",
        )


FAMILY = Family("Snippets", KEYS, _apply)
