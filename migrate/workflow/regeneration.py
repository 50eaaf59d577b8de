"""What a regenerated file would lose: objects whose source Ingresses are no longer in the input. Pure.

Every generated object names the Ingresses it came from (`gateway.provenance`). An object none of whose
Ingresses is converted this time was made from Ingresses that have since left the input: deleted on
purpose, or taken out of their files by `--remove-ingress`, in which case regenerating the file from what
is left (a new Ingress added after a first migration, say) would silently drop routes and listeners that
still serve traffic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

import yaml

from migrate.gateway.provenance import SOURCE_INGRESS

try:  # pragma: no branch
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_MORE = re.compile(r" \(\+\d+ more\)$")


def orphans(existing: bytes, converted: Collection[str]) -> list[str]:
    """`Kind namespace/name` of each object in the file whose source Ingresses were all left out."""
    found = []
    for obj in _objects(existing):
        metadata: dict[str, Any] = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
        annotations: dict[str, Any] = metadata["annotations"] if isinstance(metadata.get("annotations"), dict) else {}
        listed = annotations.get(SOURCE_INGRESS)
        if not isinstance(listed, str) or not listed:
            continue
        refs = [ref for ref in _MORE.sub("", listed).split(", ") if ref]
        if refs and not any(ref in converted for ref in refs):
            where = f"{metadata['namespace']}/" if metadata.get("namespace") else ""
            found.append(f"{obj.get('kind')} {where}{metadata.get('name')}")
    return found


def _objects(data: bytes) -> Iterator[dict[str, Any]]:
    text = data.decode("utf-8", errors="replace")
    try:
        if text.lstrip().startswith("{"):
            document = json.loads(text)
            documents = document.get("items", []) if isinstance(document, dict) else []
        else:
            documents = list(yaml.load_all(text, Loader=_Loader))
    except (ValueError, yaml.YAMLError):
        return
    for document in documents:
        if isinstance(document, dict):
            yield document
