"""Redirects: permanent/temporal-redirect and their codes, from-to-www-redirect, app-root, use-port-in-redirects.

ingress-nginx answers every request of a location with a redirect annotation with `return <code> <url>`: the
URL is literal (the validator forbids `$`), so the request's path and query are dropped. temporal-redirect wins
over permanent-redirect; a code outside 300-307 (temporal) or 300-308 (permanent) falls back to 302 / 301
(annotations/redirect). app-root adds `if ($uri = /) { return 302 <app-root>; }` to the server block for each
location that has it (nginx.tmpl), so it is host-wide; from-to-www-redirect on any location gives the host an
extra server for the other name that answers 308 (pkg/util/ingress BuildRedirects).

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/permanent-redirect: https://new.example.com/landing
        nginx.ingress.kubernetes.io/permanent-redirect-code: "308"

becomes, for each path of the Ingress (and, on the Ingress that created the host, for its root too):

    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: https
        hostname: new.example.com
        path: {type: ReplaceFullPath, replaceFullPath: /landing}
        statusCode: 308

Values the validators refuse are reported by the dispatcher: a code or from-to-www-redirect that is not a
number or boolean, or a URL with forbidden characters, refuses the Ingress; a URL whose scheme is not
http(s) drops every redirect annotation of the Ingress; app-root and use-port-in-redirects fall back to their
defaults. What is left here is the parser's own range check of the codes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from migrate.annotations.base import Context, Family, Key, Scope, Status, Value
from migrate.annotations.values import boolean, fallback, integer, remember, text
from migrate.findings import Code, Severity
from migrate.intents import Redirect
from migrate.validation import DNS_SUBDOMAIN

KEYS = (
    Key(
        "permanent-redirect",
        Status.STANDARD,
        "IM420",
        "RequestRedirect to the URL (path ReplaceFullPath), 301, no backend",
    ),
    Key("permanent-redirect-code", Status.STANDARD, "IM421", "RequestRedirect statusCode (301, 302, 303, 307, 308)"),
    Key(
        "temporal-redirect",
        Status.STANDARD,
        "IM422",
        "RequestRedirect to the URL (path ReplaceFullPath), 302, no backend; wins over permanent-redirect",
    ),
    Key("temporal-redirect-code", Status.STANDARD, "IM423", "RequestRedirect statusCode (301, 302, 303, 307)"),
    Key(
        "from-to-www-redirect",
        Status.STANDARD,
        "IM424",
        "HTTPRoute for the other name (www or apex) with RequestRedirect hostname, 308",
        # Any location of the host that has it gives the host the redirect (controller.go), not the oldest.
        scope=Scope.LOCATION,
    ),
    Key(
        "app-root",
        Status.STANDARD,
        "IM425",
        "Exact / rule with RequestRedirect path ReplaceFullPath, 302 (host-wide)",
        # Rendered into the server block by every location that has it; the first in nginx order wins.
        scope=Scope.LOCATION,
    ),
    Key("use-port-in-redirects", Status.STANDARD, "IM426", "RequestRedirect port on the generated redirects"),
    Key(
        "relative-redirects",
        Status.NONE,
        "IM427",
        "nothing: Gateway redirects are always absolute",
        why="Gateway redirects always carry an absolute Location",
        use="nothing: clients follow absolute redirects the same way",
    ),
    Key(
        "proxy-redirect-from",
        Status.NONE,
        "IM428",
        "nothing: upstream Location headers are not rewritten",
        why="rewriting the Location headers of backend responses has no field",
        use=(
            "nothing standard: send the right Location from the application, or an NGINX Gateway Fabric "
            "SnippetsFilter (proxy_redirect)"
        ),
    ),
    Key(
        "proxy-redirect-to",
        Status.NONE,
        "IM429",
        "nothing: upstream Location headers are not rewritten",
        why="rewriting the Location headers of backend responses has no field",
        use=(
            "nothing standard: send the right Location from the application, or an NGINX Gateway Fabric "
            "SnippetsFilter (proxy_redirect)"
        ),
    ),
)
PERMANENT, PERMANENT_CODE, TEMPORAL, TEMPORAL_CODE, FROM_TO_WWW, APP_ROOT, USE_PORT = KEYS[:7]

# The family's IM42x group is taken by its keys; its extra codes continue the HTTPS family's IM41x group.
CODE_NOT_REDIRECT = Code(
    "IM415", "redirect-code-not-expressible", Severity.WARNING, "a redirect code Gateway API cannot send"
)
QUERY_DIFFERS = Code("IM416", "redirect-query", Severity.WARNING, "a redirect treats the query string differently")
WWW_REDIRECT = Code("IM417", "www-redirect", Severity.INFO, "how the www redirect differs or why it was left out")
CODES = (CODE_NOT_REDIRECT, QUERY_DIFFERS, WWW_REDIRECT)

# nginx's `return code URL` form exists only for these codes; any other code sends the URL as the body.
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def apply(ctx: Context) -> None:
    location = ctx.intents.location
    root = ctx.get(APP_ROOT.name)
    if root is not None and text(root):
        location.app_root = text(root)
        remember(ctx, root)
    location.use_port_in_redirects = boolean(ctx, USE_PORT, default=False)
    location.from_to_www = boolean(ctx, FROM_TO_WWW, default=False)
    # annotations/redirect Parse: temporal first, permanent only without it.
    location.redirect = _redirect(ctx, TEMPORAL, TEMPORAL_CODE, 302, range(300, 308)) or _redirect(
        ctx, PERMANENT, PERMANENT_CODE, 301, range(300, 309)
    )


def _redirect(ctx: Context, key: Key, code_key: Key, default: int, valid: range) -> Redirect | None:
    value = ctx.get(key.name)
    url = text(value) if value is not None else ""
    if value is None or not url:
        return None
    remember(ctx, value)
    code = default
    written = ctx.get(code_key.name)
    number = integer(written) if written is not None else None
    if written is not None and number is not None:
        if number not in valid:
            fallback(ctx, code_key, written, f"is outside {valid.start}-{valid.stop - 1}", str(default))
        else:
            code = number
            remember(ctx, written)
    if code not in REDIRECT_CODES:
        ctx.flag(
            code_key,
            f"{code_key.name} {code}: nginx's `return <code> <url>` only redirects with 301, 302, 303, 307 and "
            f"308; with {code} ingress-nginx answered that status without a Location header (the URL became the "
            f"body), which Gateway API cannot send; the output redirects with {default} instead: use a redirect code",
            code=CODE_NOT_REDIRECT,
            value=written,
        )
        code = default
    _expressible(ctx, key, value, url)
    return Redirect(url, code, key.name)


def _expressible(ctx: Context, key: Key, value: Value, url: str) -> None:
    scheme, host, _, _, query = redirect_target(url)
    written_host = urlsplit(url).hostname
    if scheme not in ("http", "https"):
        ctx.flag(
            key,
            f"{value.key}: scheme {scheme!r} cannot be written in a Gateway API redirect (http or https "
            "only); the output keeps the request's scheme: fix the URL",
            value=value,
        )
    if written_host and host is None:
        ctx.flag(
            key,
            f"{value.key}: host {written_host!r} is not a hostname Gateway API accepts; the output "
            "keeps the request's host: fix the URL",
            value=value,
        )
    lost = f"its own query ?{query} cannot be written in a Gateway API redirect and is lost, and " if query else ""
    ctx.flag(
        key,
        f"{value.key}: ingress-nginx redirected to exactly this URL, dropping the request's query string; {lost}"
        "Gateway implementations keep the request's query (Envoy-based ones do), so the target may now receive "
        "query parameters: make sure it ignores or expects them",
        code=QUERY_DIFFERS,
        value=value,
    )


def redirect_target(url: str) -> tuple[str | None, str | None, int | None, str, str]:
    """A redirect URL in RequestRedirect terms: scheme, hostname, port, path and the query it carries."""
    parts = urlsplit(url)
    port: int | None
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname
    if host is not None and not DNS_SUBDOMAIN.match(host):
        host = None
    return parts.scheme.lower() or None, host, port, parts.path or "/", parts.query


FAMILY = Family("Redirects", KEYS, apply, frozenset(key.name for key in KEYS[:7]), CODES)
