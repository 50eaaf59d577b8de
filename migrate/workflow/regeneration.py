"""What a regenerated file would lose: objects made from Ingresses that are no longer in the input. Pure.

Every generated object names the Ingresses it came from (`gateway.provenance`: the first ten, then a
count). An object with a listed Ingress that is not converted this time, or with fewer Ingresses than it
was made from, was made from Ingresses that have since left the input: deleted on purpose, or taken out
of their files by `--remove-ingress`. Regenerating the file from what is left (a new Ingress added after
the migration, say) would silently drop the routes and Gateway listeners that still serve them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

import yaml

from migrate.gateway.provenance import SOURCE_INGRESS
from migrate.yamlnodes import SAFE_LOADER

_MORE = re.compile(r" \(\+(\d+) more\)$")


def orphans(existing: bytes, converted: Collection[str]) -> list[str]:
    """`Kind namespace/name` of each object in the file made from an Ingress that is not converted now."""
    found = []
    for obj in _objects(existing):
        metadata: dict[str, Any] = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
        annotations: dict[str, Any] = metadata["annotations"] if isinstance(metadata.get("annotations"), dict) else {}
        listed = annotations.get(SOURCE_INGRESS)
        if not isinstance(listed, str) or not listed:
            continue
        more = _MORE.search(listed)
        refs = [ref for ref in _MORE.sub("", listed).split(", ") if ref]
        total = len(refs) + (int(more.group(1)) if more else 0)
        if any(ref not in converted for ref in refs) or total > len(converted):
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
            documents = list(yaml.load_all(text, Loader=SAFE_LOADER))
    except (ValueError, yaml.YAMLError):
        return
    for document in documents:
        if isinstance(document, dict):
            yield document
