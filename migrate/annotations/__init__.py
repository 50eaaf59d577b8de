"""ingress-nginx annotations: each family of keys has one owner module that turns them into intents.

`FAMILIES` is the registry: every catalogued annotation (and every removed one still seen in old
repositories) is declared by exactly one family module, with its support status and finding code. `apply`
reads one Ingress's annotations under the controller's prefix, runs every family that has a key on it,
and flags from the declarations alone what no handler translated: keys Gateway API cannot carry, keys only
the experimental channel carries, removed keys, and unknown keys under the prefix (typos).

ingress-nginx ignores every annotation on a canary Ingress except the canary, load-balancing and affinity
ones (docs: "Canary"), so those are flagged as ignored, not translated.
"""

from __future__ import annotations

import difflib
import functools
from typing import TYPE_CHECKING

from migrate.annotations import (
    access,
    affinity,
    backend_tls,
    basic_auth,
    buffering,
    canary,
    cors,
    errors,
    external_auth,
    frontend_tls,
    headers,
    hosts,
    https,
    legacy,
    mirror,
    observability,
    passthrough,
    protocols,
    rate_limits,
    redirects,
    rewrite,
    snippets,
    timeouts,
    upstream,
    validators,
    waf,
)
from migrate.annotations.base import Context, Family, Key, Status, Value, not_converted, removed, truthy
from migrate.findings import Code, Findings, Severity
from migrate.intents import IngressIntents
from migrate.model import Ingress
from migrate.options import DEFAULT_ANNOTATION_PREFIX, Options

if TYPE_CHECKING:
    from migrate.convert import Inputs

FAMILIES: tuple[Family, ...] = (
    rewrite.FAMILY,
    https.FAMILY,
    redirects.FAMILY,
    hosts.FAMILY,
    canary.FAMILY,
    cors.FAMILY,
    headers.FAMILY,
    timeouts.FAMILY,
    affinity.FAMILY,
    mirror.FAMILY,
    backend_tls.FAMILY,
    passthrough.FAMILY,
    frontend_tls.FAMILY,
    external_auth.FAMILY,
    basic_auth.FAMILY,
    access.FAMILY,
    rate_limits.FAMILY,
    snippets.FAMILY,
    waf.FAMILY,
    observability.FAMILY,
    buffering.FAMILY,
    upstream.FAMILY,
    errors.FAMILY,
    protocols.FAMILY,
    legacy.FAMILY,
)

UNKNOWN = Code(
    "IM800", "unknown-annotation", Severity.WARNING, "an annotation under the prefix that ingress-nginx does not know"
)
DEFAULT_PREFIX_IGNORED = Code(
    "IM801",
    "default-prefix-ignored",
    Severity.WARNING,
    "a default-prefix annotation a custom-prefix controller ignored",
)
IGNORED_ON_CANARY = Code("IM802", "ignored-on-canary", Severity.INFO, "an annotation ingress-nginx ignores on a canary")
NOT_TRANSLATED = Code("IM803", "not-translated", Severity.WARNING, "an annotation this version does not translate")
GENERIC_CODES = (UNKNOWN, DEFAULT_PREFIX_IGNORED, IGNORED_ON_CANARY, NOT_TRANSLATED)

# The keys that still count on a canary Ingress (docs "Canary"; controller.go mergeAlternativeBackends).
_CANARY_KEYS = frozenset(
    key.name for key in (*canary.KEYS, *affinity.KEYS) if key.name != "affinity-canary-behavior"
) | {"load-balance", "upstream-hash-by", "upstream-hash-by-subset", "upstream-hash-by-subset-size"}


@functools.cache
def registry() -> dict[str, tuple[Family, Key]]:
    """Every declared key by name; a name declared twice is a programming error."""
    found: dict[str, tuple[Family, Key]] = {}
    for family in FAMILIES:
        for key in family.keys:
            if key.name in found:
                raise ValueError(f"annotation {key.name} is declared by {found[key.name][0].name} and {family.name}")
            found[key.name] = (family, key)
    return found


