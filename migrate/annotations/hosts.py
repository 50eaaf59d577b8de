"""Server aliases: server-alias.

ingress-nginx adds the aliases to the `server_name` of every host of the Ingress whose server has none yet
(the oldest Ingress of a host that sets them wins), drops an alias that is the host itself or another
server's host (controller.go createServers), and writes the rest verbatim, so nginx's own server_name syntax
applies: `*.example.com` (any depth), `.example.com` (the name and its subdomains), `www.example.*` and
`~regex`. `migrate.nginx.hostnames` applies those rules; the routes get the aliases as extra hostnames.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/server-alias: shop.example.net, .example.org
    spec:
      rules:
      - host: shop.example.com

becomes an HTTPRoute (or several: 16 hostnames at most) with

    hostnames: [shop.example.com, example.org, "*.example.org", shop.example.net]

and, when the host has a certificate, HTTPS listeners for the aliases with that certificate.

A value the validator (ValidateArrayOfServerName) rejects makes the alias parser return the error, so the
controller refused the Ingress: the dispatcher reports it.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Scope, Status
from migrate.annotations.values import remember
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "server-alias",
        Status.STANDARD,
        "IM430",
        "extra HTTPRoute hostnames (and HTTPS listeners for them)",
        scope=Scope.SERVER,
    ),
)
SERVER_ALIAS = KEYS[0]

ALIAS_DROPPED = Code("IM431", "alias-dropped", Severity.INFO, "an alias ingress-nginx did not use")
ALIAS_NOT_EXPRESSIBLE = Code(
    "IM432", "alias-not-expressible", Severity.WARNING, "an nginx server_name form Gateway API hostnames cannot express"
)
ALIAS_CERTIFICATE = Code(
    "IM433", "alias-certificate", Severity.INFO, "an alias is served on HTTPS with its host's certificate"
)
ALIAS_NO_CERTIFICATE = Code(
    "IM434",
    "alias-no-certificate",
    Severity.WARNING,
    "ingress-nginx had no certificate for names of a wildcard alias, so it did not redirect them to HTTPS",
)
CODES = (ALIAS_DROPPED, ALIAS_NOT_EXPRESSIBLE, ALIAS_CERTIFICATE, ALIAS_NO_CERTIFICATE)


def apply(ctx: Context) -> None:
    value = ctx.get(SERVER_ALIAS.name)
    if value is None:
        return
    names = [part.strip() for part in value.text.split(",")]
    aliases = tuple(sorted({name for name in names if name}))
    if aliases:
        ctx.intents.server.aliases = aliases
        remember(ctx, value)


FAMILY = Family("Server aliases", KEYS, apply, frozenset({SERVER_ALIAS.name}), CODES)
