"""Rewrite: rewrite-target, use-regex, x-forwarded-prefix.

ingress-nginx renders `rewrite "(?i)<path>" <target> break;` in each location of the Ingress (template.go
buildProxyPass) and, when any location of a host has use-regex or a rewrite-target that differs from its path,
turns every location of that host into `location ~* "^<path>"` (enforceRegexModifier): the regex mode that
`migrate.nginx.regex` models and `migrate.gateway.matches` translates. x-forwarded-prefix is only rendered
next to an active rewrite.

    metadata:
      annotations:
        nginx.ingress.kubernetes.io/rewrite-target: /$2
    spec:
      rules:
      - host: a.example.com
        http:
          paths:
          - path: /api(/|$)(.*)
            pathType: ImplementationSpecific

becomes a literal prefix plus "the rest", which Gateway API expresses exactly:

    matches:
    - path: {type: PathPrefix, value: /api}
    filters:
    - type: URLRewrite
      urlRewrite:
        path: {type: ReplacePrefixMatch, replacePrefixMatch: /}

Values the validators refuse are reported by the dispatcher (rewrite-target and use-regex fall back to their
defaults, x-forwarded-prefix refuses the Ingress) and never reach this module.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status
from migrate.annotations.values import boolean, remember, text
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "rewrite-target",
        Status.STANDARD,
        "IM400",
        "URLRewrite path (ReplaceFullPath, or ReplacePrefixMatch for a prefix capture); regex mode for the host",
    ),
    Key(
        "use-regex",
        Status.STANDARD,
        "IM401",
        "RegularExpression path matches for every path of the host (case-insensitive, start-anchored)",
    ),
    Key(
        "x-forwarded-prefix",
        Status.STANDARD,
        "IM402",
        "RequestHeaderModifier set X-Forwarded-Prefix (only with an active rewrite-target)",
    ),
)
REWRITE_TARGET, USE_REGEX, X_FORWARDED_PREFIX = KEYS

REGEX_HOST = Code(
    "IM403",
    "regex-host",
    Severity.WARNING,
    "a host in regex mode: RegularExpression matching is implementation-specific",
)
REGEX_UNSUPPORTED = Code(
    "IM404", "regex-not-re2", Severity.WARNING, "a path regex uses PCRE syntax RE2-based implementations reject"
)
REGEX_OVERLAP = Code("IM405", "regex-overlap", Severity.WARNING, "two regex paths of a host can match the same request")
REWRITE_NEEDS_FILTER = Code(
    "IM406", "rewrite-needs-filter", Severity.WARNING, "a capture-group rewrite needs an implementation filter"
)
REWRITE_APPROXIMATE = Code(
    "IM407", "rewrite-approximate", Severity.INFO, "a rewrite translated with a small, named difference"
)
REGEX_INVALID = Code("IM408", "regex-invalid", Severity.ERROR, "a path is not a valid regular expression")
REGEX_SHADOWED = Code(
    "IM409", "regex-shadowed", Severity.WARNING, "a regex-mode path nginx never chose: an earlier regex matches first"
)
CODES = (
    REGEX_HOST,
    REGEX_UNSUPPORTED,
    REGEX_OVERLAP,
    REWRITE_NEEDS_FILTER,
    REWRITE_APPROXIMATE,
    REGEX_INVALID,
    REGEX_SHADOWED,
)


def apply(ctx: Context) -> None:
    location = ctx.intents.location
    target = ctx.get(REWRITE_TARGET.name)
    if target is not None and text(target):
        location.rewrite_target = text(target)
        remember(ctx, target)
    location.use_regex = boolean(ctx, USE_REGEX, default=False)
    prefix = ctx.get(X_FORWARDED_PREFIX.name)
    if prefix is None or not text(prefix):
        return
    if location.rewrite_target is None:
        ctx.flag(
            X_FORWARDED_PREFIX,
            f"{prefix.key} is only sent by ingress-nginx next to an active rewrite-target, and this Ingress has "
            "none, so the header was never set; the output does not set it either: remove the annotation",
        )
        return
    location.x_forwarded_prefix = text(prefix)
    remember(ctx, prefix)


FAMILY = Family("Rewrite", KEYS, apply, frozenset(key.name for key in KEYS), CODES)
