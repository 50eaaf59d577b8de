"""The ingress-nginx routing model, case by case, from the controller's documentation and behaviour.

Sources: docs/user-guide/ingress-path-matching.md, docs/user-guide/nginx-configuration/annotations.md,
the e2e tests test/e2e/ingress/pathtype_*.go, and the shared behaviours reference (sections A-E, I).
"""

from __future__ import annotations

import json

import pytest
from manifests import ingress, service
from verify_support import ask, nginx_model

H = "app.example.com"


def p(path: str, kind: str = "Prefix", svc: str = "web", port: int | str = 80) -> str:
    number = f"{{number: {port}}}" if isinstance(port, int) else f"{{name: {port}}}"
    written = f"path: {path!r}, " if path else ""
    return f"- {{{written}pathType: {kind}, backend: {{service: {{name: {svc}, port: {number}}}}}}}\n"


def ann(*entries: str) -> str:
    """Annotations under the default prefix, one `name: value` per entry."""
    return "".join(f"nginx.ingress.kubernetes.io/{entry}\n" for entry in entries)


def tls(host: str = H) -> str:
    return f"tls: [{{hosts: [{host}], secretName: app-tls}}]"


def canary(annotations: str, paths: str, name: str = "app-canary") -> str:
    return ingress(name=name, paths=paths, annotations="nginx.ingress.kubernetes.io/canary: 'true'\n" + annotations)


PATHS = [
    # Prefix is matched by path element (pathtype_prefix.go: /aaa matches /aaa, /aaa/, /aaa/cccc, not /aaacccc).
    pytest.param(ingress(paths=p("/aaa")), "http://app.example.com/aaa", "app/web:80 /aaa", id="prefix-exact-value"),
    pytest.param(ingress(paths=p("/aaa")), "http://app.example.com/aaa/", "app/web:80 /aaa/", id="prefix-slash"),
    pytest.param(
        ingress(paths=p("/aaa")), "http://app.example.com/aaa/cccc", "app/web:80 /aaa/cccc", id="prefix-deeper"
    ),
    pytest.param(ingress(paths=p("/aaa")), "http://app.example.com/aaacccc", "404", id="prefix-segment-boundary"),
    pytest.param(ingress(paths=p("/aaa")), "http://app.example.com/AAA", "404", id="prefix-case-sensitive"),
    pytest.param(ingress(paths=p("/aaa", "Exact")), "http://app.example.com/aaa", "app/web:80 /aaa", id="exact"),
    pytest.param(ingress(paths=p("/aaa", "Exact")), "http://app.example.com/aaa/", "404", id="exact-not-slash"),
    # A path ending in `/`: nginx answers the path without it with a 301 (auto_redirect).
    pytest.param(
        ingress(paths=p("/docs/")), "http://app.example.com/docs", "301 http://app.example.com/docs/", id="prefix-301"
    ),
    pytest.param(
        ingress(paths=p("/docs/")),
        "http://app.example.com/docs?page=2",
        "301 http://app.example.com/docs/?page=2",
        id="prefix-301-keeps-query",
    ),
    pytest.param(
        ingress(paths=p("/docs/", "Exact")),
        "http://app.example.com/docs",
        "301 http://app.example.com/docs/",
        id="exact-301",
    ),
    pytest.param(
        ingress(paths=p("/docs/") + p("/docs", "Exact", "other")),
        "http://app.example.com/docs",
        "app/other:80 /docs",
        id="exact-beats-301",
    ),
    pytest.param(
        ingress(paths=p("/foo", "Exact", "exact") + p("/foo", "Prefix", "prefix")),
        "http://app.example.com/foo",
        "app/exact:80 /foo",
        id="exact-and-prefix-same-path",
    ),
    pytest.param(
        ingress(paths=p("/foo", "Exact", "exact") + p("/foo", "Prefix", "prefix")),
        "http://app.example.com/foo/x",
        "app/prefix:80 /foo/x",
        id="exact-and-prefix-deeper",
    ),
    pytest.param(
        ingress(paths=p("/api", svc="v1") + p("/api/v2", svc="v2")),
        "http://app.example.com/api/v2/x",
        "app/v2:80 /api/v2/x",
        id="longest-prefix",
    ),
    pytest.param(
        ingress(paths=p("/api", svc="v1") + p("/api/v2", svc="v2")),
        "http://app.example.com/api/v22",
        "app/v1:80 /api/v22",
        id="longest-prefix-boundary",
    ),
    pytest.param(
        ingress(paths=p("/foo", "ImplementationSpecific")),
        "http://app.example.com/foobar",
        "404",
        id="implementation-specific-is-prefix",
    ),
    pytest.param(
        ingress(paths=p("/a b", "ImplementationSpecific")),
        "http://app.example.com/a%20b/c",
        "app/web:80 /a%20b/c",
        id="encoded-request-decoded-match",
    ),
]

