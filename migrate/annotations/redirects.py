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

Values: a code or from-to-www-redirect that fails its validator, or a URL with characters the validator
forbids, makes the redirect parser return a validation error, so the controller refused the Ingress. A URL
whose scheme is not http(s) makes the parser return a plain error: the redirect annotations of that Ingress
were ignored (from-to-www-redirect included). app-root and use-port-in-redirects fall back to their defaults.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from migrate.annotations.base import Context, Family, Key, Scope, Status, Value, truthy
from migrate.annotations.values import PATH_WITH_CAPTURE, URL_CHARS, boolean, fallback, integer, refused, remember
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
REFUSED = Code(
    "IM415", "redirect-value-refused", Severity.ERROR, "a redirect value made ingress-nginx refuse the Ingress"
)
CODE_NOT_REDIRECT = Code(
    "IM416", "redirect-code-not-expressible", Severity.WARNING, "a redirect code Gateway API cannot send"
)
QUERY_DIFFERS = Code("IM417", "redirect-query", Severity.WARNING, "a redirect treats the query string differently")
WWW_REDIRECT = Code("IM418", "www-redirect", Severity.INFO, "how the www redirect differs or why it was left out")
REDIRECT_IGNORED = Code("IM419", "redirect-ignored", Severity.WARNING, "a redirect ingress-nginx ignored")
CODES = (REFUSED, CODE_NOT_REDIRECT, QUERY_DIFFERS, WWW_REDIRECT, REDIRECT_IGNORED)

# nginx's `return code URL` form exists only for these codes; any other code sends the URL as the body.
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def apply(ctx: Context) -> None:
    location = ctx.intents.location
    location.app_root = _app_root(ctx)
    location.use_port_in_redirects = boolean(ctx, USE_PORT, default=False)
    _redirect(ctx)


def _redirect(ctx: Context) -> None:
    """annotations/redirect Parse, in its order: from-to-www, temporal URL and code, then permanent."""
    www = ctx.get(FROM_TO_WWW.name)
    to_www = False
    if www is not None:
        parsed = truthy(www.text)
        if parsed is None:
            refused(ctx, FROM_TO_WWW, www, "is not a boolean (true or false)", REFUSED)
        else:
            to_www = parsed
            remember(ctx, www)
    chosen = _url(ctx, TEMPORAL, TEMPORAL_CODE, 302, range(300, 308))
    if chosen is None:
        chosen = _url(ctx, PERMANENT, PERMANENT_CODE, 301, range(300, 309))
    if isinstance(chosen, Value):
        ctx.flag(
            TEMPORAL if chosen.name == TEMPORAL.name else PERMANENT,
            f"{chosen.key}: {chosen.text!r} is not an http or https URL, so ingress-nginx ignored every redirect "
            "annotation of this Ingress (from-to-www-redirect included); the output does the same: fix or remove it",
            code=REDIRECT_IGNORED,
            value=chosen,
        )
        return
    ctx.intents.location.from_to_www = to_www
    if chosen is not None:
        ctx.intents.location.redirect = chosen


def _url(ctx: Context, key: Key, code_key: Key, default: int, valid: range) -> Redirect | Value | None:
    """The redirect of one annotation pair; a Value when the URL is not http(s) (the parser's plain error)."""
    value = ctx.get(key.name)
    url = value.text.strip() if value is not None else ""
    code = default
    written = ctx.get(code_key.name)
    # The code is read even without a URL, and only when the parser gets that far (temporal before permanent).
    if written is not None and written.text.strip():
        number = integer(written.text.strip())
        if number is None:
            refused(ctx, code_key, written, "is not an integer", REFUSED)
        elif number not in valid:
            fallback(ctx, code_key, written, f"is outside {valid.start}-{valid.stop - 1}", str(default))
        else:
            code = number
            remember(ctx, written)
    if value is None or not url:
        return None
    if not URL_CHARS.match(url):
        refused(ctx, key, value, "has characters the redirect URL validator rejects", REFUSED)
        return None
    if not urlsplit(url).scheme.lower().startswith("http"):
        return value
    remember(ctx, value)
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


def _app_root(ctx: Context) -> str | None:
    """rewrite Parse: the RegexPathWithCapture validator, then url.ParseRequestURI, which needs an absolute
    path (a full URL is refused as not being one); any failure leaves app-root empty."""
    value = ctx.get(APP_ROOT.name)
    if value is None:
        return None
    text = value.text.strip()
    if not PATH_WITH_CAPTURE.match(text):
        fallback(ctx, APP_ROOT, value, "has characters the app-root validator rejects", "no app-root")
        return None
    if not text.startswith("/"):
        fallback(ctx, APP_ROOT, value, "is not an absolute path (it must start with /)", "no app-root")
        return None
    remember(ctx, value)
    return text


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


FAMILY = Family("Redirects", KEYS, apply, frozenset(key.name for key in KEYS[:7]))
