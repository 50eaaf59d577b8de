"""The validation table: for every annotation, ingress-nginx's validator and what a refused value did.

Each annotation parser asks `parser.checkAnnotation` for its value, which runs the annotation's validator
(on by default since v1.12, controller flag `--enable-annotation-validation`; empty values are never
validated). What a failure then does depends on the parser; the table says it per key, as each parser of
ingress-nginx v1.15 handles the error (internal/ingress/annotations/*/main.go):

- REFUSED: the parser returns the validation error, `Extractor.Extract` stops (annotations.go: "ingress
  contains invalid annotation value") and the controller skips the whole Ingress.
- DENIED: the parser turns the error into "location denied": every path of the Ingress answers 503.
- IGNORED: the parser falls back to its default, as if the annotation were absent.
- DROPPED: the parser returns another kind of error, which Extract skips: every annotation that parser
  reads is ignored on this Ingress.

A rule with `parsed` checks what the parser does with the value after the validator passed (a URL that
must be http, codes that must each be a number). A gate says when the parser reads the key at all
(auth-realm only after auth-type and auth-secret, the auth-tls-* options only with a usable
auth-tls-secret, ...): a key it never reads is never refused.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from migrate.annotations import checks as c
from migrate.annotations.parsing import go_bool


class Effect(enum.Enum):
    REFUSED = "refused"
    DENIED = "denied"
    IGNORED = "ignored"
    DROPPED = "dropped"


Values = Mapping[str, str]
Gate = Callable[[Values, "str | None"], bool]


@dataclass(frozen=True)
class Rule:
    check: c.Check
    effect: Effect
    fallback: str = ""  # IGNORED: what ingress-nginx used instead; DROPPED: the group it dropped
    parsed: bool = False  # checks the value the parser read (trimmed line by line), not the raw one
    drops: tuple[str, ...] = ()  # DROPPED: the keys of the group, ignored with it


def normal(text: str) -> str:
    """parser.normalizeString: every line trimmed."""
    return "\n".join(line.strip() for line in text.split("\n"))


# -- gates: when a parser reads the key at all ----------------------------------------------------------


def _passes(name: str, values: Values) -> bool:
    text = values.get(name, "")
    return text != "" and all(rule.check(text) is None for rule in TABLE[name][0] if not rule.parsed)


def _same_namespace(referenced: str | None, namespace: str | None) -> bool:
    """allow-cross-namespace-resources is off by default: a reference to another namespace is denied before
    the options are read. Without a namespace in the manifest, any reference counts as the same."""
    return namespace is None or referenced == namespace


def _auth_type(values: Values, _: str | None) -> bool:
    return _passes("auth-type", values)


def _auth_secret(values: Values, namespace: str | None) -> bool:
    """auth-realm is read after the Secret: a usable auth-secret in the Ingress's namespace."""
    secret_type = values.get("auth-secret-type", "")
    if not _auth_type(values, namespace) or (secret_type and not _passes("auth-secret-type", values)):
        return False
    if not _passes("auth-secret", values):
        return False
    secret_namespace = values["auth-secret"].partition("/")[0] if "/" in values["auth-secret"] else ""
    return _same_namespace(secret_namespace or namespace, namespace)


def _tls_secret(values: Values, namespace: str | None) -> bool:
    """The auth-tls-* options are read only with an auth-tls-secret `namespace/name` of this namespace."""
    text = values.get("auth-tls-secret", "")
    parts = text.split("/")
    return _passes("auth-tls-secret", values) and len(parts) == 2 and _same_namespace(parts[0] or namespace, namespace)


def _proxy_secret(values: Values, namespace: str | None) -> bool:
    """The proxy-ssl-* options are read only with a proxy-ssl-secret `namespace/name` of this namespace."""
    parts = values.get("proxy-ssl-secret", "").split("/")
    return _passes("proxy-ssl-secret", values) and len(parts) == 2 and _same_namespace(parts[0], namespace)


def _auth_url(values: Values, _: str | None) -> bool:
    return _passes("auth-url", values) and c.url_problem(normal(values["auth-url"])) is None