REGEX = [
    # Blog item 2: one Ingress's use-regex turns the host's Exact /Header into a case-insensitive prefix.
    pytest.param(
        ingress(name="a", paths=p("/Header", "Exact", "exact"))
        + ingress(name="b", annotations="nginx.ingress.kubernetes.io/use-regex: 'true'", paths=p("/other", svc="o")),
        "http://app.example.com/headers",
        "app/exact:80 /headers",
        id="regex-mode-is-host-wide",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/use-regex: 'true'", paths=p("/foo", "ImplementationSpecific")),
        "http://app.example.com/FOObar",
        "app/web:80 /FOObar",
        id="regex-case-insensitive-no-boundary",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/use-regex: 'true'", paths=p("/foo", "ImplementationSpecific")),
        "http://app.example.com/x/foo",
        "404",
        id="regex-anchored-at-start",
    ),
    # ingress-path-matching.md, Warning: /foo/bar/bar is matched by the longer /foo/bar/[A-Z0-9]{3}.
    pytest.param(
        ingress(
            annotations="nginx.ingress.kubernetes.io/use-regex: 'true'",
            paths=p("/foo/bar/bar", "ImplementationSpecific", "bar")
            + p("/foo/bar/[A-Z0-9]{3}", "ImplementationSpecific", "re"),
        ),
        "http://app.example.com/foo/bar/bar",
        "app/re:80 /foo/bar/bar",
        id="regex-longest-path-first",
    ),
    pytest.param(
        ingress(name="other", paths=p("/Exact", "Exact", "exact"))
        + ingress(annotations="nginx.ingress.kubernetes.io/rewrite-target: /", paths=p("/app", svc="app")),
        "http://app.example.com/exactly",
        "app/exact:80 /exactly",
        id="rewrite-target-forces-regex-mode",
    ),
    pytest.param(
        ingress(name="other", paths=p("/Exact", "Exact", "exact"))
        + ingress(annotations="nginx.ingress.kubernetes.io/rewrite-target: /app", paths=p("/app", svc="app")),
        "http://app.example.com/exactly",
        "404",
        id="rewrite-target-equal-to-path-no-regex-mode",
    ),
    # annotations.md, Rewrite: /something(/|$)(.*) with rewrite-target /$2.
    pytest.param(
        ingress(
            annotations=ann("use-regex: 'true'", "rewrite-target: /$2"),
            paths=p("/something(/|$)(.*)", "ImplementationSpecific"),
        ),
        "http://app.example.com/something/new?x=1",
        "app/web:80 /new?x=1",
        id="rewrite-captures-keep-query",
    ),
    pytest.param(
        ingress(
            annotations="nginx.ingress.kubernetes.io/rewrite-target: /$2",
            paths=p("/something(/|$)(.*)", "ImplementationSpecific"),
        ),
        "http://app.example.com/something",
        "app/web:80 /",
        id="rewrite-empty-capture",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/rewrite-target: /", paths=p("/app")),
        "http://app.example.com/APP/deep/page",
        "app/web:80 /",
        id="rewrite-replaces-whole-uri",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/rewrite-target: https://new.example.com/", paths=p("/old")),
        "http://app.example.com/old",
        "302 https://new.example.com/",
        id="rewrite-to-url-is-302",
    ),
]

