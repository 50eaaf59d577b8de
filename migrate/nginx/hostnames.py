"""The names a server answers besides its host, and its app-root.

server-alias (controller.go createServers): the first Ingress, oldest first, with a rule for the host and
aliases gives them to the server; an alias that is the host itself or another server's host is dropped. The
aliases are written into `server_name` verbatim, so nginx's own forms apply, which this module turns into
Gateway hostnames: `.example.com` is `example.com` plus `*.example.com`; `*.example.com` matches any depth in
nginx as in Gateway API; `www.example.*` and `~regex` have no Gateway form.

from-to-www-redirect (pkg/util/ingress BuildRedirects): a server any of whose locations has it gets a
redirect server for the other name (`www.` added or removed), unless that name is a host of its own.

app-root (nginx.tmpl): every location with app-root writes `if ($uri = /) { return 302 ...; }` into the server
block in location order, so the first location in nginx's order that has it decides the redirect.
"""

from __future__ import annotations

from migrate.annotations.hosts import ALIAS_DROPPED, ALIAS_NOT_EXPRESSIBLE
from migrate.annotations.redirects import WWW_REDIRECT
from migrate.findings import Code, Findings
from migrate.intents import IngressIntents
from migrate.model import Ingress
from migrate.nginx.model import Server, WwwRedirect
from migrate.nginx.regex import nginx_order
from migrate.validation import hostname_problem

ALIAS = "server-alias"


def assign_aliases(
    servers: dict[str, Server], primaries: list[tuple[Ingress, IngressIntents]], findings: Findings
) -> None:
    for ingress, intents in primaries:
        if not intents.server.aliases:
            continue
        for rule in ingress.rules:
            server = servers.get(rule.host)
            if server is None or not rule.host or server.alias_source is ingress:
                continue
            if server.alias_source is not None:
                _flag(
                    findings,
                    ingress,
                    intents,
                    ALIAS_DROPPED,
                    f"{rule.host} already has the aliases of Ingress "
                    f"{server.alias_source.ref} (older), so ingress-nginx ignored these for it, and so does the "
                    "output: move them to that Ingress",
                )
                continue
            server.alias_source = ingress
            server.aliases = _hostnames(server, intents, servers, findings)


def _hostnames(server: Server, intents: IngressIntents, servers: dict[str, Server], findings: Findings) -> list[str]:
    ingress = server.alias_source
    assert ingress is not None
    names: list[str] = []
    for alias in intents.server.aliases:
        if alias == server.hostname:
            continue
        if alias in servers:
            _flag(
                findings,
                ingress,
                intents,
                ALIAS_DROPPED,
                f"alias {alias} is also a host of its own, so ingress-nginx "
                f"dropped it from {server.hostname} to avoid the conflict, and so does the output",
            )
            continue
        for name in _gateway_names(alias, server, intents, findings):
            if name in servers:
                continue  # nginx prefers the exact server name; the host keeps its own routes
            if name not in names and name != server.hostname:
                names.append(name)
    return names


def _gateway_names(alias: str, server: Server, intents: IngressIntents, findings: Findings) -> list[str]:
    ingress = server.alias_source
    assert ingress is not None
    lowered = alias.lower()
    if lowered.startswith("~"):
        _flag(
            findings,
            ingress,
            intents,
            ALIAS_NOT_EXPRESSIBLE,
            f"alias {alias} is an nginx regular expression, which "
            "Gateway API hostnames cannot express; it is not converted: list the names it stands for",
        )
        return []
    candidates = [lowered[1:], f"*{lowered}"] if lowered.startswith(".") else [lowered]
    kept = []
    for name in candidates:
        problem = hostname_problem(name)
        if name.endswith(".*"):
            problem = "is an nginx suffix wildcard (`name.*`), which Gateway API hostnames cannot express"
        if problem is not None:
            _flag(
                findings,
                ingress,
                intents,
                ALIAS_NOT_EXPRESSIBLE,
                f"alias {alias} of {server.hostname}: {name!r} {problem}; it is not converted",
            )
            continue
        kept.append(name)
    return kept


def assign_www(servers: dict[str, Server], findings: Findings) -> None:
    hosts = {name: server for name, server in servers.items() if name}
    aliases = {alias for server in hosts.values() for alias in server.aliases}
    for host in sorted(hosts):
        server = hosts[host]
        asking = [loc for loc in server.as_written() if not loc.implicit and loc.intents.location.from_to_www]
        if not asking:
            continue
        owner = asking[0]  # locations are added oldest Ingress first
        other = host[4:] if host.startswith("www.") else f"www.{host}"
        reason = None
        if host.startswith("*."):
            reason = f"{host} is a wildcard host, which has no www name"
        elif other in servers:
            reason = f"{other} is a host of its own, so ingress-nginx skipped the redirect, and so does the output"
        elif other in aliases:
            reason = (
                f"{other} is also a server-alias, so ingress-nginx's two server blocks conflicted; the output keeps "
                "the alias"
            )
        elif hostname_problem(other) is not None:
            reason = f"{other} is not a valid hostname"
        if reason is not None:
            _flag(
                findings,
                owner.ingress,
                owner.intents,
                WWW_REDIRECT,
                f"from-to-www-redirect on {host}: {reason}",
                name="from-to-www-redirect",
            )
            continue
        server.www = WwwRedirect(other, owner.ingress)


def assign_app_root(server: Server) -> None:
    server.app_root = next((loc for loc in nginx_order(server.locations) if loc.intents.location.app_root), None)


def _flag(
    findings: Findings, ingress: Ingress, intents: IngressIntents, code: Code, message: str, name: str = ALIAS
) -> None:
    written = intents.written.get(name)
    findings.add(
        code,
        message,
        file=ingress.file,
        pos=written.pos if written else ingress.key_pos(("metadata", "name")),
        ingress=ingress.ref,
        field=written.key if written else None,
    )
