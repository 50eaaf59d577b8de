"""Requests and what they get: the vocabulary both routing models speak.

An `Answer` is a distribution of outcomes (a canary or weighted split gives several), each outcome the
part of the response a client or a backend can observe: which backend receives the request and with
which path and Host, or the redirect, or the status the proxy answers itself, or no answer at all.
How an outcome came about (`Trace`) is kept for the report but never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple
from urllib.parse import unquote

from migrate.model import Ingress

HTTP_PORT = 80
HTTPS_PORT = 443


class Request(NamedTuple):
    """One request a client sends. A tuple: tens of thousands are made, hashed and compared per run."""

    scheme: str  # http | https
    host: str  # the Host header and, for https, the TLS server name
    path: str  # as sent on the wire: percent-encoded, with the query if any
    headers: tuple[tuple[str, str], ...] = ()
    method: str = "GET"

    @property
    def port(self) -> int:
        return HTTPS_PORT if self.scheme == "https" else HTTP_PORT

    @property
    def uri_path(self) -> str:
        """The path without the query, still encoded (what Gateway API matches)."""
        return self.path.partition("?")[0]

    @property
    def query(self) -> str:
        return self.path.partition("?")[2]

    @property
    def decoded_path(self) -> str:
        """The path nginx matches locations against (`$uri`: decoded, no query)."""
        return unquote(self.uri_path)

    def header(self, name: str) -> str | None:
        """The first value of a header; names are case-insensitive."""
        if not self.headers:
            return None
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def cookie(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() != "cookie":
                continue
            for part in value.split(";"):
                cookie_name, _, cookie_value = part.strip().partition("=")
                if cookie_name == name:
                    return cookie_value
        return None

    def query_param(self, name: str) -> str | None:
        for part in self.query.split("&"):
            key, _, value = part.partition("=")
            if key == name:
                return unquote(value)
        return None

    def show(self) -> str:
        extra = "".join(f" [{k}: {v}]" for k, v in self.headers)
        return f"{self.method} {self.scheme}://{self.host}{self.path}{extra}"


@dataclass(frozen=True)
class Backend:
    """The request reaches a Service port, with this path (and query) and Host header."""

    namespace: str | None
    service: str
    port: int | str  # a port name that nothing could resolve stays a name
    path: str
    host: str
    passthrough: bool = False  # TLS passed through by server name: no HTTP routing at all
    notes: tuple[str, ...] = field(default=(), compare=False)  # header changes: reported, not compared

    def show(self, request_host: str | None = None) -> str:
        where = f"{self.namespace}/{self.service}" if self.namespace else self.service
        if self.passthrough:
            return f"TLS passthrough to {where}:{self.port}"
        host = f" with Host {self.host}" if self.host != request_host else ""
        notes = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f"{where}:{self.port} {self.path}{host}{notes}"


@dataclass(frozen=True)
class Redirect:
    code: int
    location: str  # absolute URL, compared with the scheme's own port left out (RFC 3986 6.2.3)

    def __post_init__(self) -> None:
        object.__setattr__(self, "location", _without_default_port(self.location))

    def show(self, request_host: str | None = None) -> str:
        return f"{self.code} redirect to {self.location}"


@dataclass(frozen=True)
class Status:
    """The proxy answers by itself: 404 (no route, or ingress-nginx's default backend), 500, 503."""

    code: int
    reason: str = field(default="", compare=False)

    def show(self, request_host: str | None = None) -> str:
        return f"{self.code} ({self.reason})" if self.reason else str(self.code)


@dataclass(frozen=True)
class NoAnswer:
    """Nothing listens for this request: connection refused, or no TLS listener for the server name."""

    reason: str = field(default="", compare=False)

    def show(self, request_host: str | None = None) -> str:
        return f"no answer ({self.reason})" if self.reason else "no answer"


Outcome = Backend | Redirect | Status | NoAnswer


@dataclass(frozen=True)
class Subject:
    """A place in the input an outcome comes from: an Ingress, optionally one rule and one path of it.
    `rule` and `path` are indexes into spec.rules and its http.paths; `part` names other fields
    (`defaultBackend`, `tls`)."""

    file: str | None  # None: known only by its Ingress (a route names Ingresses, not files)
    ingress: str
    rule: int | None = None
    path: int | None = None
    part: str | None = None

    @staticmethod
    def of(ingress: Ingress, where: tuple[str | int, ...] = (), part: str | None = None) -> Subject:
        """The subject at `where` (`("spec", "rules", 0, "http", "paths", 1)`) as the manifest numbers it."""
        rule = where[2] if len(where) > 2 and where[:2] == ("spec", "rules") else None
        path = where[5] if len(where) > 5 and where[3:5] == ("http", "paths") else None
        return Subject(
            ingress.file,
            ingress.ref,
            rule if isinstance(rule, int) else None,
            path if isinstance(path, int) else None,
            part,
        )


@dataclass(frozen=True)
class Trace:
    """How a model reached its answer, for the report: a short description and the Subjects involved."""

    text: str = ""
    subjects: tuple[Subject, ...] = ()
    # Facts the difference classifier needs: e.g. "catch-all-route", "wildcard", "regex-mode".
    facts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Answer:
    shares: tuple[tuple[Outcome, Fraction], ...]
    trace: Trace = field(default_factory=Trace, compare=False)

    @staticmethod
    def of(outcome: Outcome, trace: Trace | None = None) -> Answer:
        return Answer(((outcome, _WHOLE),), trace or _NO_TRACE)

    @staticmethod
    def split(parts: list[tuple[Outcome, Fraction]], trace: Trace | None = None) -> Answer:
        """A distribution; equal outcomes merge and shares of zero vanish, so equal splits compare equal."""
        if len(parts) == 1 and parts[0][1] > 0:
            return Answer(((parts[0][0], _WHOLE),), trace or _NO_TRACE)
        merged: dict[Outcome, Fraction] = {}
        for outcome, share in parts:
            if share > 0:
                merged[outcome] = merged.get(outcome, Fraction(0)) + share
        ordered = tuple(sorted(merged.items(), key=lambda item: (-item[1], _sort_key(item[0]))))
        return Answer(ordered, trace or Trace())

    @property
    def single(self) -> Outcome | None:
        return self.shares[0][0] if len(self.shares) == 1 else None

    def outcomes(self) -> list[Outcome]:
        return [outcome for outcome, _ in self.shares]

    def show(self, request_host: str | None = None) -> str:
        """The outcomes in words; the Host a backend receives is named when it is not `request_host`."""
        if len(self.shares) == 1:
            return self.shares[0][0].show(request_host)
        return ", ".join(f"{_percent(share)} {outcome.show(request_host)}" for outcome, share in self.shares)


_WHOLE = Fraction(1)
_NO_TRACE = Trace()


def _sort_key(outcome: Outcome) -> str:
    return f"{type(outcome).__name__}:{outcome.show()}"


def _percent(share: Fraction) -> str:
    value = float(share * 100)
    return f"{value:.0f}%" if value == int(value) else f"{value:.2f}%"


_DEFAULT_PORT = re.compile(r"^(?:(https)://([^/:?#]+):443|(http)://([^/:?#]+):80)(?=[/?#]|$)", re.IGNORECASE)


def _without_default_port(url: str) -> str:
    """`https://h:443/x` is `https://h/x`: clients treat them alike, and Gateway API leaves the port out."""
    found = _DEFAULT_PORT.match(url)
    if found is None:
        return url
    scheme, host = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return f"{scheme}://{host}{url[found.end() :]}"


def redirect_location(scheme: str, host: str, port: int | None, path: str) -> str:
    """An absolute Location; the port is left out when it is the scheme's own."""
    default = HTTPS_PORT if scheme == "https" else HTTP_PORT
    shown = "" if port is None or port == default else f":{port}"
    return f"{scheme}://{host}{shown}{path}"