HOSTS = [
    pytest.param(ingress(host="*.example.com"), "http://a.example.com/", "app/web:80 /", id="wildcard-one-label"),
    pytest.param(ingress(host="*.example.com"), "http://a.b.example.com/", "404", id="wildcard-not-two-labels"),
    pytest.param(ingress(host="*.example.com"), "http://example.com/", "404", id="wildcard-not-apex"),
    pytest.param(
        ingress(name="exact", host="a.example.com", paths=p("/a", svc="a"))
        + ingress(name="wild", host="*.example.com"),
        "http://a.example.com/x",
        "404",
        id="exact-host-no-fall-through",
    ),
    pytest.param(
        ingress(host="a.example.com") + ingress(name="all", host=None, paths=p("/", svc="catch")),
        "http://a.example.com/",
        "app/web:80 /",
        id="exact-host-before-catch-all",
    ),
    pytest.param(ingress(), "http://unknown.example.com/", "404", id="unknown-host-default-backend"),
    pytest.param(
        ingress(host=None, paths=p("/metrics", svc="metrics")),
        "http://anything.example.com/metrics",
        "app/metrics:80 /metrics",
        id="no-host-is-catch-all",
    ),
    pytest.param(
        ingress(
            name="older",
            paths="",
            created="2021-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: first, port: {number: 80}}}",
        )
        + ingress(
            name="newer",
            paths="",
            created="2022-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: second, port: {number: 80}}}",
        ),
        "http://unknown.example.com/x",
        "app/first:80 /x",
        id="oldest-default-backend-is-catch-all",
    ),
    pytest.param(
        ingress(
            name="x",
            namespace="a",
            paths="",
            created="2021-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: in-a, port: {number: 80}}}",
        )
        + ingress(
            name="x",
            namespace="b",
            paths="",
            created="2021-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: in-b, port: {number: 80}}}",
        ),
        "http://unknown.example.com/",
        "b/in-b:80 /",
        id="tie-namespace-name-descending",
    ),
    pytest.param(
        ingress(
            name="catch",
            paths="",
            created="2022-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: catch, port: {number: 80}}}",
        )
        + ingress(name="rules", host=None, created="2021-01-01T00:00:00Z", paths=p("/", svc="explicit")),
        "http://unknown.example.com/",
        "app/catch:80 /",
        id="catch-all-default-backend-not-replaced",
    ),
    pytest.param(
        ingress(paths=p("/api", svc="api"), extra="defaultBackend: {service: {name: front, port: {number: 80}}}"),
        "http://app.example.com/other",
        "app/front:80 /other",
        id="creator-default-backend-is-root",
    ),
    pytest.param(
        ingress(name="first", paths=p("/api", svc="api"), created="2021-01-01T00:00:00Z")
        + ingress(
            name="second",
            paths=p("/b", svc="b"),
            created="2022-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: late, port: {number: 80}}}",
        ),
        "http://app.example.com/other",
        "404",
        id="later-default-backend-unused",
    ),
    pytest.param(
        ingress(
            name="first",
            paths=p("/api", svc="api"),
            created="2021-01-01T00:00:00Z",
            extra="defaultBackend: {service: {name: front, port: {number: 80}}}",
        )
        + ingress(name="second", paths=p("/", svc="root"), created="2022-01-01T00:00:00Z"),
        "http://app.example.com/other",
        "app/root:80 /other",
        id="explicit-root-replaces-default",
    ),
    pytest.param(
        ingress(name="old", paths=p("/pay", svc="old"), created="2021-01-01T00:00:00Z")
        + ingress(name="new", paths=p("/pay", svc="new"), created="2022-01-01T00:00:00Z"),
        "http://app.example.com/pay",
        "app/old:80 /pay",
        id="duplicate-path-oldest-wins",
    ),
    pytest.param(
        ingress(name="shop", namespace="shop", paths=p("/", svc="front"))
        + ingress(name="pay", namespace="pay", paths=p("/pay", svc="pay")),
        "http://app.example.com/pay/x",
        "pay/pay:80 /pay/x",
        id="host-merged-across-namespaces",
    ),
]


def alias(names: str, name: str = "app", host: str | None = H, extra: str = "", created: str | None = None) -> str:
    return ingress(
        name=name,
        host=host,
        paths=p("/", svc=name),
        annotations=ann(f"server-alias: {json.dumps(names)}"),
        extra=extra,
        created=created,
    )


def www(host: str = H, name: str = "app", paths: str = "", extra: str = "", created: str | None = None) -> str:
    return ingress(
        name=name,
        host=host,
        paths=paths or p("/", svc=name),
        annotations=ann("from-to-www-redirect: 'true'"),
        extra=extra,
        created=created,
    )


