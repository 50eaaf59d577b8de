"""CustomResourceDefinitions read from the files a user names (a release's install YAML, a folder of CRD
files, `kubectl get crd -o yaml`), indexed by group and kind, each version's schema compiled on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from migrate.apiserver.schema import Node, compile_schema
from migrate.source import SourceFile, TextProblem, decode
from migrate.yamlnodes import SAFE_LOADER

CRD_API_VERSION = "apiextensions.k8s.io/v1"
GATEWAY_API_GROUPS = frozenset({"gateway.networking.k8s.io", "gateway.networking.x-k8s.io"})


@dataclass(frozen=True)
class CRDProblem:
    """A CRD file that cannot be used: the run stops (exit 2) rather than validate against half the CRDs."""

    file: str
    line: int | None
    message: str


@dataclass(eq=False)
class Version:
    """One version of one CRD."""

    group: str
    kind: str
    name: str
    namespaced: bool
    served: bool
    deprecation: str | None  # the warning the apiserver sends for a deprecated version
    status_subresource: bool
    source: str
    raw_schema: Any
    _node: Node | None = field(default=None, repr=False)

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.name}"

    @property
    def compiled(self) -> Node | None:
        """The schema if it was compiled already."""
        return self._node

    def schema(self) -> Node:
        if self._node is None:
            self._node = compile_schema(self.raw_schema)
        return self._node


@dataclass
class Catalog:
    """Every CRD read, by (group, kind). A CRD given twice keeps its last definition, as applying the files
    in order would."""

    versions: dict[tuple[str, str], dict[str, Version]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.versions)

    @property
    def groups(self) -> frozenset[str]:
        return frozenset(group for group, _ in self.versions)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for _, kind in self.versions)

    def unchecked_patterns(self) -> list[str]:
        """Patterns of the schemas compiled so far that could not be translated, so were not checked."""
        compiled = (v.compiled for versions in self.versions.values() for v in versions.values())
        return sorted({p for node in compiled if node is not None for p in node.unchecked})

    def claims(self, kind: str, api_version: str | None) -> bool:
        """Whether an object is one to validate: its group is served by these CRDs or is Gateway API's,
        or it has no apiVersion but a kind these CRDs define."""
        if api_version is None:
            return kind in self.kinds
        group = api_version.rpartition("/")[0]
        return group in self.groups or group in GATEWAY_API_GROUPS

    def find(self, api_version: str, kind: str) -> Version | str:
        """The version that serves `apiVersion`/`kind`, or the reason the apiserver would refuse it."""
        group, _, version = api_version.rpartition("/")
        refused = f'no matches for kind "{kind}" in version "{api_version}"'
        versions = self.versions.get((group, kind))
        if versions is None:
            defined = sorted(k for g, k in self.versions if g == group)
            hint = f"the CRDs define {', '.join(defined)}" if defined else f"no CRD given defines group {group}"
            return f"{refused} ({hint}; install the CRD or check the --crds files)"
        found = versions.get(version)
        if found is None or not found.served:
            served = sorted(v.name for v in versions.values() if v.served)
            return f"{refused} (the {kind} CRD serves {', '.join(served) or 'no version'})"
        return found

    def add(self, crd: dict[str, Any], source: str) -> str | None:
        """Index one CRD object; return what is wrong with it, if anything."""
        if crd.get("apiVersion") != CRD_API_VERSION:
            return f"{crd.get('apiVersion')} CustomResourceDefinitions are not supported; use {CRD_API_VERSION}"
        spec = crd.get("spec")
        names = spec.get("names") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or not isinstance(names, dict):
            return "a CustomResourceDefinition without spec.names"
        group, kind = spec.get("group"), names.get("kind")
        versions = spec.get("versions")
        if not isinstance(group, str) or not isinstance(kind, str) or not isinstance(versions, list):
            return "a CustomResourceDefinition needs spec.group, spec.names.kind and spec.versions"
        indexed: dict[str, Version] = {}
        for entry in versions:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                return f"{kind}: a version without a name"
            holder = entry.get("schema")
            schema = holder.get("openAPIV3Schema") if isinstance(holder, dict) else None
            if not isinstance(schema, dict):
                return f"{kind} {entry['name']}: no schema.openAPIV3Schema"
            deprecation = None
            if entry.get("deprecated") is True:
                deprecation = entry.get("deprecationWarning") or f"{group}/{entry['name']} {kind} is deprecated"
            subresources = entry.get("subresources")
            indexed[entry["name"]] = Version(
                group=group,
                kind=kind,
                name=entry["name"],
                namespaced=spec.get("scope", "Namespaced") == "Namespaced",
                served=entry.get("served") is True,
                deprecation=deprecation,
                status_subresource=isinstance(subresources, dict) and "status" in subresources,
                source=source,
                raw_schema=schema,
            )
        self.versions[(group, kind)] = indexed
        return None


def read_crds(sources: Iterable[SourceFile]) -> tuple[Catalog, list[CRDProblem]]:
    """Every CustomResourceDefinition in the files, alone or in a List; other documents are ignored."""
    catalog = Catalog()
    problems: list[CRDProblem] = []
    for source in sources:
        text = decode(source.data)
        if isinstance(text, TextProblem):
            problems.append(CRDProblem(source.path, text.pos.line if text.pos else None, text.message))
            continue
        try:
            documents = list(yaml.load_all(text, Loader=SAFE_LOADER))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            problems.append(CRDProblem(source.path, mark.line + 1 if mark else None, f"YAML syntax error: {problem}"))
            continue
        for crd in _crds(documents):
            problem = catalog.add(crd, source.path)
            if problem is not None:
                name = (crd.get("metadata") or {}).get("name") if isinstance(crd.get("metadata"), dict) else None
                problems.append(CRDProblem(source.path, None, f"{name or 'CustomResourceDefinition'}: {problem}"))
    return catalog, problems


def _crds(documents: list[Any]) -> Iterator[dict[str, Any]]:
    for document in documents:
        if not isinstance(document, dict):
            continue
        if document.get("kind") == "CustomResourceDefinition":
            yield document
        elif str(document.get("kind", "")).endswith("List") and isinstance(document.get("items"), list):
            yield from _crds(document["items"])
