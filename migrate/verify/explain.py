"""Which differences the conversion already announced: the explanation table, as data.

A difference has a kind (see `compare.classify`) and subjects: the places in the input it comes from
(the paths that asked for the probe, the location and server that answered it in ingress-nginx, the
Ingresses named by the provenance of the route that answered it on the Gateway). A finding explains a
difference when its code is listed for the difference's kind in `EXPLANATIONS` and its own place covers
one of the subjects, at the entry's scope:

* `field` (the default): the finding's Ingress, and the rule and path its field names
  (`spec.rules[0].http.paths[1]...` names rule 0 and path 1, `spec.rules[0].host` rule 0; any other field,
  `spec.tls[0]` or an annotation, the whole Ingress), must cover the subject: a path-level finding
  explains only that path, a rule-level one every path of the rule, an Ingress-level one all of it.
* `ingress`: the finding's Ingress is among the subjects, whatever its field names.
* `class`: any finding with that code explains it (for findings about the whole Gateway).

An entry of kind `*` (`ANY`) applies to every kind.

Kinds no Gateway API output can avoid are in `GATEWAY_API_LIMITS` with the reason: when no finding
explains one, it is shown as such (IM952) rather than as unexplained.

The kinds, checked in this order (`compare.classify`):

* `rejected-ingress`: every path that asked belongs to an Ingress ingress-nginx never served;
* `wildcard-depth`: a name two labels under a wildcard host ingress-nginx had a server for;
* `alias-not-expressible`: a name under a `www.example.*` server-alias, which no Gateway hostname can say;
* `not-served`, `https-not-served`, `https-catch-all-not-served`: the Gateway does not answer (over
  HTTP; over HTTPS for a named host; over HTTPS for a host no Ingress names);
* `fallthrough`: a less specific route (no hostname, or a wildcard) answers where ingress-nginx gave the
  host's default backend, or no rule of the most specific hostname matched and a less specific one's did;
* `https-not-served` again: over HTTPS the Gateway answers from a listener without the routes of the
  host's most specific hostname (another host's wildcard listener);
* `backend-unresolved`: a Service port name nothing resolved (the Gateway answers 500);
* `no-endpoints`: ingress-nginx answers 503 (the Service has no such port);
* `https-redirect-missing`, `https-redirect-extra`: only one side redirects HTTP to HTTPS (nginx does
  that before the balancer picks a canary);
* `https-redirect-trailing-slash`: both redirect to HTTPS, to Locations that differ by a trailing slash;
* `canary`: a canary upstream decided, or the request carried a canary header or cookie, and the two
  sides send the request to other Service ports, or in other shares (the same split with another
  upstream path is one of the kinds below);
* `www-redirect-trailing-slash`: a from-to-www-redirect name redirects on both, to Locations that differ by
  a trailing slash;
* `regex-mode`: any other difference on a host ingress-nginx served in regex mode;
* `redirect`: the redirects differ, or only one side redirects;
* `upstream-path`, `upstream-host`: the same backend receives another path, or another Host;
* `routing`: anything else (another backend or status).

To announce a new loss, add an `Explanation(kind, (code, ...))` here, in the family's own block, with the
narrowest scope that covers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from migrate.findings import Finding
from migrate.verify.http import Subject

ANY = "*"  # an Explanation kind that matches every kind


@dataclass(frozen=True)
class Explanation:
    kind: str
    codes: tuple[str, ...]
    scope: str = "field"  # field | ingress | class


EXPLANATIONS: tuple[Explanation, ...] = (
    # -- core: hosts, paths, backends -------------------------------------------------------------------
    # Left out of the output (host or path Gateway API rejects, a resource backend): served differently, on
    # the whole Ingress (another location of it may answer instead); on the host or path itself, in every
    # way (no trailing-slash or HTTPS redirect either).
    Explanation("routing", ("IM201", "IM202", "IM212"), "ingress"),
    Explanation("not-served", ("IM201", "IM202", "IM212"), "ingress"),
    Explanation("upstream-path", ("IM202",), "ingress"),
    Explanation(ANY, ("IM201", "IM202", "IM212")),
    # The apiserver or ingress-nginx refuses the Ingress (a bad host, path or pathType): never served.
    Explanation("rejected-ingress", ("IM101", "IM201", "IM202", "IM204"), "ingress"),
    Explanation("routing", ("IM205",)),
    Explanation("backend-unresolved", ("IM210",)),
    Explanation("no-endpoints", ("IM215",)),
    Explanation("fallthrough", ("IM223",), "class"),
    Explanation("fallthrough", ("IM224",)),
    Explanation("wildcard-depth", ("IM816",)),
    # -- core: the Gateway, listeners and TLS -----------------------------------------------------------
    Explanation("https-not-served", ("IM303", "IM304", "IM313")),
    Explanation("https-catch-all-not-served", ("IM313",), "class"),
    Explanation("https-redirect-missing", ("IM303", "IM304")),
    # -- annotation families (migrate.annotations) -----------------------------------------------------
    # rewrite: regex mode written as RegularExpression matches, rewrite-target as URLRewrite
    Explanation("regex-mode", ("IM404", "IM405", "IM406", "IM407", "IM408")),
    # paths whose precedence Gateway API leaves open: another location may answer, with all it does (its
    # own redirect, or the HTTPS redirect of the other)
    Explanation(ANY, ("IM405",)),
    # ... and when the other path's Ingress answered on the Gateway, whose route names only its Ingress
    *(Explanation(kind, ("IM405",), "ingress") for kind in ("canary", "regex-mode", "routing")),
    Explanation("upstream-path", ("IM406", "IM407")),
    # HTTPS redirects
    Explanation("https-redirect-trailing-slash", ("IM414",)),
    Explanation("https-not-served", ("IM413",)),
    # redirects: codes Gateway API cannot send, the query string kept; the www redirect kept the slash
    Explanation("redirect", ("IM415", "IM416")),
    Explanation("www-redirect-trailing-slash", ("IM417",)),
    # server aliases: names ingress-nginx had no certificate for, so it did not redirect them to HTTPS; nginx
    # server_name forms no Gateway hostname can say
    Explanation("https-redirect-extra", ("IM434",)),
    Explanation("alias-not-expressible", ("IM432",)),
    # canary: the header pattern and cookie are implementation-specific regular expressions
    Explanation("canary", ("IM443", "IM444")),
    # headers: an upstream-vhost Gateway API cannot send
    Explanation("upstream-host", ("IM465",)),
    # backend protocols: gRPC paths a GRPCRoute cannot match, redirects it cannot make
    Explanation("routing", ("IM512",)),
    Explanation("redirect", ("IM514",)),
    # validators: ingress-nginx refused the Ingress, denied its paths or dropped an annotation group, which
    # this model does not reproduce: any difference on that Ingress is announced
    Explanation(ANY, ("IM595", "IM597", "IM598"), "ingress"),
)

GATEWAY_API_LIMITS: dict[str, str] = {
    "https-redirect-trailing-slash": (
        "ingress-nginx dropped the trailing slash when it redirected to HTTPS (preserve-trailing-slash: "
        "false); a Gateway API RequestRedirect keeps the path as it is"
    ),
    "www-redirect-trailing-slash": (
        "ingress-nginx dropped the trailing slash when it redirected to the www or apex name; a Gateway API "
        "RequestRedirect keeps the path as it is"
    ),
}

_FIELD = re.compile(r"^spec\.rules\[(\d+)\](?:\.http\.paths\[(\d+)\])?")


@dataclass(frozen=True)
class _Scope:
    file: str | None
    ingress: str | None
    rule: int | None
    path: int | None


def scope_of(finding: Finding) -> _Scope:
    found = _FIELD.match(finding.field or "")
    rule = int(found.group(1)) if found else None
    path = int(found.group(2)) if found and found.group(2) is not None else None
    return _Scope(finding.file, finding.ingress, rule, path)


def covers(scope: _Scope, subject: Subject, level: str) -> bool:
    if level == "class":
        return True
    if scope.ingress is None or scope.ingress != subject.ingress:
        return False
    if scope.file is not None and subject.file is not None and scope.file != subject.file:
        return False
    if level == "ingress":
        return True
    return (scope.rule is None or scope.rule == subject.rule) and (scope.path is None or scope.path == subject.path)


class Explainer:
    def __init__(self, findings: Iterable[Finding], table: tuple[Explanation, ...] = EXPLANATIONS) -> None:
        # By code, then by Ingress: a difference only looks at the findings of its own Ingresses.
        self.by_code: dict[str, dict[str | None, list[tuple[Finding, _Scope]]]] = {}
        for finding in findings:
            by_ingress = self.by_code.setdefault(finding.code.id, {})
            by_ingress.setdefault(finding.ingress, []).append((finding, scope_of(finding)))
        self.table: dict[str, list[Explanation]] = {}
        for entry in table:
            self.table.setdefault(entry.kind, []).append(entry)

    def explain(self, kind: str, subjects: Iterable[Subject]) -> Finding | None:
        listed = list(subjects)
        ingresses = list(dict.fromkeys(s.ingress for s in listed))
        for entry in [*self.table.get(kind, ()), *self.table.get(ANY, ())]:
            for code in entry.codes:
                by_ingress = self.by_code.get(code, {})
                if entry.scope == "class":
                    found = next((items[0][0] for items in by_ingress.values() if items), None)
                    if found is not None:
                        return found
                    continue
                for ingress in ingresses:
                    for finding, scope in by_ingress.get(ingress, ()):
                        if any(covers(scope, s, entry.scope) for s in listed):
                            return finding
        return None