OLD, NEW = "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"
# server-alias: written verbatim into the host's server_name (behaviours I; controller.go createServers).
ALIASES = [
    pytest.param(alias("shop.example.net"), "http://shop.example.net/x", "app/app:80 /x", id="alias-exact"),
    pytest.param(alias("Shop.Example.NET"), "http://shop.example.net/", "app/app:80 /", id="alias-any-case"),
    pytest.param(alias("a.example.net, b.example.net"), "http://b.example.net/", "app/app:80 /", id="alias-list"),
    pytest.param(
        alias("api.example.com") + ingress(name="api", host="api.example.com", paths=p("/", svc="api")),
        "http://api.example.com/",
        "app/api:80 /",
        id="alias-that-is-a-host-is-dropped",
    ),
    pytest.param(
        alias("old.example.net", created=OLD)
        + ingress(
            name="later",
            paths=p("/later", svc="later"),
            annotations=ann("server-alias: new.example.net"),
            created=NEW,
        ),
        "http://new.example.net/later",
        "404",
        id="later-ingress-aliases-ignored",
    ),
    pytest.param(
        alias("old.example.net", created=OLD) + alias("new.example.net", name="later", created=NEW),
        "http://old.example.net/",
        "app/app:80 /",
        id="oldest-ingress-aliases-kept",
    ),
    pytest.param(alias("*.example.net"), "http://a.b.example.net/", "app/app:80 /", id="alias-wildcard-any-depth"),
    pytest.param(alias("*.example.net"), "http://example.net/", "404", id="alias-wildcard-not-bare"),
    pytest.param(alias(".example.net"), "http://example.net/", "app/app:80 /", id="alias-dot-is-bare-too"),
    pytest.param(alias(".example.net"), "http://a.example.net/", "app/app:80 /", id="alias-dot-subdomains"),
    pytest.param(alias("www.example.*"), "http://www.example.org/", "app/app:80 /", id="alias-suffix-wildcard"),
    pytest.param(
        alias("~^shop[0-9]+\\.example\\.net$"), "http://shop12.example.net/", "app/app:80 /", id="alias-regex"
    ),
    pytest.param(alias("~^shop[0-9]+\\.example\\.net$"), "http://shopx.example.net/", "404", id="alias-regex-no-match"),
    pytest.param(
        alias(".example.com", host="shop.example.org")
        + ingress(name="wild", host="*.example.com", paths=p("/", svc="w")),
        "http://a.example.com/",
        "app/app:80 /",
        id="wildcard-alias-before-wildcard-host-regex",  # `*.example.com` itself would be dropped: a host
    ),
    pytest.param(
        alias("*.example.com", host="shop.example.org")
        + ingress(name="a", host="a.example.com", paths=p("/", svc="a")),
        "http://a.example.com/",
        "app/a:80 /",
        id="exact-host-before-wildcard-alias",
    ),
    pytest.param(
        alias("*.example.com", host="shop.example.org", name="first")
        + alias("*.a.example.com", host="shop.example.net", name="second"),
        "http://x.a.example.com/",
        "app/second:80 /",
        id="longest-wildcard-alias",
    ),
    pytest.param(
        alias("shared.example.net", host="b.example.com", name="b")
        + alias("shared.example.net", host="a.example.com", name="a"),
        "http://shared.example.net/",
        "app/a:80 /",
        id="conflicting-alias-first-server-by-hostname",
    ),
    pytest.param(
        alias("extra.example.net", host=None), "http://extra.example.net/", "app/app:80 /", id="catch-all-alias"
    ),
    # Certificates (certificate.lua): by exact name, then `*.` plus the name without its first label.
    pytest.param(
        alias("shop.example.net", extra=tls()),
        "http://shop.example.net/a",
        "308 https://shop.example.net/a",
        id="alias-has-the-hosts-certificate",
    ),
    pytest.param(
        alias("*.example.net", extra=tls()),
        "http://a.example.net/a",
        "308 https://a.example.net/a",
        id="wildcard-alias-one-label-certificate",
    ),
    pytest.param(
        alias("*.example.net", extra=tls()),
        "http://a.b.example.net/a",
        "app/app:80 /a",
        id="wildcard-alias-two-labels-no-certificate",
    ),
    pytest.param(
        alias(".example.net", extra=tls()), "http://example.net/a", "app/app:80 /a", id="dot-alias-no-certificate"
    ),
    pytest.param(
        alias(".example.net", extra=tls()), "http://a.example.net/a", "app/app:80 /a", id="dot-alias-subdomain-no-cert"
    ),
]

