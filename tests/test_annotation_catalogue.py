"""The annotation registry covers the ingress-nginx catalogue exactly: every name has one owner."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import SHARED, shared

from migrate import codes as core_codes
from migrate.annotations import FAMILIES, registry
from migrate.annotations import codes as annotation_codes
from migrate.annotations.base import Status

PREFIX = "nginx.ingress.kubernetes.io/"
# Where the declared status deliberately differs from the catalogue's mapping class, and why.
_STATUS_EXCEPTIONS = {
    # class c in the catalogue, but issue 3 asks for a RegularExpression match on the Cookie header, flagged.
    "canary-by-cookie": Status.STANDARD,
}
_CLASS_STATUS = {"a": Status.STANDARD, "b": Status.EXPERIMENTAL, "c": Status.POLICY, "d": Status.NONE}


def _rows(name: str) -> list[dict[str, str]]:
    with Path(shared("reference", name)).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _short(annotation: str) -> str:
    assert annotation.startswith(PREFIX), annotation
    return annotation[len(PREFIX) :]


def test_every_catalogued_annotation_has_exactly_one_owner() -> None:
    owners: dict[str, list[str]] = {}
    for family in FAMILIES:
        for key in family.keys:
            owners.setdefault(key.name, []).append(family.name)
    catalogue = [_short(row["annotation"]) for row in _rows("ingress-nginx-annotations.tsv")]
    legacy = [_short(row["annotation"]) for row in _rows("ingress-nginx-legacy-annotations.tsv")]
    assert len(catalogue) == 138 and len(legacy) == 25
    missing = sorted(set(catalogue + legacy) - set(owners))
    assert not missing, f"annotations without an owner module: {missing}"
    doubled = {name: found for name, found in owners.items() if len(found) > 1}
    assert not doubled, f"annotations with several owners: {doubled}"
    invented = sorted(set(owners) - set(catalogue) - set(legacy))
    assert not invented, f"declared keys that are not ingress-nginx annotations: {invented}"


def test_legacy_names_are_declared_legacy() -> None:
    known = registry()
    for row in _rows("ingress-nginx-legacy-annotations.tsv"):
        assert known[_short(row["annotation"])][1].status is Status.LEGACY, row["annotation"]


def _catalogue() -> list[dict[str, str]]:
    """The catalogue rows, or none (the parametrised test is then skipped) where the reference is absent."""
    return _rows("ingress-nginx-annotations.tsv") if SHARED.exists() else []


@pytest.mark.parametrize("row", _catalogue(), ids=lambda row: _short(row["annotation"]))
def test_status_and_alias_follow_the_catalogue(row: dict[str, str]) -> None:
    name = _short(row["annotation"])
    key = registry()[name][1]
    assert key.status is _STATUS_EXCEPTIONS.get(name, _CLASS_STATUS[row["mapping_class"]])
    alias = _short(row["alias_of"]) if row["alias_of"] else None
    assert key.alias_of == alias


def test_finding_codes_are_unique_and_stable_in_form() -> None:
    every = [*core_codes.CORE_CODES, *annotation_codes()]
    ids = [code.id for code in every]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for code in annotation_codes():
        assert code.id[:2] == "IM" and 400 <= int(code.id[2:]) <= 899, code


def test_every_translatable_key_has_a_handler() -> None:
    """No standard or experimental key may fall through to the generic "not translated" finding."""
    unhandled = [
        key.name
        for family in FAMILIES
        for key in family.keys
        if key.status in (Status.STANDARD, Status.EXPERIMENTAL) and key.name not in family.handles
    ]
    assert not unhandled, f"keys Gateway API carries but no handler translates: {unhandled}"
