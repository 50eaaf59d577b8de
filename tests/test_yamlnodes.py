"""The lean composer reads YAML exactly as PyYAML's safe loader does (timestamps and binary kept as text)."""

from __future__ import annotations

import pytest
import yaml

from migrate.yamlnodes import compose_all, plain


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: 1\nb: 1.5\nc: 0x1f\nd: 0o17\ne: 1_000\n", id="numbers"),
        pytest.param("a: yes\nb: No\nc: on\nd: OFF\ne: true\n", id="yaml-1.1-booleans"),
        pytest.param("a: ~\nb: null\nc:\nd: Null\n", id="nulls"),
        pytest.param("a: .inf\nb: -.Inf\nc: 1e3\nd: 6.8523015e+5\n", id="floats"),
        pytest.param('a: "1"\nb: \'yes\'\nc: "null"\n', id="quoted-stay-strings"),
        pytest.param("a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n", id="block-scalars"),
        pytest.param("- [1, two, {three: 3}]\n- {}\n- []\n", id="flow-collections"),
        pytest.param("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", id="merge-key"),
        pytest.param("? [a, b]\n: 1\n", id="non-scalar-key"),
        pytest.param("a: !!str 12\nb: !!int '7'\n", id="explicit-tags"),
        pytest.param("---\na: 1\n---\n---\n- 2\n", id="several-documents"),
        pytest.param("a: b: c\n", id="syntax-error"),
        pytest.param("{a: 1, a: 2}\n", id="duplicate-key"),
    ],
)
def test_same_values_as_safe_load(text: str) -> None:
    try:
        expected = list(yaml.safe_load_all(text))
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            [plain(node) for node in compose_all(text) if node is not None]
        return
    except Exception:
        pytest.skip("PyYAML itself cannot build this document")
    got = [None if node is None else plain(node) for node in compose_all(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("t: 2024-01-02T03:04:05Z\n", "2024-01-02T03:04:05Z", id="timestamp"),
        pytest.param("d: 2024-01-02\n", "2024-01-02", id="date"),
        pytest.param("c: !custom x\n", "x", id="unknown-tag-read-as-text"),
    ],
)
def test_kept_as_text(text: str, value: str) -> None:
    """Kubernetes reads these fields as strings; a datetime would only be turned back into text."""
    (node,) = compose_all(text)
    assert next(iter(plain(node).values())) == value