def _otel(values: Values, _: str | None) -> bool:
    return go_bool(values.get("enable-opentelemetry", "")) is True


def _temporal(values: Values, _: str | None) -> bool:
    return normal(values.get("temporal-redirect", "")) != ""


def _no_temporal(values: Values, namespace: str | None) -> bool:
    return not _temporal(values, namespace)


def _main_unset(main: str) -> Gate:
    """A deprecated alias is read only when its main name is absent or empty (checkAnnotation aliases)."""
    return lambda values, _: not values.get(main)


def _rules(*rules: Rule) -> tuple[Rule, ...]:
    return rules


R, D, I, X = Effect.REFUSED, Effect.DENIED, Effect.IGNORED, Effect.DROPPED  # noqa: E741 - table letters
_BOOL, _INT = c.boolean, c.integer
_ON_OFF = c.pattern("on|off", True, "on or off")
_SIZE = c.pattern("[0-9]+[bkmg]?", True, "an nginx size such as 8k or 10m", flags=re.IGNORECASE)
_COOKIE_AGE = c.pattern(r"^0|-?[1-9][0-9]*\Z", True, "a number of seconds", search=True)
_UPSTREAM = (
    r"(?:(?:error|timeout|invalid_header|http_500|http_502|http_503|http_504|http_403|http_404|http_429"
    r"|non_idempotent|off)\s?)+"
)
_ORIGINS = r"(?:https?://|\*\.|[A-Za-z0-9.\-]|:[0-9]+|,)*|\*"
_METHODS = r"[A-Za-z]+(?:(?:,\s?|\s)[A-Za-z]+)*(?:,\s?|\s)?"
_EXPOSE = r"[A-Za-z0-9_*\-]+(?:(?:,\s?|\s)[A-Za-z0-9_*\-]+)*(?:,\s?|\s)?"
_CIPHERS = r"(?:[A-Za-z0-9!:+\-_]|@STRENGTH|@SECLEVEL=[0-5])*"
_ERROR_PAGE = r"(?:(?:https?://)?[A-Za-z0-9\-.]*(?::[0-9]+)?/[A-Za-z0-9\-.]*)?"
_AUTH = "its external-auth annotations (auth-url and its options: its paths were served without authentication)"
_REDIRECT = "its redirect annotations (temporal-redirect, permanent-redirect, from-to-www-redirect)"
# The keys the external-auth parser reads (auth-snippet aside: a snippet is never dropped unreported).
_AUTH_KEYS = (
    "auth-url",
    "auth-method",
    "auth-signin",
    "auth-signin-redirect-param",
    "auth-cache-key",
    "auth-cache-duration",
    "auth-keepalive",
    "auth-keepalive-requests",
    "auth-keepalive-timeout",
    "auth-keepalive-share-vars",
    "auth-response-headers",
    "auth-proxy-set-headers",
    "auth-request-redirect",
    "auth-always-set-cookie",
)
_REDIRECT_KEYS = (
    "temporal-redirect",
    "temporal-redirect-code",
    "permanent-redirect",
    "permanent-redirect-code",
    "from-to-www-redirect",
    "relative-redirects",
)
_BALANCERS = ("round_robin", "chash", "chashsubset", "sticky_balanced", "sticky_persistent", "ewma")