# from-to-www-redirect: a redirect server for the other name (behaviours C7; BuildRedirects, ngx_srv_redirect.lua).
WWW = [
    pytest.param(www(), "http://www.app.example.com/", "308 http://app.example.com/", id="www-added"),
    pytest.param(
        www("www.app.example.com"), "http://app.example.com/a", "308 http://www.app.example.com/a", id="www-removed"
    ),
    pytest.param(www(), "https://www.app.example.com/a", "308 https://app.example.com/a", id="www-keeps-the-scheme"),
    pytest.param(www(), "http://www.app.example.com/a/", "308 http://app.example.com/a", id="www-drops-the-slash"),
    pytest.param(
        www(),
        "http://www.app.example.com/a/?q=1",
        "308 http://app.example.com/a/?q=1",
        id="www-slash-before-query-kept",
    ),
    pytest.param(
        www(extra=tls()), "http://www.app.example.com/a", "308 http://app.example.com/a", id="www-no-https-redirect"
    ),
    pytest.param(www(), "http://app.example.com/a", "app/app:80 /a", id="www-host-itself-served"),
    pytest.param(
        www() + ingress(name="www", host="www.app.example.com", paths=p("/", svc="www")),
        "http://www.app.example.com/",
        "app/www:80 /",
        id="www-skipped-when-the-name-is-a-host",
    ),
    pytest.param(
        www() + alias("www.app.example.com", host="other.example.com", name="other"),
        "http://www.app.example.com/",
        "308 http://app.example.com/",
        id="www-server-before-a-conflicting-alias",
    ),
    pytest.param(www("*.example.com"), "http://www.a.example.com/", "404", id="wildcard-host-no-www-server"),
    pytest.param(
        www(paths="- {path: /, pathType: Prefix, backend: {resource: {apiGroup: x.io, kind: Bucket, name: b}}}"),
        "http://www.app.example.com/",
        "404",
        id="only-paths-added-ask-for-it",
    ),
    pytest.param(
        ingress(name="first", paths=p("/a", svc="a"), created=OLD)
        + www(name="later", paths=p("/b", svc="later"), created=NEW),
        "http://www.app.example.com/",
        "308 http://app.example.com/",
        id="any-ingress-of-the-host-asks",
    ),
]

TLS = [
    pytest.param(
        ingress(extra=tls()), "http://app.example.com/a?x=1", "308 https://app.example.com/a?x=1", id="tls-redirect"
    ),
    pytest.param(ingress(extra=tls()), "https://app.example.com/a", "app/web:80 /a", id="tls-served"),
    pytest.param(
        ingress(extra=tls()), "http://app.example.com/a/", "308 https://app.example.com/a", id="redirect-drops-slash"
    ),
    pytest.param(
        ingress(extra=tls(), annotations="nginx.ingress.kubernetes.io/preserve-trailing-slash: 'true'"),
        "http://app.example.com/a/",
        "308 https://app.example.com/a/",
        id="preserve-trailing-slash",
    ),
    pytest.param(
        ingress(extra=tls(), annotations="nginx.ingress.kubernetes.io/ssl-redirect: 'false'"),
        "http://app.example.com/a",
        "app/web:80 /a",
        id="ssl-redirect-false",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/force-ssl-redirect: 'true'"),
        "http://app.example.com/a",
        "308 https://app.example.com/a",
        id="force-ssl-redirect-without-tls",
    ),
    pytest.param(
        ingress(extra=tls(), annotations="nginx.ingress.kubernetes.io/use-port-in-redirects: 'true'"),
        "http://app.example.com/a",
        "308 https://app.example.com/a",  # https://h:443/a is https://h/a: Locations are compared as URLs
        id="use-port-in-redirects",
    ),
    pytest.param(
        ingress(extra=tls(), paths=p("/") + p("/.well-known/acme-challenge/token", "Exact", "solver")),
        "http://app.example.com/.well-known/acme-challenge/token",
        "app/solver:80 /.well-known/acme-challenge/token",
        id="acme-location-exempt",
    ),
    pytest.param(
        ingress(extra=tls()),
        "http://app.example.com/.well-known/acme-challenge/token",
        "308 https://app.example.com/.well-known/acme-challenge/token",
        id="acme-exemption-is-by-location",
    ),
    pytest.param(
        ingress(name="certs", extra=tls(), paths=p("/", svc="front")) + ingress(name="plain", paths=p("/b", svc="b")),
        "http://app.example.com/b",
        "308 https://app.example.com/b",
        id="certificate-is-per-host",
    ),
    pytest.param(
        ingress(extra="tls: [{hosts: [other.example.com], secretName: other}]"),
        "http://app.example.com/a",
        "308 https://app.example.com/a",
        id="unlisted-host-default-certificate",
    ),
    pytest.param(
        ingress(name="wild", host="*.example.com", extra=tls("'*.example.com'")) + ingress(name="plain"),
        "http://app.example.com/a",
        "308 https://app.example.com/a",
        id="wildcard-certificate-redirects-exact-host",
    ),
    pytest.param(ingress(), "https://app.example.com/a", "app/web:80 /a", id="https-without-tls-served"),
]

