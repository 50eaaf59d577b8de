"""What a regex-mode host loses: defined precedence, and implementations that all read regexes alike.

ingress-nginx tried a regex-mode host's locations in its own order and took the first that matched
(controller.go sorts them longest path first). Gateway API leaves both the dialect of RegularExpression
matches and their precedence to the implementation. So the host is flagged once, every Exact path it turned
into a prefix regex is flagged where it is written, and so is every pair of its regexes that can match the
same request: two regexes can only both match if the literal text one starts with is a prefix of the other's
(a cheap, linear check over the sorted literals; it may report pairs whose rest never overlaps).
"""

from __future__ import annotations

from migrate.annotations.rewrite import REGEX_HOST, REGEX_OVERLAP
from migrate.findings import Findings
from migrate.gateway.matches import PathPlan, report_annotation
from migrate.gateway.matches import report as report_path
from migrate.nginx.model import EXACT, Location, Server
from migrate.nginx.regex import cause, nginx_order


def report(server: Server, plans: list[tuple[Location, PathPlan]], findings: Findings) -> None:
    _report_host(server, plans, findings)
    for location, _ in plans:
        if location.path_type == EXACT:
            report_path(
                location,
                f"this Exact path is matched as a case-insensitive prefix regex `^{location.path}` because the host "
                f"{server.hostname or '(any)'} is in regex mode (ingress-nginx ignores pathType there), so it also "
                "matches every longer path that starts with it, in any case; the output does the same: move the path "
                "to a host without use-regex and rewrite-target to keep it exact",
                REGEX_HOST,
                findings,
            )
    _report_overlaps(server, plans, findings)


def _is_regex(plan: PathPlan) -> bool:
    return plan.main.type == "RegularExpression" or any(match.type == "RegularExpression" for match, _ in plan.extra)


def _report_host(server: Server, plans: list[tuple[Location, PathPlan]], findings: Findings) -> None:
    trigger = cause(server)
    # A host whose every path came out as an exact equivalent (PathPrefix with ReplacePrefixMatch, the root
    # `/`) keeps no regex in the output: nothing implementation-specific is left to warn about.
    if trigger is None or not any(_is_regex(plan) for _, plan in plans):
        return
    ingresses = {location.ingress.ref for location, _ in plans}
    others = sorted(ingresses - {trigger.ingress.ref})
    name = "use-regex" if trigger.intents.location.use_regex else "rewrite-target"
    affected = f" (also the paths of {', '.join(others)})" if others else ""
    via = (
        " through the root location ingress-nginx adds for the host, which takes this Ingress's annotations"
        if trigger.implicit
        else ""
    )
    report_annotation(
        trigger,
        name,
        f"{name} puts host {server.hostname or '(any)'} in regex mode{via}: ingress-nginx matched every path of the "
        f"host{affected} as a case-insensitive regex anchored at the start only, whatever its pathType; the output "
        "writes them as RegularExpression matches that mean the same under full-match (RE2, Envoy-based) and "
        "search (PCRE, NGINX-based) implementations, but RegularExpression support, dialect and precedence are "
        "implementation-specific: check each path on your implementation",
        REGEX_HOST,
        findings,
    )


def _report_overlaps(server: Server, plans: list[tuple[Location, PathPlan]], findings: Findings) -> None:
    rank = {id(location): index for index, location in enumerate(nginx_order(server.locations))}
    literals = sorted(
        ((plan.literal, location) for location, plan in plans if plan.literal is not None),
        key=lambda item: (item[0], rank[id(item[1])]),
    )
    stack: list[tuple[str, Location]] = []
    for literal, location in literals:
        while stack and not literal.startswith(stack[-1][0]):
            stack.pop()
        if stack:
            other = stack[-1][1]
            first, second = sorted((other, location), key=lambda loc: rank[id(loc)])
            report_path(
                location,
                f"paths {first.path!r} (Ingress {first.ingress.ref}) and {second.path!r} (Ingress "
                f"{second.ingress.ref}) of host {server.hostname or '(any)'} can match the same requests; "
                f"ingress-nginx tried {first.path!r} first (its order: longest path first), but Gateway API leaves "
                "the precedence of RegularExpression matches to the implementation: make the regexes disjoint, or "
                "check which one your implementation picks",
                REGEX_OVERLAP,
                findings,
            )
        stack.append((literal, location))
