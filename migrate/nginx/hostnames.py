"""The names a server answers besides its host, and its app-root.

server-alias (controller.go createServers): the first Ingress, oldest first, with a rule for the host and
aliases gives them to the server; an alias that is the host itself or another server's host is dropped. The
aliases are written into `server_name` verbatim, so nginx's own forms apply, which this module turns into
Gateway hostnames: `.example.com` is `example.com` plus `*.example.com`; `*.example.com` matches any depth in
nginx as in Gateway API; `www.example.*` and `~regex` have no Gateway form.

from-to-www-redirect (pkg/util/ingress BuildRedirects): a server any of whose locations has it gets a
redirect server for the other name (`www.` added or removed), unless that name is a host of its own; nginx.tmpl
writes the redirect servers first, so the name is the redirect's even when another host lists it as an alias.

app-root (nginx.tmpl): every location with app-root writes `if ($uri = /) { return 302 ...; }` into the server
block in location order, so the first location in nginx's order that has it decides the redirect.
"""

from __future__ import annotations

from migrate.annotations.hosts import ALIAS_DROPPED, ALIAS_NO_CERTIFICATE, ALIAS_NOT_EXPRESSIBLE
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
    server.alias_forms = []
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
        server.alias_forms.append(alias.lower())
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


def report_uncertified_aliases(
    servers: dict[str, Server], primaries: list[tuple[Ingress, IngressIntents]], findings: Findings
) -> None:
    """certificate.lua looks a request's certificate up by its exact name, then by `*.` and the name without
    its first label, among the hosts with a certificate and their aliases as written (configureCertificates).
    So a `.example.org` alias is never found, nor a name two labels under a `*.example.org` alias: ingress-nginx
    did not redirect those names to HTTPS and served them on 443 with its default certificate."""
    keys = {name for name, server in servers.items() if name and server.certificate is not None}
    keys |= {form for server in servers.values() if server.certificate is not None for form in server.alias_forms}
    intents_of = {id(ingress): intents for ingress, intents in primaries}
    for server in servers.values():
        ingress = server.alias_source
        if server.certificate is None or ingress is None:
            continue
        for form in server.alias_forms:
            if not form.startswith(("*.", ".")):
                continue
            rest = form.lstrip("*.")
            bare = form.startswith(".") and not _certified(keys, rest)
            under = "any name under it" if form.startswith(".") and f"*.{rest}" not in keys else ""
            what = f"{rest} or {under or 'names two or more labels under it'}" if bare else ""
            what = what or (f"names under {rest}" if under else f"names two or more labels under {rest}")
            _flag(
                findings,
                ingress,
                intents_of[id(ingress)],
                ALIAS_NO_CERTIFICATE,
                f"alias {form} of {server.hostname}: ingress-nginx looks a certificate up by the exact name, then "
                f"by `*.` and the name without its first label, so it found none for {what}: it did not redirect "
                "them to HTTPS and answered them on 443 with its default certificate. The output treats them as "
                "the host, with its HTTPS redirect and certificate: make sure that certificate covers them",
            )


def _certified(keys: set[str], name: str) -> bool:
    _, dot, rest = name.partition(".")
    return name in keys or (bool(dot) and f"*.{rest}" in keys)


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
        if other in aliases:
            # nginx.tmpl writes the redirect servers before the others, and nginx keeps a repeated server_name for
            # the first server block that lists it ("conflicting server name ... ignored").
            for named in hosts.values():
                if other in named.aliases:
                    named.aliases.remove(other)
            _flag(
                findings,
                owner.ingress,
                owner.intents,
                WWW_REDIRECT,
                f"from-to-www-redirect on {host}: {other} is also a server-alias, and nginx gave the name to the "
                "redirect server, which its configuration lists first (it ignores the repeated name in a later "
                "server block); so does the output, which leaves the alias out",
                name="from-to-www-redirect",
            )


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
