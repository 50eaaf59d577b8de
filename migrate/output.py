"""Rendered objects laid out as output: one YAML stream, a JSON List, or a tree of files. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from migrate.gateway.ir import Object
from migrate.render import Rendered
from migrate.workflow.markers import stamp_json, stamp_yaml

__all__ = ["OutputFile", "file_name", "files", "json_list", "layout", "yaml_stream"]


def yaml_stream(rendered: Sequence[Rendered]) -> str:
    return "---\n".join(item.text for item in rendered)


def json_list(rendered: Sequence[Rendered]) -> str:
    document = {"apiVersion": "v1", "kind": "List", "items": [item.data for item in rendered]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


POLICY_KINDS = ("BackendTLSPolicy", "ReferenceGrant")


def file_name(obj: Object, extension: str) -> str:
    """Where an object goes under --output-dir: routes beside their source file as `<name>.routes.yaml`,
    the policies and grants of that file's Ingresses as `<name>.policies.yaml`, shared objects in
    `<namespace>.<name>.gateway.yaml` for the Gateway they belong to."""
    if obj.metadata.home is not None:
        source = PurePosixPath(obj.metadata.home.replace("<stdin>", "stdin"))
        part = "policies" if obj.kind in POLICY_KINDS else "routes"
        return str(source.with_name(f"{source.stem}.{part}.{extension}"))
    owner = (obj.metadata.gateway or "gateway").replace("/", ".")
    return f"{owner}.gateway.{extension}"


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output directory (or the input root, in place)
    text: str
    objects: tuple[Object, ...]
    homes: tuple[str, ...]  # the source files whose routes it holds; empty for shared objects


def layout(objects: Sequence[Object], rendered: Sequence[Rendered], as_json: bool) -> list[OutputFile]:
    """Every output file, in path order, each stamped with the marker that tells a later run whether it
    may regenerate the file (`migrate.workflow.markers`)."""
    extension = "json" if as_json else "yaml"
    grouped: dict[str, list[tuple[Object, Rendered]]] = {}
    sources: dict[str, list[str]] = {}
    for obj, item in zip(objects, rendered, strict=True):
        name = file_name(obj, extension)
        grouped.setdefault(name, []).append((obj, item))
        if obj.metadata.home and obj.metadata.home not in sources.setdefault(name, []):
            sources[name].append(obj.metadata.home)
    result = []
    for name, pairs in sorted(grouped.items()):
        items = [item for _, item in pairs]
        homes = tuple(sources.get(name, ()))
        if as_json:
            text = stamp_json([item.data for item in items])
        else:
            origin = ", ".join(homes) if homes else "the Ingresses that share this Gateway"
            text = stamp_yaml(yaml_stream(items), origin)
        result.append(OutputFile(name, text, tuple(obj for obj, _ in pairs), homes))
    return result


def files(objects: Sequence[Object], rendered: Sequence[Rendered], as_json: bool) -> dict[str, str]:
    """The contents of every output file, by path relative to the output directory."""
    return {f.path: f.text for f in layout(objects, rendered, as_json)}
