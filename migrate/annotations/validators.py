"""Annotation values ingress-nginx refused: one finding per refused key, and the keys taken out of play.

`check` is pure: the values of one Ingress in, every refused key out, with what the refusal did (see
`validation_table`). The dispatcher calls `report` once per Ingress, before any family runs: it reports
each refused key at the annotation and removes it from `ctx.values` (with the rest of its group when the
parser dropped the group), so that families translate exactly what ingress-nginx applied. A family that
wants to say more about a refused key finds it in `ctx.rejected`.

Example: `limit-rps: "10r/s"` is not a number; the rate-limit parser returns the validation error, so the
controller skipped the whole Ingress (IM595, error). `proxy-body-size: "10 MB"` is not an nginx size; the
proxy parser used the ConfigMap default instead (IM596, warning).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from migrate.annotations.validation_table import TABLE, Effect, normal
from migrate.findings import Code, Severity

if TYPE_CHECKING:
    from migrate.annotations.base import Context

REFUSED = Code("IM595", "ingress-refused", Severity.ERROR, "a value ingress-nginx refused, and the Ingress with it")
IGNORED = Code("IM596", "value-ignored", Severity.WARNING, "a value ingress-nginx refused and replaced by a default")
DENIED = Code("IM597", "location-denied", Severity.ERROR, "a value that made every path of the Ingress answer 503")
DROPPED = Code("IM598", "group-dropped", Severity.WARNING, "a value that made ingress-nginx drop its whole group")
CODES = (REFUSED, IGNORED, DENIED, DROPPED)
_CODE = {Effect.REFUSED: REFUSED, Effect.IGNORED: IGNORED, Effect.DENIED: DENIED, Effect.DROPPED: DROPPED}


@dataclass(frozen=True)
class Rejection:
    name: str
    problem: str  # what is wrong with the value: `is not a whole number (...)`
    effect: Effect
    fallback: str  # IGNORED: what ingress-nginx used instead; DROPPED: the group it dropped
    drops: tuple[str, ...] = ()


def check(values: Mapping[str, str], namespace: str | None) -> dict[str, Rejection]:
    """Every present key whose value ingress-nginx refused, in the order written."""
    found: dict[str, Rejection] = {}
    for name, text in values.items():
        entry = TABLE.get(name)
        if entry is None or not text:  # unknown, removed or snippet keys; empty values are never validated
            continue
        rules, gate = entry
        if gate is not None and not gate(values, namespace):
            continue
        for rule in rules:
            problem = rule.check(normal(text) if rule.parsed else text)
            if problem is not None:
                found[name] = Rejection(name, problem, rule.effect, rule.fallback, rule.drops)
                break
    return found


def report(ctx: Context) -> None:
    """Report the refused values of one Ingress and take them (and dropped groups) out of `ctx.values`."""
    texts = {name: value.text for name, value in ctx.values.items()}
    ctx.rejected = check(texts, ctx.ingress.namespace)
    for name, rejection in ctx.rejected.items():
        value = ctx.values[name]
        ctx.findings.add(
            _CODE[rejection.effect],
            message(value.key, value.text, rejection),
            file=ctx.ingress.file,
            pos=value.pos,
            ingress=ctx.ingress.ref,
            field=value.key,
        )
    for name, rejection in ctx.rejected.items():
        for dropped in (name, *rejection.drops):
            ctx.values.pop(dropped, None)


def shown(text: str, limit: int = 60) -> str:
    """A value quoted for a message, cut to `limit` characters."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(cut, ensure_ascii=False)


def message(key: str, text: str, rejection: Rejection) -> str:
    said = f"{key}: {shown(text)} {rejection.problem}"
    if rejection.effect is Effect.REFUSED:
        return (
            f"{said}, so ingress-nginx's validator refused it, and a refused value made the controller skip this "
            "whole Ingress (annotation validation is on by default since v1.12): the admission webhook rejected "
            "it, and otherwise a new Ingress was never served and an updated one kept serving its previous "
            "version. Its routing is converted without this annotation: fix the value, and check what the "
            "cluster really served, before cutting over"
        )
    if rejection.effect is Effect.DENIED:
        return (
            f"{said}, so ingress-nginx denied every location of this Ingress: all its paths answered 503. The "
            "output routes them without this annotation: fix the value, or keep those paths closed, before "
            "cutting over"
        )
    if rejection.effect is Effect.DROPPED:
        return f"{said}, so ingress-nginx dropped {rejection.fallback}; none of them is converted either: fix the value"
    return (
        f"{said}, so ingress-nginx ignored it and used {rejection.fallback}, and it is not converted either: "
        "fix the value or remove it"
    )
