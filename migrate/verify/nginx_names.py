"""The ingress-nginx model, part 3: which server block answers a Host, aliases and www redirects included.

ingress-nginx writes one nginx `server` per host with its server-alias names, verbatim, in the same
`server_name` (`nginx_servers` decides which aliases a server keeps), and, before all of them, one redirect
server for each server with from-to-www-redirect (pkg/util/ingress BuildRedirects): its name is the host with
`www.` added or removed, and it is left out when that name is a host of its own. nginx then picks the server
for a Host as its server_name rules say:

1. an exact name: a host, an alias, a redirect server's name. When two server blocks list the same name,
   the first in the configuration keeps it ("conflicting server name ... ignored"): the redirect servers
   come first, then the servers by hostname;
2. the longest wildcard starting with `*`: `*.example.org` (any number of labels) or `.example.org`
   (which is also `example.org` itself);
3. the longest wildcard ending with `*` (`www.example.*`);
4. the first regex that matches, in configuration order: a wildcard host (`*.example.com` is rendered
   `~^(?<subdomain>[\\w-]+)\\.example\\.com$`, exactly one label) and `~` aliases;
5. the catch-all server `_`.

A redirect server answers every request with `return 308 $redirect_to` (http-redirect-code): the request's
scheme, the host it redirects to, and the request URI, query included, without a trailing `/`
(ngx_srv_redirect.lua). It runs no location and no HTTPS redirect. A wildcard host has no such server: its
`www.*.` name is not one nginx accepts, so it is not modelled.

Certificates (certificate.lua get_pem_cert_uid): a Host has one when its name, or `*.` and the name without
its first label, is a key of the controller's certificate table. The keys are the hosts with a certificate
and, verbatim, their aliases that the certificate covers (configureCertificates). Certificates cannot be
read from manifests: a server's certificate is taken to cover its aliases, as the conversion takes it
(and says, IM433). `.example.org` and `www.example.*` are never looked up, so those names have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrate.verify.http import Subject
from migrate.verify.nginx_servers import CATCH_ALL, Server

REDIRECT_CODE = 308  # ConfigMap http-redirect-code
_WILDCARD_HOST = r"^[\w-]+\.{rest}$"


@dataclass(frozen=True)
class WwwRedirect:
    name: str  # the name the redirect server answers
    to: str  # the host it redirects to
    subject: Subject  # the path whose from-to-www-redirect asked for it


def www_name(host: str) -> str:
    return host[4:] if host.startswith("www.") else f"www.{host}"


def redirects(servers: dict[str, Server]) -> list[WwwRedirect]:
    """BuildRedirects, over the servers by hostname."""
    found = []
    for hostname in sorted(servers):
        server = servers[hostname]
        if server.www is None or hostname == CATCH_ALL or hostname.startswith("*."):
            continue
        name = www_name(hostname)
        if name not in servers:
            found.append(WwwRedirect(name, hostname, server.www))
    return found


class ServerNames:
    """The server_name lookup of every server, built once."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self.catch_all = servers[CATCH_ALL]
        self.exact: dict[str, Server | WwwRedirect] = {}
        self.leading: dict[str, tuple[Server, bool]] = {}  # `.rest` -> server, and whether `rest` matches too
        self.trailing: dict[str, Server] = {}  # `www.example.` -> server
        self.regexes: list[tuple[re.Pattern[str] | None, Server]] = []
        for redirect in redirects(servers):
            self.exact.setdefault(redirect.name, redirect)
        # The configuration lists the servers by hostname; the catch-all's is `_`.
        for hostname in sorted(servers, key=lambda name: name or "_"):
            server = servers[hostname]
            if hostname.startswith("*."):
                self.regexes.append((re.compile(_WILDCARD_HOST.format(rest=re.escape(hostname[2:]))), server))
            elif hostname:
                self.exact.setdefault(hostname, server)
            for alias in server.aliases:
                self._alias(alias.lower(), server)

    def _alias(self, alias: str, server: Server) -> None:
        if alias.startswith("~"):
            try:
                self.regexes.append((re.compile(alias[1:], re.IGNORECASE), server))
            except re.error:
                self.regexes.append((None, server))  # nginx would refuse the configuration
        elif alias.startswith("*."):
            self.leading.setdefault(alias[1:], (server, False))
        elif alias.startswith("."):
            self.leading.setdefault(alias, (server, True))
        elif alias.endswith(".*"):
            self.trailing.setdefault(alias[:-1], server)
        else:
            self.exact.setdefault(alias, server)

    def resolve(self, host: str) -> tuple[Server | WwwRedirect, bool]:
        """The server for a Host, and whether a wildcard or regex name (not an exact one) chose it."""
        host = host.lower().rstrip(".")
        found = self.exact.get(host)
        if found is not None:
            return found, False
        if self.leading:
            bare = self.leading.get(f".{host}")
            if bare is not None and bare[1]:
                return bare[0], True
            for index, char in enumerate(host):
                if char == "." and index > 0:
                    entry = self.leading.get(host[index:])
                    if entry is not None:
                        return entry[0], True
        if self.trailing:
            for index in range(len(host) - 1, 0, -1):
                if host[index] == ".":
                    server = self.trailing.get(host[: index + 1])
                    if server is not None:
                        return server, True
        for pattern, server in self.regexes:
            if pattern is not None and pattern.search(host):
                return server, True
        return self.catch_all, False


def certificate_names(servers: dict[str, Server]) -> set[str]:
    """The keys of the controller's certificate table (see the module's docstring)."""
    names: set[str] = set()
    for hostname, server in servers.items():
        if server.has_certificate and hostname != CATCH_ALL:
            names.add(hostname)
            names.update(alias.lower() for alias in server.aliases)
    return names


def certified(names: set[str], host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in names:
        return True
    _, dot, rest = host.partition(".")
    return bool(dot) and f"*.{rest}" in names
