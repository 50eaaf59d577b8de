"""What an Ingress's annotations ask for, as intents the converter turns into Gateway API.

Annotation handlers (`migrate.annotations`) fill one `IngressIntents` per Ingress; nothing else writes it.
`location` applies to every location the Ingress creates (ingress-nginx shares an Ingress's annotations
among its paths); `server` applies to the whole host, and only the oldest Ingress of a host sets it.
`written` keeps where each translated annotation is written, so that later stages can place a finding
at the annotation that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.findings import Position


@dataclass(frozen=True)
class Written:
    """An annotation as written: its full key, its value and where it is."""

    key: str
    text: str
    pos: Position | None


@dataclass(frozen=True)
class Redirect:
    """permanent-redirect / temporal-redirect: `return <code> <url>` for every request of the location."""

    url: str
    code: int
    annotation: str  # the short name that set it: temporal-redirect or permanent-redirect


@dataclass(frozen=True)
class Cors:
    """enable-cors with every cors-* value resolved the way ingress-nginx resolved it (defaults included)."""

    origins: tuple[str, ...]  # ("*",) or origins as written; empty: ingress-nginx sent no CORS headers
    methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    expose_headers: tuple[str, ...]
    credentials: bool
    max_age: int


@dataclass(frozen=True)
class CanaryRules:
    """How a canary Ingress takes traffic from its primary (balancer.lua route_to_alternative_balancer)."""

    header: str = ""
    header_value: str = ""
    header_pattern: str = ""
    cookie: str = ""
    weight: int = 0
    weight_total: int = 100


@dataclass(frozen=True)
class ProxySSL:
    """proxy-ssl-*: ingress-nginx reads them only when proxy-ssl-secret names a Secret (proxyssl/main.go)."""

    secret: tuple[str, str]  # (namespace, name) of the Secret holding ca.crt (and maybe tls.crt/tls.key)
    verify: bool  # proxy-ssl-verify: on (off by default: the backend certificate was not checked)
    name: str | None  # proxy-ssl-name, the name verified and sent as SNI
    server_name: bool  # proxy-ssl-server-name: on (off by default: no SNI was sent)
    at: Written


@dataclass
class BackendIntents:
    """backend-protocol and proxy-ssl-*: how the proxy talks to the Ingress's backends."""

    protocol: str = "HTTP"  # HTTP, HTTPS, GRPC, GRPCS, AUTO_HTTP or FCGI, as ingress-nginx read it
    protocol_at: Written | None = None
    proxy_ssl: ProxySSL | None = None
    name_hint: str | None = None  # proxy-ssl-name written without proxy-ssl-secret (ignored by ingress-nginx)


@dataclass(frozen=True)
class BackendTimeout:
    """proxy-read-timeout / proxy-send-timeout in seconds (the larger of those written)."""

    seconds: int
    at: tuple[Written, ...]


@dataclass(frozen=True)
class Retry:
    """proxy-next-upstream*: retry conditions, tries and time budget as ingress-nginx read them."""

    conditions: tuple[str, ...]  # proxy-next-upstream words: error, timeout, http_502, non_idempotent, off...
    tries: int  # proxy-next-upstream-tries: tries including the first (0: unlimited)
    budget: int  # proxy-next-upstream-timeout in seconds (0: unlimited)
    at: tuple[Written, ...]


@dataclass(frozen=True)
class Affinity:
    """affinity: cookie and the session-cookie-* that ingress-nginx then read."""

    cookie: str  # session-cookie-name (INGRESSCOOKIE by default)
    lifetime: int | None  # session-cookie-max-age, else -expires, in seconds; None: a session cookie
    at: Written


@dataclass(frozen=True)
class ServiceURL:
    """A URL an annotation points at (mirror-target, auth-url), split the way nginx reads it."""

    text: str  # as written
    scheme: str
    host: str  # may be `$host` or another nginx variable
    port: int | None
    path: str  # without query; may hold nginx variables such as $request_uri
    query: str


@dataclass(frozen=True)
class Mirror:
    target: ServiceURL
    at: Written


@dataclass(frozen=True)
class ExternalAuth:
    url: ServiceURL
    response_headers: tuple[str, ...]  # auth-response-headers
    at: Written


@dataclass
class LocationIntents:
    # https family: HTTP -> HTTPS redirects (the implicit one included)
    ssl_redirect: bool = True
    force_ssl_redirect: bool = False
    preserve_trailing_slash: bool = False
    # rewrite family
    rewrite_target: str | None = None
    use_regex: bool = False
    x_forwarded_prefix: str | None = None
    # redirects family
    redirect: Redirect | None = None
    app_root: str | None = None  # rendered per location in the server block: the host's `/` (see nginx.hostnames)
    from_to_www: bool = False  # any location of a host with it gives the host a www redirect server
    use_port_in_redirects: bool = False
    # cors family
    cors: Cors | None = None
    # headers family
    upstream_vhost: str | None = None
    connection_header: str | None = None
    response_headers: tuple[tuple[str, str], ...] = ()  # custom-headers, read from its ConfigMap
    # backend_tls / protocols: protocol and TLS towards the backend
    backend: BackendIntents = field(default_factory=BackendIntents)
    # timeouts, affinity, mirror, external_auth: per-rule options
    timeout: BackendTimeout | None = None
    retry: Retry | None = None  # only with --channel experimental
    affinity: Affinity | None = None  # only with --channel experimental
    mirror: Mirror | None = None
    external_auth: ExternalAuth | None = None  # only with --channel experimental

    def needs_rewrite(self, path: str) -> bool:
        """ingress-nginx rewrites (and turns the host into regex mode) only for a target that differs from
        the location's path (template.go needsRewrite)."""
        return bool(self.rewrite_target) and self.rewrite_target != path


@dataclass(frozen=True)
class ClientTLS:
    """auth-tls-secret / auth-tls-verify-client: client certificates for the whole host."""

    secret: tuple[str, str]  # (namespace, name) of the Secret holding ca.crt
    mode: str  # on, optional or optional_no_ca (off never reaches here)
    at: Written
    mode_at: Written | None


@dataclass
class ServerIntents:
    aliases: tuple[str, ...] = ()  # server-alias, as ingress-nginx parsed them (sorted, unique)
    passthrough: Written | None = None  # ssl-passthrough: "true"
    client_tls: ClientTLS | None = None
    proxy_ssl: ProxySSL | None = None  # inherited by the host's other locations (proxy-ssl-location-only off)


@dataclass
class IngressIntents:
    location: LocationIntents = field(default_factory=LocationIntents)
    server: ServerIntents = field(default_factory=ServerIntents)
    canary: bool = False
    canary_rules: CanaryRules = field(default_factory=CanaryRules)
    written: dict[str, Written] = field(default_factory=dict)  # by annotation name without prefix
    # Names (without prefix) of the annotations ingress-nginx applied: present, not refused by its validators,
    # not ignored on a canary. Set by the dispatcher; read where a default applies only without the annotation.
    effective: frozenset[str] = frozenset()
