"""What a location matches, and how its path is rewritten, in Gateway API terms.

Outside regex mode a location is an Exact or PathPrefix match. In regex mode (`migrate.nginx.regex`) it is a
RegularExpression (`migrate.gateway.regex`), except where an exact equivalent exists: the root `^/` is
PathPrefix `/`, and a rewrite whose regex is a literal prefix followed by a capture of the rest
(`/api(/|$)(.*)` -> `/$2`) is a PathPrefix match with ReplacePrefixMatch. A static rewrite-target replaces the
whole path (ReplaceFullPath: nginx's `rewrite` replaces the whole URI); any other capture-group rewrite needs
an implementation filter and is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migrate import codes
from migrate.annotations.rewrite import (
    REGEX_INVALID,
    REGEX_UNSUPPORTED,
    REWRITE_APPROXIMATE,
    REWRITE_NEEDS_FILTER,
)
from migrate.findings import Code, Findings
from migrate.gateway.ir import PathMatch, PathModifier
from migrate.nginx.model import EXACT, Location, Server
from migrate.nginx.regex import literal_scan, regex_source
from migrate.validation import looks_like_regex, path_problem

from . import regex as rx

MAX_PATH = 1024  # HTTPPathMatch value
_CAPTURE = re.compile(r"\$([0-9])")
_VARIABLE = re.compile(r"\$[A-Za-z_{]")
# Literal prefix, then "the rest" in one of the forms that mean "the prefix as a path segment".
_TAILS = {
    "(/|$)(.*)": (2, True),
    "($|/)(.*)": (2, True),
    "(?:/|$)(.*)": (1, True),
    "(?:$|/)(.*)": (1, True),
    "/(.*)": (1, False),
    "(/.*)": (1, False),
}


@dataclass
class PathPlan:
    """One location's matches: `main` with its rewrite, and `extra` (match, rewrite) pairs it also needs."""

    main: PathMatch
    rewrite: PathModifier | None = None
    mergeable: bool = True  # False with ReplacePrefixMatch, which needs a rule of its own
    extra: list[tuple[PathMatch, PathModifier | None]] = field(default_factory=list)
    literal: str | None = None  # regex mode: the literal text every match starts with (overlap checks)
    rewriting: bool = False  # nginx rewrote this location (x-forwarded-prefix is sent)
    bare: str | None = None  # a path the PathPrefix matches that nginx's regex did not (see routes)


def plan(location: Location, server: Server, findings: Findings) -> PathPlan | None:
    """None when the path cannot be expressed at all (already reported)."""
    if server.regex:
        return _regex_plan(location, server, findings)
    problem = path_problem(location.path)
    if problem is not None:
        report(
            location,
            f"path {location.path!r} {problem}; Gateway API rejects it, so it is left out",
            codes.PATH_INVALID,
            findings,
        )
        return None
    source = location.source
    if source is not None and source.path_type in (None, "ImplementationSpecific") and looks_like_regex(location.path):
        report(
            location,
            f"path {location.path!r} looks like a regular expression, but ingress-nginx matched it "
            "literally as a prefix because no Ingress of this host enables use-regex or rewrite-target; "
            "the output does the same",
            codes.PATH_LITERAL_REGEX,
            findings,
        )
    return PathPlan(PathMatch("Exact" if location.path_type == EXACT else "PathPrefix", location.path))


def _regex_plan(location: Location, server: Server, findings: Findings) -> PathPlan | None:
    source = regex_source(location, server)
    missing = rx.re2_problems(source)
    if missing:
        report(
            location,
            f"path {location.path!r} is a regular expression with {', '.join(missing)}, which PCRE (nginx) has "
            "and RE2 does not: Envoy-based implementations reject this route; rewrite the regex without it",
            REGEX_UNSUPPORTED,
            findings,
        )
    else:
        problem = rx.python_problem(source)
        if problem is not None:
            report(
                location,
                f"path {location.path!r} is not a valid regular expression ({problem}), so nginx refused the "
                "configuration with it; it is left out: fix the path",
                REGEX_INVALID,
                findings,
            )
            return None
    intents = location.intents.location
    rewriting = intents.needs_rewrite(location.path)
    main = PathMatch("PathPrefix", "/") if source == "/" else PathMatch("RegularExpression", rx.location_value(source))
    if len(main.value) > MAX_PATH:
        report(
            location,
            f"path {location.path!r} as a regular expression is longer than the {MAX_PATH} characters "
            "Gateway API allows; it is left out",
            codes.PATH_INVALID,
            findings,
        )
        return None
    result = PathPlan(main, literal=None if source == "/" else rx.literal_prefix(source), rewriting=rewriting)
    if not rewriting or intents.rewrite_target is None:
        return result
    target = intents.rewrite_target
    if target.startswith(("http://", "https://")) or _VARIABLE.search(target):
        what = "is a URL, so nginx answered with a 302 redirect to it" if "://" in target else "uses an nginx variable"
        _needs_filter(
            location,
            f"rewrite-target {target!r} {what}, which a Gateway API URLRewrite cannot do; it is not converted: "
            "rewrite it by hand",
            findings,
        )
        return result
    count = _capturing_groups(source)
    # nginx fills a group the path does not have with nothing.
    static = _CAPTURE.sub(lambda m: "" if int(m.group(1)) > count else m.group(0), target)
    if not _CAPTURE.search(static):
        result.rewrite = PathModifier("ReplaceFullPath", static or "/")
        return result
    if source in ("/(.*)", "/(.*)$") and target == "/$1":
        return PathPlan(PathMatch("PathPrefix", "/"), rewriting=rewriting)  # every path, unchanged
    prefix = _prefix_rewrite(source, target)
    if prefix is not None:
        return _prefix_plan(location, prefix, rewriting, findings)
    _needs_filter(location, _filter_message(source, target), findings)
    return result


