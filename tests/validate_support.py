"""Helpers for the validate tests: CRDs built in the test, catalogs of the release CRDs, file validation."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from conftest import shared
from support import load_all

from migrate.apiserver.celrules import Engine, load_engine
from migrate.apiserver.crds import Catalog, read_crds
from migrate.apiserver.validate import Report, Validator
from migrate.findings import Findings
from migrate.source import SourceFile
from migrate.yamldoc import load

RELEASE = ("gateway-api", "v1.6.1")


def crd(
    schema: dict[str, Any],
    kind: str = "Widget",
    group: str = "example.com",
    version: str = "v1",
    scope: str = "Namespaced",
    **entry: Any,
) -> dict[str, Any]:
    """A CRD whose `spec` has the given schema."""
    root = {"type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
            "metadata": {"type": "object"}, "spec": schema}}  # fmt: skip
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{kind.lower()}s.{group}"},
        "spec": {
            "group": group,
            "names": {"kind": kind, "plural": f"{kind.lower()}s"},
            "scope": scope,
            "versions": [{"name": version, "served": True, "storage": True,
                          "schema": {"openAPIV3Schema": root}, **entry}],
        },
    }  # fmt: skip


def catalog_of(*crds: dict[str, Any]) -> Catalog:
    catalog = Catalog()
    for item in crds:
        assert catalog.add(item, "test") is None
    return catalog


@functools.cache
def engine() -> Engine:
    found = load_engine()
    if found is None:
        pytest.skip("the CEL package is not installed (pip install 'ingress-migrate[cel]')")
    return found


def widget(spec: Any, name: str = "w", **extra: Any) -> dict[str, Any]:
    return {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": name}, "spec": spec, **extra}


def errors_of(report: Report) -> list[tuple[str, str]]:
    return [(e.field, e.detail) for e in report.errors]


def check(spec: Any, schema: dict[str, Any], cel: bool = True, **obj: Any) -> list[tuple[str, str]]:
    """The (field, message) errors of a Widget with `spec` against a CRD whose spec schema is `schema`."""
    validator = Validator(catalog_of(crd(schema)), engine() if cel else None)
    return errors_of(validator.validate(widget(spec, **obj)))


@functools.cache
def release_crds(channel: str) -> tuple[dict[str, Any], ...]:
    """The CustomResourceDefinitions of a release channel as plain data, parsed once (do not change them)."""
    files = sorted(shared(*RELEASE, "crds", channel).glob("*.yaml"))
    documents = [d for f in files for d in load_all(f.read_text(encoding="utf-8"))]
    return tuple(d for d in documents if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition")


@functools.cache
def release_catalog(channel: str) -> Catalog:
    folder = shared(*RELEASE, "crds", channel)
    files = sorted(folder.glob("*.yaml"))
    catalog, problems = read_crds(SourceFile(f.name, f.read_bytes()) for f in files)
    assert not problems, problems
    return catalog


def validate_file(path: Path, catalog: Catalog, cel: Engine | None) -> list[Report]:
    """Every claimed object of a manifest file, validated."""
    validator = Validator(catalog, cel)
    findings = Findings()
    documents = load(SourceFile(path.name, path.read_bytes()), findings, catalog.claims)
    reports = [validator.validate(doc.data) for doc in documents if validator.claims(doc.data)]
    assert not [f for f in findings.items if f.severity.value == "error"], findings.items
    return reports
