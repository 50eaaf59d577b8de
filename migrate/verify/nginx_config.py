"""The annotations the ingress-nginx model honours, parsed as the controller's parsers do.

ingress-nginx copies an Ingress's parsed annotations onto every location the Ingress creates
(locationApplyAnnotations, controller.go), the implicit root location of the hosts it creates included.
Values are read the way `internal/ingress/annotations/parser` reads them: booleans with Go's
`strconv.ParseBool`, integers with `strconv.Atoi`, strings trimmed; an unreadable value is as if the
annotation were absent (the parser's default applies).

Covered, per family (annotation names without the prefix, which is `Options.annotation_prefix`):

* rewrite: `use-regex`, `rewrite-target`, `ssl-redirect`, `force-ssl-redirect`, `preserve-trailing-slash`,
  `app-root` (rewrite/main.go)
* redirect: `permanent-redirect`, `permanent-redirect-code`, `temporal-redirect`, `temporal-redirect-code`
  (redirect/redirect.go)
* `use-port-in-redirects` (portinredirect), `upstream-vhost` (upstreamvhost)
* `from-to-www-redirect` (redirect/redirect.go), `server-alias` (alias: split at commas, trimmed, sorted and
  without repeats; the server takes the aliases of its oldest Ingress that has any, see `nginx_names`)
* `backend-protocol` (backendprotocol: which requests are gRPC), `ssl-passthrough` (sslpassthrough, read from
  the Ingress that creates a host's server; the controller's --enable-ssl-passthrough is assumed, as the
  conversion assumes it)
* canary: `canary`, `canary-by-header`, `canary-by-header-value`, `canary-by-header-pattern`,
  `canary-by-cookie`, `canary-weight`, `canary-weight-total` (canary/main.go)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from migrate.model import Ingress

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}
_INT = re.compile(r"^[+-]?[0-9]+$")


@dataclass(frozen=True)
class FixedRedirect:
    """`return <code> <url>` in the location: every request the location matches, path and query dropped."""

    code: int
    url: str


@dataclass(frozen=True)
class LocationConfig:
    use_regex: bool = False
    rewrite_target: str | None = None
    ssl_redirect: bool = True  # ConfigMap ssl-redirect default
    force_ssl_redirect: bool = False
    preserve_trailing_slash: bool = False
    use_port_in_redirects: bool = False
    app_root: str | None = None
    redirect: FixedRedirect | None = None
    upstream_vhost: str | None = None
    backend_protocol: str = "HTTP"  # HTTP | HTTPS | AUTO_HTTP | GRPC | GRPCS | FCGI
    ssl_passthrough: bool = False
    from_to_www: bool = False
    server_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CanaryConfig:
    enabled: bool = False
    header: str = ""
    header_value: str = ""
    header_pattern: str = ""
    cookie: str = ""
    weight: int = 0
    weight_total: int = 100


class Annotations:
    """One Ingress's annotations under the controller's prefix."""

    def __init__(self, ingress: Ingress, prefix: str) -> None:
        self.values = ingress.annotations
        self.prefix = prefix

    def string(self, name: str) -> str | None:
        value = self.values.get(f"{self.prefix}/{name}")
        if value is None or not value.strip():
            return None
        return value.strip()

    def boolean(self, name: str, default: bool) -> bool:
        value = self.string(name)
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return default

    def integer(self, name: str) -> int | None:
        """None when absent; raises ValueError when present but not an integer (the parser errors)."""
        value = self.string(name)
        if value is None:
            return None
        if not _INT.match(value):
            raise ValueError(value)
        return int(value)


def location_config(ingress: Ingress, prefix: str) -> LocationConfig:
    read = Annotations(ingress, prefix)
    return LocationConfig(
        use_regex=read.boolean("use-regex", False),
        rewrite_target=read.string("rewrite-target"),
        ssl_redirect=read.boolean("ssl-redirect", True),
        force_ssl_redirect=read.boolean("force-ssl-redirect", False),
        preserve_trailing_slash=read.boolean("preserve-trailing-slash", False),
        use_port_in_redirects=read.boolean("use-port-in-redirects", False),
        app_root=_app_root(read.string("app-root")),
        redirect=_redirect(read),
        upstream_vhost=read.string("upstream-vhost"),
        backend_protocol=_protocol(read.string("backend-protocol")),
        ssl_passthrough=read.boolean("ssl-passthrough", False),
        from_to_www=read.boolean("from-to-www-redirect", False),
        server_aliases=server_aliases(read.string("server-alias")),
    )


def server_aliases(value: str | None) -> tuple[str, ...]:
    """alias.Parse: the names between commas, trimmed, empty ones dropped, sorted without repeats."""
    return tuple(sorted({name.strip() for name in (value or "").split(",") if name.strip()}))


def canary_config(ingress: Ingress, prefix: str) -> CanaryConfig:
    read = Annotations(ingress, prefix)
    if not read.boolean("canary", False):
        return CanaryConfig()

    def number(name: str, default: int) -> int:
        try:
            value = read.integer(name)
        except ValueError:
            return default
        return default if value is None else value

    return CanaryConfig(
        enabled=True,
        header=read.string("canary-by-header") or "",
        header_value=read.string("canary-by-header-value") or "",
        header_pattern=read.string("canary-by-header-pattern") or "",
        cookie=read.string("canary-by-cookie") or "",
        weight=number("canary-weight", 0),
        weight_total=number("canary-weight-total", 100),
    )


def _protocol(value: str | None) -> str:
    """Case-insensitive; an unknown value leaves the default, HTTP."""
    upper = (value or "").upper()
    return upper if upper in ("HTTP", "HTTPS", "AUTO_HTTP", "GRPC", "GRPCS", "FCGI") else "HTTP"


def _app_root(value: str | None) -> str | None:
    """app-root must be a path (url.ParseRequestURI, not absolute); the controller keeps its path part."""
    if value is None or not value.startswith("/"):
        return None
    return urlsplit(value).path or None


def _redirect(read: Annotations) -> FixedRedirect | None:
    """temporal-redirect wins over permanent-redirect; codes outside 300-307 (temporal) or 300-308
    (permanent) fall back to 302 / 301. An unreadable code makes the parser fail: no redirect at all."""
    try:
        temporal_code = read.integer("temporal-redirect-code")
        temporal = read.string("temporal-redirect")
        if temporal is not None:
            code = temporal_code if temporal_code is not None and 300 <= temporal_code <= 307 else 302
            return FixedRedirect(code, temporal) if _valid_url(temporal) else None
        permanent_code = read.integer("permanent-redirect-code")
    except ValueError:
        return None
    permanent = read.string("permanent-redirect")
    if permanent is None:
        return None
    code = permanent_code if permanent_code is not None and 300 <= permanent_code <= 308 else 301
    return FixedRedirect(code, permanent) if _valid_url(permanent) else None


def _valid_url(value: str) -> bool:
    """redirect.go isValidURL: it must parse and its scheme must start with `http`."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.startswith("http")