# name -> (rules in the order the parser applies them, gate)
TABLE: dict[str, tuple[tuple[Rule, ...], Gate | None]] = {
    # alias
    "server-alias": (_rules(Rule(c.server_names, R)), None),
    # auth (basic/digest)
    "auth-type": (_rules(Rule(c.pattern("basic|digest", True, "basic or digest", search=True), R)), None),
    "auth-secret-type": (
        _rules(
            Rule(c.pattern("auth-file|auth-map", True, "auth-file or auth-map", search=True), R),
            Rule(c.secret_type, D, parsed=True),
        ),
        _auth_type,
    ),
    "auth-secret": (_rules(Rule(c.chars(c.BASIC, True), D)), _auth_type),
    "auth-realm": (_rules(Rule(c.chars(c.WITH_SPACE, False), R)), _auth_secret),
    # external auth (authreq): read only with a usable auth-url
    "auth-url": (
        _rules(Rule(c.chars(c.URL_WITH_VARIABLES, True), R), Rule(c.url_problem, D, parsed=True)),
        None,
    ),
    "auth-method": (
        _rules(
            Rule(
                c.pattern("GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE", True, "an HTTP method in capitals"), D
            )
        ),
        _auth_url,
    ),
    "auth-signin": (_rules(Rule(c.chars(c.URL_WITH_VARIABLES, True), I, "no sign-in redirect")), _auth_url),
    "auth-signin-redirect-param": (_rules(Rule(c.chars(c.URL, True), I, "rd")), _auth_url),
    "auth-cache-key": (_rules(Rule(c.chars(c.NGINX_VARIABLE, True), I, "no caching")), _auth_url),
    "auth-cache-duration": (_rules(Rule(c.chars(c.EXTENDED, False), X, _AUTH, drops=_AUTH_KEYS)), _auth_url),
    "auth-keepalive": (_rules(Rule(_INT, I, "0")), _auth_url),
    "auth-keepalive-requests": (_rules(Rule(_INT, I, "1000")), _auth_url),
    "auth-keepalive-timeout": (_rules(Rule(_INT, I, "60 seconds")), _auth_url),
    "auth-keepalive-share-vars": (_rules(Rule(_BOOL, I, "false")), _auth_url),
    "auth-response-headers": (_rules(Rule(c.chars(c.HEADERS, True), D)), _auth_url),
    "auth-proxy-set-headers": (_rules(Rule(c.chars(c.BASIC, True), I, "no extra headers")), _auth_url),
    "auth-request-redirect": (_rules(Rule(c.chars(c.URL, True), R)), _auth_url),
    "auth-always-set-cookie": (_rules(Rule(_BOOL, R)), _auth_url),
    "enable-global-auth": (_rules(Rule(_BOOL, I, "true")), None),
    # client certificates (authtls): the options only with a usable auth-tls-secret
    "auth-tls-secret": (_rules(Rule(c.chars(c.BASIC, True), R)), None),
    "auth-tls-verify-client": (
        _rules(Rule(c.pattern("on|off|optional|optional_no_ca", True, "on, off, optional or optional_no_ca"), I, "on")),
        _tls_secret,
    ),
    "auth-tls-verify-depth": (_rules(Rule(_INT, I, "1")), _tls_secret),
    "auth-tls-error-page": (_rules(Rule(c.pattern(_ERROR_PAGE, True, "a URL or path"), R)), _tls_secret),
    "auth-tls-pass-certificate-to-upstream": (_rules(Rule(_BOOL, R)), _tls_secret),
    "auth-tls-match-cn": (_rules(Rule(c.common_name, R)), _tls_secret),
    # backend protocol, proxy-ssl: the options only with a usable proxy-ssl-secret
    "backend-protocol": (
        _rules(Rule(c.options(("auto_http", "http", "https", "grpc", "grpcs", "fcgi"), False), I, "HTTP")),
        None,
    ),
    "proxy-ssl-secret": (_rules(Rule(c.chars(c.BASIC, True), R)), None),
    "proxy-ssl-ciphers": (
        _rules(Rule(c.pattern(r"[A-Za-z0-9+:_\-!]*", True, "an OpenSSL cipher list"), I, "DEFAULT")),
        _proxy_secret,
    ),
    "proxy-ssl-protocols": (
        _rules(Rule(c.pattern(r"(?:TLSv1\.2|TLSv1\.3)*", True, "TLSv1.2 and/or TLSv1.3"), I, "TLSv1.2")),
        _proxy_secret,
    ),
    "proxy-ssl-name": (_rules(Rule(c.server_name, I, "the upstream name")), _proxy_secret),
    "proxy-ssl-verify": (_rules(Rule(_ON_OFF, I, "off")), _proxy_secret),
    "proxy-ssl-verify-depth": (_rules(Rule(_INT, I, "1")), _proxy_secret),
    "proxy-ssl-server-name": (_rules(Rule(_ON_OFF, I, "off")), _proxy_secret),
    # canary: every key falls back to its default
    "canary": (_rules(Rule(_BOOL, I, "false")), None),
    "canary-weight": (_rules(Rule(_INT, I, "0")), None),
    "canary-weight-total": (_rules(Rule(_INT, I, "100")), None),
    "canary-by-header": (_rules(Rule(c.chars(c.BASIC, True), I, "no header")), None),
    "canary-by-header-value": (_rules(Rule(c.chars(c.BASIC, True), I, "no value")), None),
    "canary-by-header-pattern": (_rules(Rule(c.chars(c.SERVER_NAME, False), I, "no pattern")), None),
    "canary-by-cookie": (_rules(Rule(c.chars(c.BASIC, True), I, "no cookie")), None),
    # client body, connection, custom headers and errors, default backend
    "client-body-buffer-size": (_rules(Rule(_SIZE, R)), None),
    "connection-proxy-header": (_rules(Rule(c.pattern("close|keep-alive", True, "close or keep-alive"), R)), None),
    "custom-headers": (_rules(Rule(c.chars(c.BASIC, True), I, "no custom headers")), None),
    "custom-http-errors": (
        _rules(
            Rule(c.pattern(r"(?:[4,5][0-9]{2},?)*", True, "a comma-separated list of 4xx and 5xx codes"), R),
            Rule(c.error_codes, X, "its custom-http-errors", parsed=True, drops=("custom-http-errors",)),
        ),
        None,
    ),
    "disable-proxy-intercept-errors": (_rules(Rule(_BOOL, I, "false")), None),
    "default-backend": (_rules(Rule(c.service_name, R)), None),
    # CORS: every key falls back to ingress-nginx's default
    "enable-cors": (_rules(Rule(_BOOL, I, "false")), None),
    "cors-allow-origin": (_rules(Rule(c.pattern(_ORIGINS, True, "a list of http(s) origins or *"), I, "*")), None),
    "cors-allow-headers": (_rules(Rule(c.chars(c.HEADERS, True), I, "the default header list")), None),
    "cors-allow-methods": (
        _rules(Rule(c.pattern(_METHODS, True, "a list of HTTP methods"), I, "GET, PUT, POST, DELETE, PATCH, OPTIONS")),
        None,
    ),
    "cors-allow-credentials": (_rules(Rule(_BOOL, I, "true")), None),
    "cors-expose-headers": (_rules(Rule(c.pattern(_EXPOSE, True, "a list of header names"), I, "none")), None),
    "cors-max-age": (_rules(Rule(_INT, I, "1728000")), None),
    # fastcgi, http2 push
    "fastcgi-index": (_rules(Rule(c.pattern(r"[A-Za-z0-9.\-_]+", True, "a file name such as index.php"), R)), None),
    "fastcgi-params-configmap": (_rules(Rule(c.chars(c.BASIC, True), R)), None),
    "http2-push-preload": (_rules(Rule(_BOOL, R)), None),
    # client address lists: a bad list denies every path
    "allowlist-source-range": (_rules(Rule(c.cidr_list, D)), None),
    "whitelist-source-range": (_rules(Rule(c.cidr_list, D)), _main_unset("allowlist-source-range")),
    "denylist-source-range": (_rules(Rule(c.cidr_list, D)), None),
    "satisfy": (_rules(Rule(c.options(("any", "all"), True), I, "nginx's default (all)")), None),
    # load balancing and hashing
    "load-balance": (_rules(Rule(c.options(_BALANCERS, True), R)), None),
    "upstream-hash-by": (_rules(Rule(c.chars(c.NGINX_VARIABLE, True), R)), None),
    "upstream-hash-by-subset": (_rules(Rule(_BOOL, R)), None),
    "upstream-hash-by-subset-size": (_rules(Rule(_INT, R)), None),
    "service-upstream": (_rules(Rule(_BOOL, I, "false")), None),
    "upstream-vhost": (_rules(Rule(c.server_name, R)), None),
    # logs, tracing, WAF
    "enable-access-log": (_rules(Rule(_BOOL, I, "true")), None),
    "enable-rewrite-log": (_rules(Rule(_BOOL, I, "false")), None),
    "enable-opentelemetry": (_rules(Rule(_BOOL, I, "the ConfigMap setting")), None),
    "opentelemetry-trust-incoming-span": (_rules(Rule(_BOOL, I, "the ConfigMap setting")), _otel),
    "opentelemetry-operation-name": (
        _rules(Rule(c.pattern(r"[A-Za-z0-9_\-]*", True, "a name of letters, digits, _ and -"), R)),
        _otel,
    ),
    "enable-modsecurity": (_rules(Rule(_BOOL, I, "false")), None),
    "enable-owasp-core-rules": (_rules(Rule(_BOOL, I, "false")), None),
    "modsecurity-transaction-id": (_rules(Rule(c.chars(c.NGINX_VARIABLE, True), I, "none")), None),
    # mirror
    "mirror-target": (_rules(Rule(c.server_name, I, "no mirror")), None),
    "mirror-host": (_rules(Rule(c.server_name, I, "the mirror-target host")), None),
    "mirror-request-body": (_rules(Rule(_ON_OFF, I, "on")), None),
    # proxy: every key falls back to the ConfigMap default
    "proxy-body-size": (_rules(Rule(_SIZE, I, "the ConfigMap proxy-body-size (1m)")), None),
    "proxy-buffer-size": (_rules(Rule(_SIZE, I, "4k")), None),
    "proxy-busy-buffers-size": (_rules(Rule(_SIZE, I, "nginx's default")), None),
    "proxy-max-temp-file-size": (_rules(Rule(_SIZE, I, "1024m")), None),
    "proxy-buffers-number": (_rules(Rule(_INT, I, "4")), None),
    "proxy-buffering": (_rules(Rule(c.options(("on", "off"), True), I, "off")), None),
    "proxy-request-buffering": (_rules(Rule(c.options(("on", "off"), True), I, "on")), None),
    "proxy-http-version": (_rules(Rule(c.options(("1.0", "1.1"), True), I, "1.1")), None),
    "proxy-connect-timeout": (_rules(Rule(_INT, I, "5 seconds")), None),
    "proxy-read-timeout": (_rules(Rule(_INT, I, "60 seconds")), None),
    "proxy-send-timeout": (_rules(Rule(_INT, I, "60 seconds")), None),
    "proxy-next-upstream": (
        _rules(Rule(c.pattern(_UPSTREAM, False, "a list of nginx next-upstream conditions"), I, "error timeout")),
        None,
    ),
    "proxy-next-upstream-timeout": (_rules(Rule(_INT, I, "0 (no limit)")), None),
    "proxy-next-upstream-tries": (_rules(Rule(_INT, I, "3")), None),
    "proxy-cookie-domain": (_rules(Rule(c.chars(c.BASIC, True), I, "off")), None),
    "proxy-cookie-path": (_rules(Rule(c.chars(c.URL, True), I, "off")), None),
    "proxy-redirect-from": (_rules(Rule(c.chars(c.URL, True), I, "off")), None),
    "proxy-redirect-to": (_rules(Rule(c.chars(c.URL, True), I, "off")), None),
    # rate limits
    "limit-rps": (_rules(Rule(_INT, R)), None),
    "limit-rpm": (_rules(Rule(_INT, R)), None),
    "limit-connections": (_rules(Rule(_INT, R)), None),
    "limit-allowlist": (_rules(Rule(c.cidr_list, R)), None),
    "limit-whitelist": (_rules(Rule(c.cidr_list, R)), _main_unset("limit-allowlist")),
    "limit-burst-multiplier": (_rules(Rule(_INT, I, "5")), None),
    "limit-rate": (_rules(Rule(_INT, I, "the ConfigMap limit-rate (0: off)")), None),
    "limit-rate-after": (_rules(Rule(_INT, I, "the ConfigMap limit-rate-after (0)")), None),
    # redirects: temporal first, the permanent ones only without it
    "from-to-www-redirect": (_rules(Rule(_BOOL, R)), None),
    "relative-redirects": (_rules(Rule(_BOOL, R)), None),
    "temporal-redirect": (
        _rules(Rule(c.chars(c.URL, False), R), Rule(c.http_scheme, X, _REDIRECT, parsed=True, drops=_REDIRECT_KEYS)),
        None,
    ),
    "temporal-redirect-code": (_rules(Rule(_INT, R)), _temporal),
    "permanent-redirect": (
        _rules(Rule(c.chars(c.URL, False), R), Rule(c.http_scheme, X, _REDIRECT, parsed=True, drops=_REDIRECT_KEYS)),
        _no_temporal,
    ),
    "permanent-redirect-code": (_rules(Rule(_INT, R)), _no_temporal),
    "use-port-in-redirects": (_rules(Rule(_BOOL, I, "the ConfigMap setting (false)")), None),
    # rewrite: every key falls back to its default
    "rewrite-target": (_rules(Rule(c.chars(c.PATH_WITH_CAPTURE, False, leading_slash=True), I, "no rewrite")), None),
    "app-root": (
        _rules(
            Rule(c.chars(c.PATH_WITH_CAPTURE, False, leading_slash=True), I, "no app-root"),
            Rule(c.request_path, I, "no app-root", parsed=True),
        ),
        None,
    ),
    "ssl-redirect": (_rules(Rule(_BOOL, I, "the ConfigMap ssl-redirect (true)")), None),
    "force-ssl-redirect": (_rules(Rule(_BOOL, I, "the ConfigMap force-ssl-redirect (false)")), None),
    "preserve-trailing-slash": (_rules(Rule(_BOOL, I, "false")), None),
    "use-regex": (_rules(Rule(_BOOL, I, "false")), None),
    "x-forwarded-prefix": (_rules(Rule(c.chars(c.PATH_WITH_CAPTURE, True, leading_slash=True), R)), None),
    # session affinity: every key falls back to its default
    "affinity": (_rules(Rule(c.options(("cookie",), True), I, "no affinity")), None),
    "affinity-mode": (_rules(Rule(c.options(("balanced", "persistent"), True), I, "balanced")), None),
    "affinity-canary-behavior": (_rules(Rule(c.options(("sticky", "legacy"), True), I, "sticky")), None),
    "session-cookie-name": (_rules(Rule(c.chars(c.BASIC, True), I, "INGRESSCOOKIE")), None),
    "session-cookie-path": (_rules(Rule(c.chars(c.URL, True), I, "the location path")), None),
    "session-cookie-domain": (_rules(Rule(c.chars(c.BASIC, True), I, "no Domain")), None),
    "session-cookie-samesite": (_rules(Rule(c.options(("none", "lax", "strict"), False), I, "no SameSite")), None),
    "session-cookie-expires": (_rules(Rule(_COOKIE_AGE, I, "a session cookie")), None),
    "session-cookie-max-age": (_rules(Rule(_COOKIE_AGE, I, "a session cookie")), None),
    "session-cookie-secure": (_rules(Rule(_BOOL, I, "Secure on HTTPS only")), None),
    "session-cookie-conditional-samesite-none": (_rules(Rule(_BOOL, I, "false")), None),
    "session-cookie-change-on-failure": (_rules(Rule(_BOOL, I, "false")), None),
    # TLS of the host
    "ssl-ciphers": (_rules(Rule(c.pattern(_CIPHERS, True, "an OpenSSL cipher list"), R)), None),
    "ssl-prefer-server-ciphers": (_rules(Rule(_BOOL, I, "the http-level setting")), None),
    "ssl-passthrough": (_rules(Rule(_BOOL, R)), None),
}
# The snippets (configuration-, server-, stream-, auth-, modsecurity-snippet) use parser.ValidateNull:
# their values are never refused, their presence is (Critical risk, see the snippets family).
NEVER_VALIDATED = frozenset(
    {"configuration-snippet", "server-snippet", "stream-snippet", "auth-snippet", "modsecurity-snippet"}
)
