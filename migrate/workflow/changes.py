"""A planned change to one file, and what planning needs to know about the files as they are."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from migrate.model import Ingress
from migrate.output import OutputFile

Reader = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Change:
    path: str  # relative to the root the plan was made for
    before: bytes | None  # None: the file is created
    after: bytes | None  # None: the file is deleted

    @property
    def action(self) -> str:
        return "create" if self.before is None else "delete" if self.after is None else "modify"


@dataclass
class Request:
    outputs: list[OutputFile]
    converted: list[Ingress]
    read: Reader  # a file under the root as it is now, or None
    sources: Mapping[str, bytes] = field(default_factory=dict)  # input files, as they were converted
    in_place: bool = True
    remove_ingress: bool = False
    force: bool = False
    protected: Collection[str] = ()  # never written (input files, for --output-dir)
    kustomizations: Mapping[str, bytes] = field(default_factory=dict)