REDIRECTS = [
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/permanent-redirect: https://new.example.com/landing"),
        "http://app.example.com/old/page?x=1",
        "301 https://new.example.com/landing",
        id="permanent-redirect-drops-path",
    ),
    pytest.param(
        ingress(annotations=ann("permanent-redirect: https://n.example.com", "permanent-redirect-code: '308'")),
        "http://app.example.com/",
        "308 https://n.example.com",
        id="permanent-redirect-code",
    ),
    pytest.param(
        ingress(annotations=ann("permanent-redirect: https://n.example.com", "permanent-redirect-code: '399'")),
        "http://app.example.com/",
        "301 https://n.example.com",
        id="permanent-redirect-code-fallback",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/temporal-redirect: https://t.example.com"),
        "http://app.example.com/",
        "302 https://t.example.com",
        id="temporal-redirect",
    ),
    pytest.param(
        ingress(annotations=ann("temporal-redirect: https://t.example.com", "temporal-redirect-code: '308'")),
        "http://app.example.com/",
        "302 https://t.example.com",
        id="temporal-redirect-code-fallback",
    ),
    pytest.param(
        ingress(
            annotations="nginx.ingress.kubernetes.io/temporal-redirect: https://t.example.com\n"
            "nginx.ingress.kubernetes.io/temporal-redirect-code: '307'\n"
            "nginx.ingress.kubernetes.io/permanent-redirect: https://p.example.com"
        ),
        "http://app.example.com/",
        "307 https://t.example.com",
        id="temporal-wins",
    ),
    pytest.param(
        ingress(annotations=ann("temporal-redirect: https://t.example.com", "temporal-redirect-code: '304'")),
        "http://app.example.com/",
        "304",  # `return 304 <url>`: nginx redirects only with 301, 302, 303, 307 and 308
        id="return-code-without-location",
    ),
    pytest.param(
        ingress(extra=tls(), annotations="nginx.ingress.kubernetes.io/permanent-redirect: https://n.example.com"),
        "http://app.example.com/",
        "301 https://n.example.com",
        id="redirect-before-ssl-redirect",
    ),
    pytest.param(
        ingress(paths=p("/only"), annotations="nginx.ingress.kubernetes.io/permanent-redirect: https://n.example.com"),
        "http://app.example.com/unlisted",
        "301 https://n.example.com",
        id="root-inherits-creator-redirect",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/permanent-redirect: ftp://n.example.com"),
        "http://app.example.com/",
        "app/web:80 /",
        id="redirect-needs-http-url",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/app-root: /app1"),
        "http://app.example.com/",
        "302 http://app.example.com/app1",
        id="app-root",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/app-root: /app1"),
        "https://app.example.com/",
        "302 https://app.example.com/app1",
        id="app-root-keeps-scheme",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/app-root: /app1"),
        "http://app.example.com/other",
        "app/web:80 /other",
        id="app-root-only-slash",
    ),
    pytest.param(
        ingress(annotations="nginx.ingress.kubernetes.io/upstream-vhost: internal.svc"),
        "http://app.example.com/x",
        "app/web:80 /x host internal.svc",
        id="upstream-vhost",
    ),
]

