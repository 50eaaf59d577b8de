"""Kustomization edits touch the resources list only, in the file's own style; patches are found."""

from __future__ import annotations

import pytest

from migrate.workflow.kustomize import Edit, KustomizeError, edit, ingress_patches, parse, reachable, resolve


def run(text: str, change: Edit, path: str = "kustomization.yaml") -> str:
    return edit(parse(path, text.encode()), change)


@pytest.mark.parametrize(
    ("text", "change", "expected"),
    [
        pytest.param(
            "resources:\n- ingress.yaml\n- deploy.yaml\n",
            Edit(after={0: ["ingress.routes.yaml"]}),
            "resources:\n- ingress.yaml\n- ingress.routes.yaml\n- deploy.yaml\n",
            id="after-source",
        ),
        pytest.param(
            "# app\nresources:\n    -   ./ingress.yaml  # routing\n    # the rest\n"
            "    -   deploy.yaml\nnamespace: web\n",
            Edit(after={0: ["./ingress.routes.yaml"]}),
            "# app\nresources:\n    -   ./ingress.yaml  # routing\n    -   ./ingress.routes.yaml\n"
            "    # the rest\n    -   deploy.yaml\nnamespace: web\n",
            id="indent-dash-offset-comments",
        ),
        pytest.param(
            "resources:\n  - 'ingress.yaml'\n",
            Edit(after={0: ["ingress.routes.yaml"]}),
            "resources:\n  - 'ingress.yaml'\n  - 'ingress.routes.yaml'\n",
            id="single-quotes",
        ),
        pytest.param(
            'resources:\r\n- "ingress.yaml"\r\n',
            Edit(after={0: ["ingress.routes.yaml"]}, drop={0}),
            'resources:\r\n- "ingress.routes.yaml"\r\n',
            id="crlf-replace",
        ),
        pytest.param(
            "resources: [ingress.yaml, deploy.yaml]  # flow\n",
            Edit(after={0: ["ingress.routes.yaml"]}),
            "resources: [ingress.yaml, ingress.routes.yaml, deploy.yaml]  # flow\n",
            id="flow",
        ),
        pytest.param(
            "resources: [deploy.yaml, ingress.yaml]\n",
            Edit(drop={1}),
            "resources: [deploy.yaml]\n",
            id="flow-drop-last",
        ),
        pytest.param(
            "resources:\n- ingress.yaml\n- deploy.yaml\n",
            Edit(drop={0}),
            "resources:\n- deploy.yaml\n",
            id="drop",
        ),
        pytest.param(
            "resources:\n- apps/web\n",
            Edit(append=["gateway-system.nginx.gateway.yaml"]),
            "resources:\n- apps/web\n- gateway-system.nginx.gateway.yaml\n",
            id="append",
        ),
        pytest.param(
            "kind: Kustomization\n",
            Edit(append=["gateway-system.nginx.gateway.yaml"]),
            "kind: Kustomization\nresources:\n- gateway-system.nginx.gateway.yaml\n",
            id="append-new-list",
        ),
        pytest.param(
            "resources:\n- ingress.yaml",
            Edit(after={0: ["ingress.routes.yaml"]}),
            "resources:\n- ingress.yaml\n- ingress.routes.yaml\n",
            id="no-final-newline",
        ),
        pytest.param(
            "resources:\n- ingress.yaml\n",
            Edit(after={0: ["a b: c.yaml"]}),
            'resources:\n- ingress.yaml\n- "a b: c.yaml"\n',
            id="value-needing-quotes",
        ),
    ],
)
def test_edit(text: str, change: Edit, expected: str) -> None:
    assert run(text, change) == expected


def test_not_a_list_is_refused() -> None:
    with pytest.raises(KustomizeError):
        run("resources: ingress.yaml\n", Edit(after={0: ["x.yaml"]}))


@pytest.mark.parametrize(
    ("directory", "value", "expected"),
    [
        pytest.param("apps/web", "ingress.yaml", "apps/web/ingress.yaml", id="beside"),
        pytest.param("overlays/prod", "../../apps/web", "apps/web", id="up"),
        pytest.param("", "../outside.yaml", None, id="outside-root"),
        pytest.param("", "https://github.com/org/repo//base?ref=v1", None, id="remote-url"),
        pytest.param("", "github.com/org/repo/base", None, id="remote-short"),
    ],
)
def test_resolve(directory: str, value: str, expected: str | None) -> None:
    assert resolve(directory, value) == expected


PATCHES = """resources:
- ../../apps/web
patches:
- target: {kind: Ingress, name: web}
  patch: |-
    - op: replace
      path: /spec/rules/0/host
      value: prod.example.com
- target: {kind: Deployment, name: web}
  path: replicas.yaml
- path: ingress-tls.yaml
patchesStrategicMerge:
- |-
  apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: api
patchesJson6902:
- target: {group: networking.k8s.io, version: v1, kind: Ingress, name: admin}
  path: admin.json
"""


def test_ingress_patches() -> None:
    files = {"overlays/prod/ingress-tls.yaml": b"kind: Ingress\nmetadata:\n  name: web\nspec:\n  tls: []\n"}
    k = parse("overlays/prod/kustomization.yaml", PATCHES.encode())
    found = [(p.field, p.ingress, p.source, p.pos.line) for p in ingress_patches(k, files.get)]
    assert found == [
        ("patches[0]", "web", "an inline patch", 4),
        ("patches[2]", "web", "ingress-tls.yaml", 11),
        ("patchesStrategicMerge[0]", "api", "an inline patch", 13),
        ("patchesJson6902[0]", "admin", "admin.json", 19),
    ]


def test_reachable_follows_directories() -> None:
    base = parse("apps/web/kustomization.yaml", b"resources:\n- ingress.yaml\n")
    overlay = parse("overlays/prod/kustomization.yaml", b"resources:\n- ../../apps/web\n- ../../missing\n")
    found = reachable(overlay, {"apps/web": base, "overlays/prod": overlay})
    assert [k.path for k in found] == ["overlays/prod/kustomization.yaml", "apps/web/kustomization.yaml"]
