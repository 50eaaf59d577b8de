"""Redirects."""

from __future__ import annotations

from migrate.annotations.base import Family, Key, Scope, Status

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
        scope=Scope.SERVER,
    ),
    Key(
        "app-root",
        Status.STANDARD,
        "IM425",
        "Exact / rule with RequestRedirect path ReplaceFullPath, 302",
        scope=Scope.SERVER,
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

FAMILY = Family("Redirects", KEYS)
