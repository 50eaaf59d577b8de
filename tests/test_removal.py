"""Removing Ingress documents keeps every other byte: documents, comments, line endings, markers."""

from __future__ import annotations

import pytest

from migrate.workflow.removal import RemovalError, Target, remove

INGRESS = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web  # the service\n"


def run(text: str, *lines: int, column: int = 1) -> str | None:
    out = remove(text.encode("utf-8"), [Target(line, column, f"ingress-{line}") for line in lines])
    return None if out is None else out.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        pytest.param(f"{INGRESS}---\n{SERVICE}", (1,), f"---\n{SERVICE}", id="first-document"),
        pytest.param(f"{SERVICE}---\n{INGRESS}", (6,), SERVICE, id="last-document"),
        pytest.param(
            f"{SERVICE}---\n# the ingress\n{INGRESS}---\n{SERVICE}", (7,), f"{SERVICE}---\n{SERVICE}", id="middle"
        ),
        pytest.param(
            f"# Copyright team web\n\n# the ingress\n{INGRESS}---\n{SERVICE}",
            (4,),
            f"# Copyright team web\n\n---\n{SERVICE}",
            id="file-header-kept",
        ),
        pytest.param(
            f"---\n# header\n\n{INGRESS}---\n{SERVICE}", (4,), f"# header\n\n---\n{SERVICE}", id="header-after-marker"
        ),
        pytest.param(
            f"{SERVICE}---\n{INGRESS}# commented out:\n#   tls: []\n\n# The worker\n---\n{SERVICE}",
            (6,),
            f"{SERVICE}\n# The worker\n---\n{SERVICE}",
            id="paragraph-before-next-kept",
        ),
        pytest.param(
            f"{SERVICE}---\n{INGRESS}  annotations:\n    snippet: |\n      # not a comment\n      more\n---\n{SERVICE}",
            (6,),
            f"{SERVICE}---\n{SERVICE}",
            id="block-scalar-with-hash",
        ),
        pytest.param(f"{SERVICE}...\n---\n{INGRESS}", (7,), f"{SERVICE}...\n", id="document-end-marker"),
        pytest.param(f"{SERVICE}---\n{INGRESS}---\n", (6,), f"{SERVICE}---\n", id="trailing-empty-document"),
    ],
)
def test_removal(text: str, lines: tuple[int, ...], expected: str) -> None:
    assert run(text, *lines) == expected


def test_untouched_documents_are_byte_identical() -> None:
    quirky = (
        "apiVersion: 'v1'\nkind:   Service\nmetadata: {name: \"w\", labels: {a: 'b'}}\n"
        "spec:\n    ports:\n        -   port: 80\n"
    )
    text = f"{quirky}---\n{INGRESS}---\n{quirky}"
    assert run(text, 8) == f"{quirky}---\n{quirky}"


def test_crlf_and_byte_order_mark_kept() -> None:
    text = f"{SERVICE}---\n{INGRESS}".replace("\n", "\r\n")
    data = b"\xef\xbb\xbf" + text.encode()
    out = remove(data, [Target(6, 1, "web")])
    assert out == b"\xef\xbb\xbf" + SERVICE.replace("\n", "\r\n").encode()


def test_missing_final_newline_kept_for_untouched_text() -> None:
    assert run(f"{INGRESS}---\n{SERVICE.rstrip()}", 1) == f"---\n{SERVICE.rstrip()}"


def test_only_ingresses_means_delete() -> None:
    assert run(f"# just this\n{INGRESS}---\n{INGRESS}", 2, 7) is None


LIST = """apiVersion: v1
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: a
- apiVersion: v1
  kind: Service
  metadata:
    name: s
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: b
kind: List
metadata:
  resourceVersion: ""
"""


def test_block_list_items() -> None:
    expected = (
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n"
        'kind: List\nmetadata:\n  resourceVersion: ""\n'
    )
    assert run(LIST, 3, 11, column=3) == expected


def test_list_of_only_ingresses_is_deleted() -> None:
    text = LIST.replace("kind: Service", "kind: Ingress")
    assert run(text, 3, 7, 11, column=3) is None


JSON_LIST = """{
    "apiVersion": "v1",
    "items": [
        {
            "kind": "Ingress",
            "metadata": {"name": "a"}
        },
        {
            "kind": "Service",
            "metadata": {"name": "s"}
        },
        {
            "kind": "Ingress",
            "metadata": {"name": "b"}
        }
    ],
    "kind": "List"
}
"""


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        pytest.param((4,), ["s", "b"], id="first"),
        pytest.param((12,), ["a", "s"], id="last"),
        pytest.param((4, 12), ["s"], id="both-ends"),
    ],
)
def test_json_list_items(lines: tuple[int, ...], kept: list[str]) -> None:
    import json

    out = run(JSON_LIST, *lines, column=9)
    assert out is not None
    assert [item["metadata"]["name"] for item in json.loads(out)["items"]] == kept
    assert '        {\n            "kind": "Service",\n            "metadata": {"name": "s"}\n        }' in out


def test_flow_list_in_yaml() -> None:
    text = "kind: List\nitems: [{kind: Ingress, metadata: {name: a}}, {kind: Service}]\n"
    assert run(text, 2, column=9) == "kind: List\nitems: [{kind: Service}]\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        pytest.param(f"{INGRESS}---\nkey: [unclosed\n", 1, "does not parse", id="yaml-error-elsewhere"),
        pytest.param(f"{SERVICE}---\n{INGRESS}", 3, "not found", id="wrong-position"),
        pytest.param(b"\xff\xfe\xff".decode("latin-1"), 1, "not valid text", id="not-text"),
    ],
)
def test_refusals(text: str, line: int, problem: str) -> None:
    data = text.encode("latin-1") if problem == "not valid text" else text.encode()
    with pytest.raises(RemovalError, match=problem):
        remove(data, [Target(line, 1, "web")])
