"""Every key Gateway API cannot carry says why and what to use; the support table lists every key once."""

from __future__ import annotations

import json

import pytest

from migrate.annotations import FAMILIES, registry, table
from migrate.annotations.base import Key, Status

_FLAGGED = [
    pytest.param(key, id=key.name)
    for family in FAMILIES
    for key in family.keys
    if key.status in (Status.POLICY, Status.NONE)
]


@pytest.mark.parametrize("key", _FLAGGED)
def test_policy_and_none_keys_say_why_and_what_to_use(key: Key) -> None:
    assert key.why.strip(), f"{key.name} has no why"
    assert key.use.strip(), f"{key.name} has no use"
    # `why` follows "Gateway API has no field for it:" and `use` follows "; use": clauses, not sentences.
    for text in (key.why, key.use):
        assert text == text.strip() and not text.endswith((".", ";", ":")), text
    if key.status is Status.POLICY:
        assert any(name in key.use for name in ("Envoy Gateway", "NGINX Gateway Fabric", "kgateway")), key.name


def test_the_table_lists_every_declared_key_once_with_the_prefix() -> None:
    rows = table.rows("example.com/ingress")
    assert len(rows) == len(registry())
    assert len({row.annotation for row in rows}) == len(rows)
    assert all(row.annotation.startswith("example.com/ingress/") for row in rows)
    assert sum(row.status == "legacy" for row in rows) == 25


def test_json_table_round_trips() -> None:
    rows = table.rows("nginx.ingress.kubernetes.io")
    items = json.loads(table.as_json(rows))
    assert [item["annotation"] for item in items] == [row.annotation for row in rows]
    whitelist = next(item for item in items if item["annotation"].endswith("/whitelist-source-range"))
    assert whitelist["aliasOf"] == "nginx.ingress.kubernetes.io/allowlist-source-range"
    assert whitelist["why"] and whitelist["use"]


def test_markdown_escapes_cell_separators() -> None:
    row = table.Row("p/a|b", "policy", "x | y", "IM999", "F|G", None, "", "")
    line = table.as_markdown([row]).splitlines()[-1]
    assert line == "| `p/a\\|b` | policy | x \\| y | IM999 | F\\|G |"
