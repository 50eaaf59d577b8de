"""TLS passthrough: the host's TLS connections go to the backend undecrypted.

With the controller flag --enable-ssl-passthrough, ingress-nginx hands every TLS connection whose SNI is
a passthrough host to the backend of that host's `/` location (controller.go: other paths are ignored
with a warning) and ignores every other annotation for that traffic: it never sees HTTP. The host's
plain-HTTP side on port 80 keeps its locations. The oldest Ingress of the host decides.

    spec:
      rules:
      - host: db.example.com
        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 8443}}}}]}
    metadata:
      annotations:
        nginx.ingress.kubernetes.io/ssl-passthrough: "true"
    ->
    Gateway listener {name: tls.db.example.com, protocol: TLS, port: 443, hostname: db.example.com,
                      tls: {mode: Passthrough}}
    kind: TLSRoute
    spec: {hostnames: [db.example.com], rules: [{backendRefs: [{name: db, port: 8443}]}]}
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Scope, Status, truthy
from migrate.annotations.references import written
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "ssl-passthrough",
        Status.STANDARD,
        "IM520",
        "TLS listener in Passthrough mode and a TLSRoute",
        scope=Scope.SERVER,
    ),
)
(PASSTHROUGH,) = KEYS

NO_ROOT = Code("IM521", "passthrough-no-root", Severity.WARNING, "a passthrough host has no `/` backend")
PATHS_IGNORED = Code("IM522", "passthrough-paths-ignored", Severity.WARNING, "passthrough used only the `/` path")
ANNOTATIONS_IGNORED = Code(
    "IM523", "passthrough-annotations-ignored", Severity.INFO, "annotations passthrough traffic never saw"
)
NO_HOST = Code("IM524", "passthrough-no-host", Severity.WARNING, "passthrough needs a host (the TLS SNI)")
EXISTING = Code("IM525", "passthrough-existing-gateway", Severity.INFO, "what the existing Gateway must serve")
CODES = (NO_ROOT, PATHS_IGNORED, ANNOTATIONS_IGNORED, NO_HOST, EXISTING)


def apply(ctx: Context) -> None:
    value = ctx.get(PASSTHROUGH.name)
    if value is None or not value.text:
        return
    # A value that is not a boolean refused the whole Ingress (validators report it; it never gets here).
    if truthy(value.text) is not True:
        return
    ctx.intents.server.passthrough = written(value)
    if not any(rule.host for rule in ctx.ingress.rules):
        ctx.flag(
            PASSTHROUGH,
            f"{value.key}: passthrough picks the backend by the TLS server name, and this Ingress has no host, so "
            "ingress-nginx passed nothing through; nothing is generated for it on port 443",
            code=NO_HOST,
        )
        return
    others = sorted(v.key for name, v in ctx.values.items() if name != PASSTHROUGH.name)
    if others:
        ctx.flag(
            PASSTHROUGH,
            f"{value.key}: passthrough traffic is never decrypted, so ingress-nginx applied none of this Ingress's "
            f"other annotations to it ({', '.join(others)}), and neither does the TLSRoute; they still apply to "
            "the host's plain-HTTP routes on port 80",
            code=ANNOTATIONS_IGNORED,
        )


FAMILY = Family("TLS passthrough", KEYS, apply, handles=frozenset({PASSTHROUGH.name}), codes=CODES)
