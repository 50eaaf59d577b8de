"""The Kubernetes objects the converter reads, normalised across API versions.

Ingresses of `networking.k8s.io/v1`, `networking.k8s.io/v1beta1` and `extensions/v1beta1` all become the
same `Ingress`; every part keeps the file position and the comments it was written with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate.comments import Comment
from migrate.findings import Code, Findings, Position

if TYPE_CHECKING:  # the parser (and PyYAML) is not needed to start the CLI
    from migrate.yamldoc import Path, Positions


@dataclass(frozen=True)
class ServiceBackend:
    name: str
    port: int | str  # a number, or the name of a Service port
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class ResourceBackend:
    api_group: str
    kind: str
    name: str


Backend = ServiceBackend | ResourceBackend


@dataclass
class IngressPath:
    path: str | None  # None when the manifest leaves it out
    path_type: str | None  # as written; None when missing
    backend: Backend | None
    where: Path  # the path of this entry inside the document
    comments: list[Comment] = field(default_factory=list)


@dataclass
class IngressRule:
    host: str  # "" when the rule has no host
    paths: list[IngressPath]
    where: Path
    comments: list[Comment] = field(default_factory=list)


@dataclass
class IngressTLS:
    hosts: list[str]
    secret_name: str | None
    where: Path
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Ingress:
    namespace: str | None
    name: str
    api_version: str
    annotations: dict[str, str]
    class_name: str | None  # spec.ingressClassName
    class_annotation: str | None  # kubernetes.io/ingress.class
    rules: list[IngressRule]
    tls: list[IngressTLS]
    default_backend: Backend | None
    default_backend_where: Path | None
    creation_timestamp: str | None
    file: str
    document: int  # index of the document in its file
    positions: Positions
    comments: list[Comment] = field(default_factory=list)  # comments about the whole Ingress
    annotation_comments: dict[str, list[Comment]] = field(default_factory=dict)
    sequence: int = 0  # order of appearance across the whole input
    # Lookups by host, built on first use (rules and tls are not changed after reading): an Ingress can
    # list thousands of hosts, and each host's lookup must not scan them all.
    _rules_by_host: dict[str, list[IngressRule]] | None = field(default=None, init=False, repr=False, compare=False)
    _tls_by_host: dict[str, IngressTLS] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def ref(self) -> str:
        """`namespace/name`, or just the name when the manifest has no namespace."""
        return f"{self.namespace}/{self.name}" if self.namespace else self.name

    def report(self, findings: Findings, code: Code, message: str, where: Path) -> None:
        """A finding at `where` in this Ingress: its file, line and column, and the field's name."""
        findings.add(code, message, file=self.file, pos=self.pos(where), ingress=self.ref, field=field_name(where))

    def host_where(self, host: str) -> Path:
        """Where the first rule for `host` names it; the spec when no rule does."""
        rule = next(iter(self.rules_for(host)), None)
        return (*rule.where, "host") if rule else ("spec",)

    def rules_for(self, host: str) -> list[IngressRule]:
        """The rules written for `host`, in order."""
        if self._rules_by_host is None:
            self._rules_by_host = {}
            for rule in self.rules:
                self._rules_by_host.setdefault(rule.host, []).append(rule)
        return self._rules_by_host.get(host, [])

    def tls_for(self, host: str) -> IngressTLS | None:
        """The first tls entry that lists `host` (compared in lower case, as ingress-nginx does)."""
        if self._tls_by_host is None:
            self._tls_by_host = {}
            for entry in self.tls:
                for listed in entry.hosts:
                    self._tls_by_host.setdefault(listed.lower(), entry)
        return self._tls_by_host.get(host)

    def pos(self, where: Path) -> Position | None:
        return self.positions.at(where)

    def key_pos(self, where: Path) -> Position | None:
        return self.positions.key(where)

    def annotation_pos(self, key: str) -> Position | None:
        return self.positions.key(("metadata", "annotations", key))


@dataclass(frozen=True)
class ServicePort:
    name: str | None
    port: int
    target_port: int | str | None


@dataclass(frozen=True)
class Service:
    namespace: str | None
    name: str
    type: str
    ports: tuple[ServicePort, ...]
    external_name: str | None = None


@dataclass(frozen=True)
class IngressClass:
    name: str
    controller: str | None
    is_default: bool
    file: str
    pos: Position | None


@dataclass(frozen=True)
class ConfigMap:
    namespace: str | None
    name: str
    data: dict[str, str]


def field_name(where: Path) -> str:
    """A path written the way kubectl explains fields: `spec.rules[0].http.paths[1].path`."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
