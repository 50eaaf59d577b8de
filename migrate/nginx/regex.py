"""Regex mode: how ingress-nginx writes and orders the locations of a host whose paths are regexes.

A host is in regex mode when any of its locations (any Ingress, any namespace, the implicit root included)
has use-regex or a rewrite-target that differs from its path (template.go enforceRegexModifier). Every
location is then `location ~* "^<path>"`: case-insensitive, anchored at the start only, whatever its
pathType. Before that, a Prefix location whose own Ingress has neither gets the two blocks of
updateServerLocations (`<path>/` and an exact copy of `<path>`), which in regex mode together match
`^<path>`, or only `^<path>/` when an Exact location with the same path exists. nginx tries regex locations
in the order the controller sorted them (controller.go: by path descending, then by length descending, both
stable) and takes the first that matches.
"""

from __future__ import annotations

import functools
import re

from migrate.nginx.model import EXACT, PREFIX, Location, Server


def in_regex_mode(server: Server) -> bool:
    return any(_asks_for_regex(location) for location in server.locations)


def _asks_for_regex(location: Location) -> bool:
    intents = location.intents.location
    return intents.use_regex or intents.needs_rewrite(location.path)


def cause(server: Server) -> Location | None:
    """The location that put the host in regex mode, as written first (explicit ones before the root)."""
    explicit = [loc for loc in server.locations if not loc.implicit]
    return next((loc for loc in [*explicit, *server.locations] if _asks_for_regex(loc)), None)


def nginx_order(locations: list[Location]) -> list[Location]:
    by_path = sorted(locations, key=lambda loc: loc.path, reverse=True)
    return sorted(by_path, key=lambda loc: len(loc.path), reverse=True)


def regex_source(location: Location, server: Server, exact: set[str] | None = None) -> str:
    """The regex (without the `^` nginx adds) that the location matches in regex mode. `exact`: the paths
    of the server's Exact locations, when the caller has them."""
    path = location.path
    if location.path_type != PREFIX or path == "/" or _asks_for_regex(location):
        return path
    if exact is None:
        exact = {other.path for other in server.locations if other.path_type == EXACT}
    if path in exact:
        return path if path.endswith("/") else f"{path}/"
    return path


Order = list[tuple[Location, "re.Pattern[str] | None"]]


def compiled_order(server: Server) -> Order:
    """The server's locations in nginx's order with their compiled regexes: made once, for a caller that
    asks `first_match` about many URIs of one host (each call would otherwise sort and compile again)."""
    exact = {other.path for other in server.locations if other.path_type == EXACT}
    return [(loc, _compiled(regex_source(loc, server, exact))) for loc in nginx_order(server.locations)]


def first_match(server: Server, uri: str, skip: Location | None = None, order: Order | None = None) -> Location | None:
    """The location nginx chose for `uri` on a regex-mode host (Python's `re` standing in for PCRE)."""
    for location, compiled in compiled_order(server) if order is None else order:
        if location is skip:
            continue
        if compiled is not None and compiled.match(uri):
            return location
    return None


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> re.Pattern[str] | None:
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error:
        return None