CANARY_HEADER = "nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n"
PRIMARY = ingress(name="app", paths=p("/api", svc="stable"))
CANARY = [
    pytest.param(
        PRIMARY + canary(CANARY_HEADER, p("/api", svc="next")),
        {"X-Canary": "always"},
        "app/next:80 /api",
        id="header-always",
    ),
    pytest.param(
        PRIMARY + canary(CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-weight: '100'", p("/api", svc="next")),
        {"x-canary": "never"},
        "app/stable:80 /api",
        id="header-never-stops",
    ),
    pytest.param(
        PRIMARY + canary(CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-weight: '30'", p("/api", svc="next")),
        {"X-Canary": "maybe"},
        "70% app/stable:80 /api, 30% app/next:80 /api",
        id="header-other-falls-to-weight",
    ),
    pytest.param(
        PRIMARY
        + canary(CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-by-header-value: blue", p("/api", svc="next")),
        {"X-Canary": "blue"},
        "app/next:80 /api",
        id="header-value",
    ),
    pytest.param(
        PRIMARY
        + canary(CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-by-header-value: blue", p("/api", svc="next")),
        {"X-Canary": "always"},
        "app/stable:80 /api",
        id="header-value-replaces-always",
    ),
    pytest.param(
        PRIMARY
        + canary(
            CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-by-header-pattern: 'beta|rc'", p("/api", svc="next")
        ),
        {"X-Canary": "v2-rc1"},
        "app/next:80 /api",
        id="header-pattern-unanchored",
    ),
    pytest.param(
        PRIMARY + canary("nginx.ingress.kubernetes.io/canary-by-cookie: canary\n", p("/api", svc="next")),
        {"Cookie": "a=b; canary=always"},
        "app/next:80 /api",
        id="cookie-always",
    ),
    pytest.param(
        PRIMARY
        + canary(CANARY_HEADER + "nginx.ingress.kubernetes.io/canary-by-cookie: canary\n", p("/api", svc="next")),
        {"X-Canary": "never", "Cookie": "canary=always"},
        "app/stable:80 /api",
        id="header-before-cookie",
    ),
    pytest.param(
        PRIMARY
        + canary(
            "nginx.ingress.kubernetes.io/canary-weight: '20'\nnginx.ingress.kubernetes.io/canary-weight-total: '50'",
            p("/api", svc="next"),
        ),
        {},
        "80% app/stable:80 /api, 20% app/next:80 /api",
        id="weight-total-below-100-ignored",
    ),
    pytest.param(
        PRIMARY
        + canary(
            "nginx.ingress.kubernetes.io/canary-weight: '50'\nnginx.ingress.kubernetes.io/canary-weight-total: '200'",
            p("/api", svc="next"),
        ),
        {},
        "75% app/stable:80 /api, 25% app/next:80 /api",
        id="weight-total-above-100",
    ),
    pytest.param(
        PRIMARY + canary(CANARY_HEADER, p("/api", "Exact", svc="next")),
        {"X-Canary": "always"},
        "app/stable:80 /api",
        id="canary-needs-same-path-type",
    ),
    pytest.param(
        PRIMARY + canary(CANARY_HEADER, p("/other", svc="next")),
        {"X-Canary": "always"},
        "app/stable:80 /api",
        id="canary-without-primary-dropped",
    ),
]

# The apiserver refuses an Ingress with one bad host: its other hosts were never served either.
TWO_HOSTS = ingress(host="${DOMAIN}").replace(
    "  rules:\n",
    "  rules:\n  - host: ok.example.com\n    http: {paths: [{path: /, pathType: Prefix, backend: "
    "{service: {name: web, port: {number: 80}}}}]}\n",
)
BACKENDS = [
    pytest.param(ingress(paths=p("/", port="http")) + service("web"), "app/web:80 /", id="port-name-resolved"),
    pytest.param(ingress(paths=p("/", port=8080)) + service("web"), "app/web:80 /", id="target-port-resolved"),
    pytest.param(ingress(paths=p("/", port=9999)) + service("web"), "503", id="no-such-port-503"),
    pytest.param(ingress(paths=p("/", port="http")), "app/web:http /", id="port-name-without-service"),
    pytest.param(
        ingress(paths="- {path: /, pathType: Prefix, backend: {resource: {apiGroup: x.io, kind: Bucket, name: b}}}"),
        "404",
        id="resource-backend-ignored",
    ),
    pytest.param(TWO_HOSTS, "404", id="invalid-host-rejects-the-ingress"),
    pytest.param(ingress(paths=p("/a b")), "app/web:80 /a%20b", id="strict-path-validation-is-admission-only"),
    pytest.param(ingress(paths=p("/") + p("/a//b", svc="b")), "404", id="apiserver-rejects-double-slash"),
    pytest.param(ingress(paths=p("/", "prefix")), "404", id="bad-path-type-rejects"),
]


@pytest.mark.parametrize(("manifests", "url", "expected"), PATHS + REGEX + HOSTS + ALIASES + WWW + TLS + REDIRECTS)
def test_routing(manifests: str, url: str, expected: str) -> None:
    assert ask(nginx_model(manifests), url) == expected


@pytest.mark.parametrize(("manifests", "headers", "expected"), CANARY)
def test_canary(manifests: str, headers: dict[str, str], expected: str) -> None:
    assert ask(nginx_model(manifests), "http://app.example.com/api", headers) == expected


def test_canary_follows_the_primary_upstream_to_other_hosts() -> None:
    """The canary is attached to the primary upstream, so another host proxying to it is split too."""
    manifests = (
        PRIMARY
        + ingress(name="mirror", host="other.example.com", paths=p("/", svc="stable"))
        + canary(CANARY_HEADER, p("/api", svc="next"))
    )
    assert ask(nginx_model(manifests), "http://other.example.com/", {"X-Canary": "always"}) == "app/next:80 /"


@pytest.mark.parametrize(("manifests", "expected"), BACKENDS)
def test_backends(manifests: str, expected: str) -> None:
    host = "ok.example.com" if "${DOMAIN}" in manifests else H
    assert ask(nginx_model(manifests), f"http://{host}/a%20b" if "/a b" in manifests else f"http://{host}/") == expected


def test_custom_annotation_prefix() -> None:
    manifests = ingress(
        extra=tls(),
        annotations="custom.example/ssl-redirect: 'false'\nnginx.ingress.kubernetes.io/permanent-redirect: https://x.example",
    )
    assert ask(nginx_model(manifests, prefix="custom.example"), "http://app.example.com/a") == "app/web:80 /a"
    assert ask(nginx_model(manifests), "http://app.example.com/a") == "301 https://x.example"


PASSTHROUGH = ann("ssl-passthrough: 'true'")


@pytest.mark.parametrize(
    ("manifests", "url", "expected"),
    [
        pytest.param(
            ingress(annotations=PASSTHROUGH, paths=p("/", svc="db", port=8443) + p("/status", svc="status")),
            "https://app.example.com/status",
            "TLS passthrough app/db:8443",
            id="https-goes-to-the-root-backend",
        ),
        pytest.param(
            ingress(annotations=PASSTHROUGH, paths=p("/", svc="db", port=8443) + p("/status", svc="status")),
            "http://app.example.com/status",
            "app/status:80 /status",
            id="http-is-routed-as-usual",
        ),
        pytest.param(
            ingress(annotations=PASSTHROUGH, paths=p("/mqtt", svc="broker")),
            "https://app.example.com/mqtt",
            "no answer",
            id="no-root-backend",
        ),
        pytest.param(
            ingress(name="first", paths=p("/", svc="web"), created="2021-01-01T00:00:00Z")
            + ingress(name="later", annotations=PASSTHROUGH, paths=p("/x", svc="x"), created="2022-01-01T00:00:00Z"),
            "https://app.example.com/",
            "app/web:80 /",
            id="only-the-creator-decides",
        ),
    ],
)
def test_ssl_passthrough(manifests: str, url: str, expected: str) -> None:
    """createServers takes ssl-passthrough from the Ingress that creates the server; getConfiguration passes
    TLS through to the backend of `/` and ignores the other paths."""
    assert ask(nginx_model(manifests), url) == expected


def test_a_canary_never_joins_the_controllers_default_backend() -> None:
    """canMergeBackend refuses the default upstream: a canary `/` for a host whose root is the 404 default
    backend is not merged, so neither that host nor the catch-all server is split."""
    manifests = PRIMARY + canary(CANARY_HEADER, p("/", svc="next"))
    model = nginx_model(manifests)
    assert ask(model, "http://app.example.com/", {"X-Canary": "always"}) == "404"
    assert ask(model, "http://unknown.example.com/", {"X-Canary": "always"}) == "404"


def test_an_identical_location_is_not_added_twice() -> None:
    """createServers would add a repeated Exact / again (the root `/` Prefix comes first, with another
    type), which nginx refuses; the model keeps the older one only, so a canary of `/` joins it alone."""
    manifests = (
        ingress(name="a", paths=p("/", "Exact", svc="older"))
        + ingress(name="b", paths=p("/", "Exact", svc="newer") + p("/api", svc="newer"))
        + canary(CANARY_HEADER, p("/", "Exact", svc="next"))
    )
    model = nginx_model(manifests)
    assert ask(model, "http://app.example.com/") == "app/older:80 /"
    assert ask(model, "http://app.example.com/", {"X-Canary": "always"}) == "app/next:80 /"
    assert ask(model, "http://app.example.com/api", {"X-Canary": "always"}) == "app/newer:80 /api"
