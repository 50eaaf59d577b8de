"""Findings: what the conversion could not carry over, as data.

A finding names a stable code (see `migrate.codes`), where the problem is written (file, line, column, the
Ingress and the field or annotation exactly as it appears in the manifest) and a message that tells the
user what to do. The core only collects findings; the CLI decides how to print them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How much a finding matters. `error` means part of the input was not converted."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Code:
    """A stable finding code. Its id and meaning never change once released."""

    id: str
    name: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Position:
    """Where something is written: 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    code: Code
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    ingress: str | None = None
    field: str | None = None

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.code.id,
            self.ingress or "",
            self.message,
        )


@dataclass
class Findings:
    """An append-only collector handed down the pipeline."""

    items: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: Code,
        message: str,
        *,
        file: str | None = None,
        pos: Position | None = None,
        ingress: str | None = None,
        field: str | None = None,
    ) -> None:
        self.items.append(
            Finding(
                code=code,
                message=message,
                file=file,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
                ingress=ingress,
                field=field,
            )
        )

    def extend(self, other: Iterable[Finding]) -> None:
        self.items.extend(other)

    def sorted(self) -> list[Finding]:
        unique = {(f.sort_key(), f.field): f for f in self.items}
        return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1] or ""))]
