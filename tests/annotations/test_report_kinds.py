"""The review report and kustomize plans treat GRPCRoutes, TLSRoutes and BackendTLSPolicies as what their
Ingress became, not as objects shared by the Gateway."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotated_ingress import manifest
from workflow_trees import run, write


def test_markdown_review_lists_grpc_and_tls_objects_under_their_ingress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            "apps/grpc.yaml": manifest({"backend-protocol": "GRPCS"}, name="cart", host="cart.example.com"),
            "apps/db.yaml": manifest({"ssl-passthrough": "true"}, name="db", host="db.example.com"),
        },
    )
    monkeypatch.chdir(tmp_path)
    text = run("report", "-f", "markdown", "apps")[1]
    rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| `shop/")}
    assert "GRPCRoute `shop/cart.example.com`" in rows["| `shop/cart`"]
    assert "BackendTLSPolicy `shop/app`" in rows["| `shop/cart`"]
    assert "TLSRoute `shop/db.example.com`" in rows["| `shop/db`"]
    assert "`cart.example.com`" in text and "`db.example.com`" in text.split("Manual steps")[-1]
