"""Every golden output and the example's output pass the structural schema of the Gateway API v1.6.1 CRDs.

A small checker for the parts of an OpenAPI v3 structural schema that the generated objects exercise:
types, required fields, unknown fields, enums, patterns, lengths, item counts and integer ranges. The CEL
rules (`x-kubernetes-validations`) are the `validate` command's job; the limits they encode that matter
here are asserted by `support.check_gateway_api`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from golden_cases import cases
from support import cli, load_all
from validate_support import release_crds


@cache
def _schemas(channel: str) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for document in release_crds(channel):
        group, kind = document["spec"]["group"], document["spec"]["names"]["kind"]
        for version in document["spec"]["versions"]:
            found[(f"{group}/{version['name']}", kind)] = version["schema"]["openAPIV3Schema"]
    return found


def problems(value: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    kind = schema.get("type")
    found: list[str] = []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: must be an object"]
        properties = schema.get("properties")
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{path}.{name}: required")
        for name, item in value.items():
            if properties is not None and name in properties:
                found += problems(item, properties[name], f"{path}.{name}")
            elif "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
                found += problems(item, schema["additionalProperties"], f"{path}.{name}")
            elif properties is not None and not schema.get("x-kubernetes-preserve-unknown-fields"):
                found.append(f"{path}.{name}: unknown field")
    elif kind == "array":
        if not isinstance(value, list):
            return [f"{path}: must be an array"]
        if len(value) > schema.get("maxItems", len(value)) or len(value) < schema.get("minItems", 0):
            found.append(f"{path}: {len(value)} items")
        for index, item in enumerate(value):
            found += problems(item, schema.get("items", {}), f"{path}[{index}]")
    elif kind == "string":
        if not isinstance(value, str):
            return [f"{path}: must be a string, not {value!r}"]
        if len(value) > schema.get("maxLength", len(value)) or len(value) < schema.get("minLength", 0):
            found.append(f"{path}: length {len(value)}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{path}: must be an integer, not {value!r}"]
        if value > schema.get("maximum", value) or value < schema.get("minimum", value):
            found.append(f"{path}: {value} out of range")
    elif kind == "boolean" and not isinstance(value, bool):
        found.append(f"{path}: must be a boolean")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not one of {schema['enum']}")
    return found


def check(documents: list[dict[str, Any]], channel: str = "standard") -> None:
    schemas = _schemas(channel)
    for document in documents:
        key = (document["apiVersion"], document["kind"])
        assert key in schemas, f"{key} is not served by the {channel} channel"
        found = problems(document, schemas[key])
        assert not found, f"{document['kind']} {document['metadata']['name']}: {found}"


def _golden_documents(folder: Path) -> list[dict[str, Any]]:
    files = [p for p in folder.rglob("expected*") if p.is_file()] + list((folder / "expected").rglob("*.*"))
    documents: list[dict[str, Any]] = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".json":
            documents += json.loads(text)["items"]
        else:
            documents += [d for d in load_all(text) if d]
    return documents


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_golden_output_matches_the_crds(case: Any) -> None:
    args = case.args
    experimental = "--channel" in args and args[args.index("--channel") + 1 :][:1] == ["experimental"]
    check(_golden_documents(case.folder), "experimental" if experimental else "standard")


def test_example_output_matches_the_crds() -> None:
    run = cli("convert", str(REPO / "examples" / "shop"), "--default-certificate", "ingress-nginx/default-tls")
    check(run.documents)


def test_the_checker_catches_mistakes() -> None:
    route = {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "r"},
        "spec": {"rules": [{"matches": [{"path": {"type": "Regex", "value": "/"}}]}], "hostname": "x"},
    }
    schema = _schemas("standard")[(route["apiVersion"], "HTTPRoute")]
    found = problems(route, schema)
    assert any("unknown field" in p for p in found) and any("not one of" in p for p in found)
