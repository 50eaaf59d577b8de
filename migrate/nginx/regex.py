"""Regex mode: how ingress-nginx writes and orders the locations of a host whose paths are regexes.

A host is in regex mode when any of its locations (any Ingress, any namespace, the implicit root included)
has use-regex or a rewrite-target that differs from its path (template.go enforceRegexModifier). Every
location is then `location ~* "^<path>"`: case-insensitive, anchored at the start only, whatever its
pathType. Before that, a Prefix location whose own Ingress has neither gets the two blocks of
updateServerLocations (`<path>/` and an exact copy of `<path>`), which in regex mode together match
`^<path>`, or only `^<path>/` when an Exact location with the same path exists. nginx tries regex locations
in the order the controller sorted them (controller.go: by path descending, then by length descending, both
stable) and takes the first that matches.

So a location can be out of reach: when a location nginx tries earlier has a plain-text regex that every
request this one matches starts with, nginx never chooses this one. The sort keeps the controller's list order
between equal paths, and a server's root location is first in that list (createServers makes it, and a later
`/` path takes it over in place), so an Exact `/` is always behind the root: both are `^/`, and the root, on
the default backend (404) or a defaultBackend, answers everything (`assign_shadows`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from migrate.nginx.model import EXACT, PREFIX, Location, Server, Shadow


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


def assign_shadows(server: Server) -> None:
    """Mark each location of a regex-mode host that nginx never chose (`Location.shadowed`), in one pass over
    nginx's order: the plain-text regexes seen so far, and for each location whether one of them is a prefix
    of the text every request it matches starts with (both lower-cased: the locations are `~*`)."""
    if not server.regex:
        return
    exact = {other.path for other in server.locations if other.path_type == EXACT}
    seen: dict[str, Location | None] = {}
    # The catch-all server's own root on the default backend, which this model leaves out, comes before the
    # other `/` paths (the shortest, so the last in nginx's order).
    virtual_root = not server.hostname and not server.has_root
    for location in nginx_order(server.locations):
        if virtual_root and location.path == "/":
            seen.setdefault("/", None)
        source = regex_source(location, server, exact)
        if _compiled(source) is None:
            continue  # not a regex at all: reported as such, and nginx refuses the configuration
        head = _head(source)
        for end in range(1, len(head) + 1):
            if head[:end] in seen:
                by = seen[head[:end]]
                location.shadowed = Shadow(by, head[:end] if by is None else regex_source(by, server, exact))
                break
        covered = _covered(source)
        if covered is not None:
            seen.setdefault(covered, location)


_META = set(".^$*+?()[]{}|\\")
_QUANTIFIERS = set("*+?{")


def _pieces(source: str) -> tuple[list[str], bool]:
    """The literal characters `source` starts with (escaped punctuation unescaped), and whether that is all
    of it. A `|` anywhere gives nothing: an alternative may match requests that start with anything."""
    if _alternative(source):
        return [], False
    head = literal_scan(source)
    return head.certain, head.whole


def _alternative(source: str) -> bool:
    """Whether a `|` (not escaped) stands anywhere: an alternative may match requests that start with anything."""
    return "|" in source.replace("\\\\", "").replace("\\|", "")


@dataclass(frozen=True)
class LiteralHead:
    """How a regex starts: the literal characters before its first syntax (escaped punctuation unescaped)."""

    pieces: list[str]
    end: int  # where the syntax starts in the regex (its length when there is none)
    quantified: bool  # that syntax is a quantifier, which makes the last piece optional or repeated
    whole: bool  # no syntax at all

    @property
    def certain(self) -> list[str]:
        """The pieces every match starts with."""
        return self.pieces[:-1] if self.quantified else self.pieces


def literal_scan(source: str) -> LiteralHead:
    """The one scan of a regex's literal head, for the matches of regex mode and for the Gateway's."""
    pieces: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source) and not source[index + 1].isalnum():
            pieces.append(source[index + 1])
            index += 2
            continue
        if char in _META:
            return LiteralHead(pieces, index, char in _QUANTIFIERS and bool(pieces), False)
        pieces.append(char)
        index += 1
    return LiteralHead(pieces, index, False, True)


def _head(source: str) -> str:
    """The text (lower-cased) every request the location matches starts with."""
    return "".join(_pieces(source)[0]).lower()


def _literal(source: str) -> str | None:
    """The regex as plain text (lower-cased) when it has no regex syntax, else None."""
    pieces, whole = _pieces(source)
    return "".join(pieces).lower() if whole else None


# What may follow a plain-text head for the regex still to match every URI that starts with it (`.` matches
# any character but a newline, which a request line cannot hold).
_ANY_TAIL = re.compile(r"(?:\.\*|\((?:\?:)?\.\*\))+\$?")


def _covered(source: str) -> str | None:
    """The text (lower-cased) such that the regex matches every URI starting with it: the whole regex when it
    is plain text, its head when the rest only matches anything (`/api/(.*)`, `/.*`); else None."""
    if _alternative(source):
        return None
    head = literal_scan(source)
    if not head.whole and (head.quantified or not _ANY_TAIL.fullmatch(source[head.end :])):
        return None
    return "".join(head.pieces).lower()


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
