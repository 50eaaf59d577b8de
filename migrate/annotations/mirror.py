"""Mirroring: a copy of every request of the Ingress sent to another URL.

ingress-nginx (mirror/main.go, nginx `mirror`) copies each request of every path of the Ingress to
mirror-target, typically `http://<service>.<namespace>.svc.cluster.local$request_uri`. Gateway API's
RequestMirror filter sends the copy to a Service backendRef, so the URL must name a cluster Service: one
in the input, or one written with svc.cluster.local naming. Other URLs are flagged.

    nginx.ingress.kubernetes.io/mirror-target: http://shadow.shop.svc.cluster.local:8080$request_uri
    ->
    filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: shadow, namespace: shop, port: 8080}}
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.references import service_url, written
from migrate.findings import Code, Severity
from migrate.intents import Mirror

KEYS = (
    Key("mirror-target", Status.STANDARD, "IM490", "RequestMirror filter to the Service the URL names"),
    Key(
        "mirror-host",
        Status.NONE,
        "IM491",
        "nothing: the mirrored Host header cannot be set",
        why="the Host header of mirrored requests cannot be set",
        use="nothing: which Host a mirrored request carries is up to the implementation",
    ),
    Key(
        "mirror-request-body",
        Status.NONE,
        "IM492",
        "nothing: mirrors always carry the body",
        why="RequestMirror always copies the whole request",
        use="nothing: mirrors carry the body",
    ),
)
TARGET, HOST, BODY = KEYS

UNRESOLVED = Code("IM493", "mirror-not-a-service", Severity.WARNING, "a mirror URL that names no cluster Service")
CODES = (UNRESOLVED,)


def apply(ctx: Context) -> None:
    # Values the validators refused never get here: ingress-nginx then mirrored nothing, or kept the body.
    body = ctx.get(BODY.name)
    if body is not None and body.text.strip() == "off":
        ctx.flag(
            BODY,
            f"{body.key} off: ingress-nginx mirrored requests without their body; RequestMirror cannot leave it "
            "out, so the mirror now receives request bodies",
        )
    value = ctx.get(TARGET.name)
    if value is None or not value.text.strip():
        return
    target = service_url(value.text)
    if isinstance(target, str):
        ctx.flag(
            TARGET,
            f"{value.key} {value.text!r} {target}, so nginx could not proxy the copies anywhere; no mirror is "
            "generated: write the URL of the Service that should receive them",
            code=UNRESOLVED,
        )
        return
    ctx.intents.location.mirror = Mirror(target, written(value))


FAMILY = Family("Mirroring", KEYS, apply, handles=frozenset({TARGET.name, BODY.name}), codes=CODES)