@dataclass(frozen=True)
class _Prefix:
    literal: str  # L: the literal prefix
    value: str  # the ReplacePrefixMatch value: what L becomes in L/rest
    bare: str | None  # what nginx made of exactly L; None when its regex did not match L


def _prefix_rewrite(source: str, target: str) -> _Prefix | None:
    head = _literal_head(source)
    tail = source[len(head) :]
    if head.endswith("/") and tail.startswith("("):
        head, tail = head[:-1], "/" + tail  # `/api/(.*)`: the slash belongs to the tail
    literal = rx.literal_text(head)
    if tail.endswith("$") and not tail.endswith("\\$") and tail[:-1] in _TAILS:
        tail = tail[:-1]
    if literal is None or tail not in _TAILS or not literal.startswith("/") or literal.endswith("/"):
        return None
    if path_problem(literal) is not None:
        return None
    group, matches_bare = _TAILS[tail]
    rest = re.fullmatch(rf"(/[^$]*)\${group}", target)
    if group == 2 and rest is None:
        # `/questions$1$2`: the slash (or nothing) and the rest follow the new prefix as they followed L.
        whole = re.fullmatch(r"(/[^$]*)\$1\$2", target)
        if whole is None or whole.group(1).endswith("/"):
            return None
        return _Prefix(literal, whole.group(1), whole.group(1))
    if rest is None:
        return None
    replacement = rest.group(1)
    if tail == "(/.*)":  # the captured rest starts with the slash: `/new$1`
        if replacement.endswith("/"):
            return None
        return _Prefix(literal, replacement, None)
    if not replacement.endswith("/"):
        return None  # `/new$2` glues the rest to the prefix: not a segment replacement
    return _Prefix(literal, replacement.rstrip("/") or "/", replacement if matches_bare else None)


def _literal_head(source: str) -> str:
    """The leading part of `source` made of literal characters and escaped punctuation."""
    return source[: literal_scan(source).end]


def _prefix_plan(location: Location, prefix: _Prefix, rewriting: bool, findings: Findings) -> PathPlan:
    value = prefix.value
    result = PathPlan(
        PathMatch("PathPrefix", prefix.literal),
        PathModifier("ReplacePrefixMatch", value),
        mergeable=False,
        literal=prefix.literal.lower(),
        rewriting=rewriting,
    )
    if prefix.bare is None:
        result.bare = prefix.literal
    elif prefix.bare != value:
        # ReplacePrefixMatch gives exactly L the value itself; nginx gave it something else.
        result.extra.append((PathMatch("Exact", prefix.literal), PathModifier("ReplaceFullPath", prefix.bare)))
    report(
        location,
        f"path {location.path!r} with rewrite-target {location.intents.location.rewrite_target!r} is a PathPrefix "
        f"{prefix.literal} with ReplacePrefixMatch {value}: the same rewrite, except that nginx matched the path "
        f"case-insensitively ({prefix.literal.upper()}/x too) and Gateway API PathPrefix matches are case-sensitive",
        REWRITE_APPROXIMATE,
        findings,
    )
    return result


def _capturing_groups(source: str) -> int:
    try:
        return re.compile(source).groups
    except re.error:
        return 0


def _filter_message(source: str, target: str) -> str:
    pattern = rx.location_value(source)
    substitution = _CAPTURE.sub(lambda m: "\\" + m.group(1), target)
    return (
        f"rewrite-target {target!r} uses capture groups of {source!r} in a way no Gateway API URLRewrite can "
        "express, so the path reaches the backend unchanged: add your implementation's regex rewrite filter "
        f"to this rule (Envoy Gateway: an HTTPRouteFilter with urlRewrite.path.type ReplaceRegexMatch, "
        f"replaceRegexMatch.pattern {pattern!r}, substitution {substitution!r}; kgateway: TrafficPolicy "
        "urlRewrite.pathRegex with the same pattern and substitution; NGINX Gateway Fabric: no CRD field, only a "
        "SnippetsFilter with an nginx rewrite)"
    )


def _needs_filter(location: Location, message: str, findings: Findings) -> None:
    report_annotation(location, "rewrite-target", message, REWRITE_NEEDS_FILTER, findings)


def report(location: Location, message: str, code: Code, findings: Findings) -> None:
    """A finding at the location's path as written (or at its Ingress for an implicit root)."""
    ingress, source = location.ingress, location.source
    where = (*source.where, "path") if source else ("spec",)
    ingress.report(findings, code, message, where)


def report_annotation(location: Location, name: str, message: str, code: Code, findings: Findings) -> None:
    """A finding at one of the location's annotations, or at its path when it was not written."""
    written = location.intents.written.get(name)
    if written is None:
        report(location, message, code, findings)
        return
    ingress = location.ingress
    findings.add(code, message, file=ingress.file, pos=written.pos, ingress=ingress.ref, field=written.key)
