"""Rule packing: merging rules with the same action never changes which rule wins a precedence tie."""

from __future__ import annotations

import pytest

from migrate.gateway.ir import BackendRef, HeaderMatch, Match, PathMatch, Rule
from migrate.gateway.packing import merge

A, B = (BackendRef("a", 80),), (BackendRef("b", 80),)


def _rule(path: str, backend: tuple[BackendRef, ...], header: str | None = None) -> Rule:
    headers = (HeaderMatch(header, "always"),) if header else ()
    return Rule([Match(PathMatch("PathPrefix", path), headers)], backend_refs=backend)


def _shape(rules: list[Rule]) -> list[list[str]]:
    return [[m.path.value + ("+" + m.headers[0].name if m.headers else "") for m in rule.matches] for rule in rules]


@pytest.mark.parametrize(
    ("rules", "shape"),
    [
        pytest.param([_rule("/a", A), _rule("/b", B), _rule("/c", A)], [["/a", "/c"], ["/b"]], id="no-tie-merges"),
        pytest.param(
            # /x+H (to b) must stay before /x+C (to a): merging /x+C into the first rule (to a) would move it first.
            [_rule("/y", A), _rule("/x", B, "H"), _rule("/x", A, "C")],
            [["/y"], ["/x+H"], ["/x+C"]],
            id="tie-blocks-the-merge",
        ),
        pytest.param(
            [_rule("/y", A), _rule("/x", B, "H"), _rule("/x", A)],
            [["/y", "/x"], ["/x+H"]],
            id="different-header-count-is-no-tie",
        ),
        pytest.param(
            [_rule("/a", A, "H"), _rule("/b", A, "H"), _rule("/a", B, "C"), _rule("/b", B, "C")],
            [["/a+H", "/b+H"], ["/a+C", "/b+C"]],
            id="canary-rules-of-two-paths-merge-in-order",
        ),
    ],
)
def test_merge(rules: list[Rule], shape: list[list[str]]) -> None:
    assert _shape(merge(rules)) == shape
