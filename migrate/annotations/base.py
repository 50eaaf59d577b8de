"""What every annotation family module is made of: its keys, their support status, and the context a
handler works in.

A family module declares `FAMILY = Family(name, keys, apply)`. Each `Key` names one annotation (without its
prefix), says how far Gateway API carries it (`Status`), what it becomes (one line for the support table),
and owns one stable finding code. `apply(ctx)` reads the Ingress's values through `ctx` and records what they
ask for in `ctx.intents`; it never touches Gateway API objects.

Keys a handler does not translate are flagged by the dispatcher from their declaration alone: a `POLICY` or
`NONE` key present on an Ingress gets a finding built from its `why` and `use`, an `EXPERIMENTAL` key
without `--channel experimental` a finding saying that channel would carry it. A handler translates only
what Gateway API can express and lists the keys it handled in `Family.handles`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate.findings import Code, Findings, Position, Severity
from migrate.intents import IngressIntents
from migrate.model import Ingress

if TYPE_CHECKING:
    from migrate.annotations.validators import Rejection
    from migrate.convert import Inputs
    from migrate.options import Options


class Status(enum.Enum):
    """How far Gateway API v1.6 carries an annotation."""

    STANDARD = "standard"  # translated into standard-channel Gateway API (maybe approximately: then a finding)
    EXPERIMENTAL = "experimental"  # translated with --channel experimental; flagged on the standard channel
    POLICY = "policy"  # only an implementation's own policy can carry it: flagged with what to use
    NONE = "none"  # nothing carries it: flagged
    LEGACY = "legacy"  # removed from ingress-nginx before its last release, which ignored it


class Scope(enum.Enum):
    """Where ingress-nginx applied the value: to each location of the Ingress, or to the host's server
    (taken from the oldest Ingress of the host that sets it)."""

    LOCATION = "location"
    SERVER = "server"


@dataclass(frozen=True)
class Key:
    name: str  # without the prefix: `rewrite-target`
    status: Status
    id: str  # the finding code, IM4xx-IM8xx
    becomes: str  # what it turns into, or what is lost: one line for the support table
    why: str = ""  # POLICY / NONE: why Gateway API cannot carry it
    use: str = ""  # POLICY / NONE / EXPERIMENTAL: what to use instead (implementation policies)
    scope: Scope = Scope.LOCATION
    alias_of: str | None = None  # a deprecated name read only when the main name is absent
    severity: Severity = Severity.WARNING

    @property
    def code(self) -> Code:
        return Code(self.id, self.name, self.severity, self.becomes)


@dataclass(frozen=True)
class Value:
    """An annotation as written on one Ingress."""

    key: str  # the full key exactly as written (prefix included)
    name: str  # without the prefix
    text: str
    pos: Position | None


@dataclass(frozen=True)
class Family:
    name: str  # as the support table groups keys: "Redirects", "Canary", ...
    keys: tuple[Key, ...]
    apply: Callable[[Context], None] | None = None
    # Key names apply() translates (experimental ones only with --channel experimental); the rest are flagged
    # from their status.
    handles: frozenset[str] = frozenset()
    codes: tuple[Code, ...] = ()  # extra finding codes apply() reports, from the family's own block


@dataclass
class Context:
    """One Ingress as one family sees it."""

    ingress: Ingress
    values: dict[str, Value]  # every prefixed annotation of the Ingress, by name without prefix
    intents: IngressIntents
    options: Options
    inputs: Inputs
    findings: Findings
    experimental: bool = False
    seen: set[str] = field(default_factory=set)  # keys a family reported itself: no generic finding for them
    rejected: dict[str, Rejection] = field(default_factory=dict)  # values ingress-nginx refused (validators)

    def get(self, name: str) -> Value | None:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value.text if value is not None else None

    def report(self, key: Key, message: str, code: Code | None = None) -> None:
        """The finding of a key a family does not translate but explains itself, instead of the generic one
        the dispatcher builds from the key's declaration."""
        self.flag(key, message, code)
        self.seen.add(key.name)

    def flag(self, key: Key, message: str, code: Code | None = None, value: Value | None = None) -> None:
        """A finding at the annotation as written (or at the Ingress when it is absent)."""
        value = value or self.values.get(key.name)
        where = value.pos if value is not None else self.ingress.key_pos(("metadata", "name"))
        self.findings.add(
            code or key.code,
            message,
            file=self.ingress.file,
            pos=where,
            ingress=self.ingress.ref,
            field=value.key if value is not None else None,
        )


def not_converted(key: Key, written: str) -> str:
    """The finding of a POLICY or NONE key: why Gateway API cannot carry it and what to use instead."""
    why = f": {key.why}" if key.why else ""
    use = f"; use {key.use}" if key.use else ""
    return f"{written} is not converted: Gateway API has no field for it{why}{use}"


def removed(key: Key, written: str) -> str:
    """The finding of a LEGACY key: what replaced it, and what to use if the behaviour is still wanted."""
    use = f"; if the behaviour is still wanted, use {key.use}" if key.use else ""
    return f"{written} was {key.becomes}; the last ingress-nginx releases ignored it, so it is not converted{use}"


def truthy(text: str | None) -> bool | None:
    """A boolean as ingress-nginx parses it (Go's strconv.ParseBool); None when it is not one."""
    if text is None:
        return None
    stripped = text.strip()
    if stripped in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if stripped in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None