def codes() -> tuple[Code, ...]:
    """Every finding code the annotation families own."""
    return (
        *GENERIC_CODES,
        *validators.CODES,
        *(key.code for family in FAMILIES for key in family.keys),
        *(code for family in FAMILIES for code in family.codes),
    )


def apply(ingress: Ingress, inputs: Inputs, options: Options, findings: Findings) -> IngressIntents:
    prefix = f"{options.annotation_prefix}/"
    values: dict[str, Value] = {}
    for written, text in ingress.annotations.items():
        if written.startswith(prefix):
            name = written[len(prefix) :]
            values[name] = Value(written, name, text, ingress.annotation_pos(written))
        elif options.annotation_prefix != DEFAULT_ANNOTATION_PREFIX and written.startswith(
            f"{DEFAULT_ANNOTATION_PREFIX}/"
        ):
            findings.add(
                DEFAULT_PREFIX_IGNORED,
                f"{written} uses the default prefix, but the controller ran with --annotations-prefix "
                f"{options.annotation_prefix}, so it ignored this key; it is not converted: rename it or remove it",
                file=ingress.file,
                pos=ingress.annotation_pos(written),
                ingress=ingress.ref,
                field=written,
            )
    intents = IngressIntents()
    ctx = Context(ingress, values, intents, options, inputs, findings, experimental=options.channel == "experimental")
    known = registry()
    for name, value in values.items():
        if name not in known:
            _unknown(ctx, value, known)
    # ingress-nginx validates every annotation, canaries included, before it looks at any of them: an
    # invalid `canary` value is read as false, and the Ingress is then a primary one.
    validators.report(ctx)
    intents.canary = "canary" in values and truthy(values["canary"].text) is True
    if intents.canary:
        for name, value in list(values.items()):
            if (
                name in known
                and name not in _CANARY_KEYS
                and name not in snippets.REFUSE_INGRESS
                and known[name][1].status is not Status.LEGACY
            ):
                findings.add(
                    IGNORED_ON_CANARY,
                    f"{value.key} is ignored by ingress-nginx on a canary Ingress (only canary, affinity and "
                    "load-balancing annotations count there), so it is not converted either",
                    file=ingress.file,
                    pos=value.pos,
                    ingress=ingress.ref,
                    field=value.key,
                )
                del values[name]
    for family in FAMILIES:
        present = [key for key in family.keys if key.name in values]
        if not present:
            continue
        if family.apply is not None:
            family.apply(ctx)
        for key in present:
            # An experimental key is translated only on that channel; on the standard one it is flagged.
            translated = key.name in family.handles and (key.status is not Status.EXPERIMENTAL or ctx.experimental)
            if not translated and key.name not in ctx.seen:
                _flag_untranslated(ctx, key, values[key.name])
    intents.effective = frozenset(values)
    return intents


def _unknown(ctx: Context, value: Value, known: dict[str, tuple[Family, Key]]) -> None:
    close = difflib.get_close_matches(value.name, list(known), n=1, cutoff=0.75)
    hint = f"did you mean {ctx.options.annotation_prefix}/{close[0]}? " if close else ""
    ctx.findings.add(
        UNKNOWN,
        f"{value.key} is not an ingress-nginx annotation, so the controller ignored it; {hint}it is not converted",
        file=ctx.ingress.file,
        pos=value.pos,
        ingress=ctx.ingress.ref,
        field=value.key,
    )


def _flag_untranslated(ctx: Context, key: Key, value: Value) -> None:
    """The finding of a key no handler translated, built from its declaration."""
    use = f"; use {key.use}" if key.use else ""
    if key.status is Status.LEGACY:
        message = removed(key, value.key)
    elif key.status is Status.EXPERIMENTAL and not ctx.experimental:
        message = (
            f"{value.key} is not converted on the standard channel; Gateway API's experimental channel carries it "
            f"as {key.becomes}: rerun with --channel experimental if your implementation supports it{use}"
        )
    elif key.status in (Status.POLICY, Status.NONE):
        message = not_converted(key, value.key)
    else:
        ctx.flag(key, f"{value.key} is not converted by this version of ingress-migrate", code=NOT_TRANSLATED)
        return
    ctx.flag(key, message)
