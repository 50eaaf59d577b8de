"""Provenance annotations: which files and Ingresses each generated object comes from."""

from __future__ import annotations

from collections.abc import Iterable

from migrate.model import Ingress
from migrate.options import PROVENANCE_PREFIX

SOURCE_FILE = f"{PROVENANCE_PREFIX}/source-file"
SOURCE_INGRESS = f"{PROVENANCE_PREFIX}/source-ingress"
INGRESS_CLASS = f"{PROVENANCE_PREFIX}/ingress-class"
# Shared objects can come from thousands of Ingresses; annotations must stay small.
MAX_LISTED = 10


def provenance(ingresses: Iterable[Ingress], ingress_class: str | None = None) -> dict[str, str]:
    annotations = from_refs((ingress.file, ingress.ref) for ingress in ingresses)
    if ingress_class is not None:
        annotations[INGRESS_CLASS] = ingress_class
    return annotations


def from_refs(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Provenance from (file, Ingress `namespace/name`) pairs, for objects made from several routes."""
    files: dict[str, None] = {}
    refs: dict[str, None] = {}
    for file, ref in pairs:
        files.setdefault(file)
        refs.setdefault(ref)
    return {SOURCE_FILE: _listed(files), SOURCE_INGRESS: _listed(refs)}


def _listed(items: dict[str, None]) -> str:
    # Sorted, so that the order in which files or documents were given never changes the output.
    names = sorted(items)
    shown = ", ".join(names[:MAX_LISTED])
    return shown if len(names) <= MAX_LISTED else f"{shown} (+{len(names) - MAX_LISTED} more)"
