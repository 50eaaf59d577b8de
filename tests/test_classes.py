"""Class selection: which Ingresses ingress-nginx served, and a finding for every one that is not converted."""

from __future__ import annotations

from typing import Any

import pytest
from support import codes, dump, ingress, rule, run_pipeline

from migrate.classes import ClassOptions, is_ingress_nginx_controller
from migrate.options import Options


def ingress_class(name: str, controller: str = "k8s.io/ingress-nginx", default: bool = False) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if default:
        metadata["annotations"] = {"ingressclass.kubernetes.io/is-default-class": "true"}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": metadata,
        "spec": {"controller": controller},
    }


def one(class_name: str | None = None, annotation: str | None = None) -> dict[str, Any]:
    return ingress(
        "app",
        [rule("app.example.com", ("/", "Prefix", "app", 80))],
        class_name=class_name,
        annotations={"kubernetes.io/ingress.class": annotation} if annotation else None,
    )


@pytest.mark.parametrize(
    ("manifest", "classes", "options", "converted_as", "expected"),
    [
        pytest.param(one("nginx"), [], ClassOptions(), "nginx", [], id="field"),
        pytest.param(one(annotation="nginx"), [], ClassOptions(), "nginx", [], id="annotation"),
        pytest.param(one("nginx", "traefik"), [], ClassOptions(), "nginx", ["IM113"], id="field-wins-over-annotation"),
        pytest.param(
            one("traefik", "nginx"), [], ClassOptions(), None, ["IM113", "IM110"], id="field-wins-even-when-foreign"
        ),
        pytest.param(one("traefik"), [], ClassOptions(), None, ["IM110"], id="other-class"),
        pytest.param(one(), [], ClassOptions(), None, ["IM111"], id="no-class-no-default"),
        pytest.param(one(), [], ClassOptions(watch_without_class=True), "nginx", [], id="no-class-watch-without-class"),
        pytest.param(
            one(), [ingress_class("public", default=True)], ClassOptions(), "public", ["IM112"], id="default-class"
        ),
        pytest.param(
            one(),
            [ingress_class("traefik", "traefik.io/ingress-controller", default=True)],
            ClassOptions(),
            None,
            ["IM112", "IM110"],
            id="default-class-of-another-controller",
        ),
        pytest.param(
            one(),
            [ingress_class("a", default=True), ingress_class("b", default=True)],
            ClassOptions(),
            None,
            ["IM115", "IM111"],
            id="two-default-classes",
        ),
        pytest.param(
            one("internal"), [ingress_class("internal")], ClassOptions(), "internal", [], id="nginx-controller-class"
        ),
        pytest.param(
            one("internal"),
            [ingress_class("internal", "k8s.io/ingress-nginx-internal")],
            ClassOptions(),
            "internal",
            [],
            id="helm-controller-variant",
        ),
        pytest.param(
            one("nginx"),
            [ingress_class("nginx", "nginx.org/ingress-controller")],
            ClassOptions(),
            None,
            ["IM114", "IM110"],
            id="class-nginx-of-f5-controller",
        ),
        pytest.param(
            one("nginx"),
            [ingress_class("nginx", "nginx.org/ingress-controller")],
            ClassOptions(("nginx",), explicit=True),
            "nginx",
            [],
            id="explicit-class-converts-anyway",
        ),
        pytest.param(
            one("public"), [], ClassOptions(("nginx", "public"), explicit=True), "public", [], id="repeated-flag"
        ),
    ],
)
def test_class_selection(
    manifest: dict[str, Any],
    classes: list[dict[str, Any]],
    options: ClassOptions,
    converted_as: str | None,
    expected: list[str],
) -> None:
    result = run_pipeline(("in.yaml", dump(*classes, manifest)), options=Options(classes=options))
    assert [i.ref for i in result.converted] == (["default/app"] if converted_as else [])
    gateways = [o for o in result.objects if o.kind == "Gateway"]
    assert [g.metadata.name for g in gateways] == ([converted_as] if converted_as else [])
    assert sorted(c for c in codes(result.findings) if c.startswith("IM1")) == sorted(expected)
    if not converted_as:  # a skipped Ingress is named, with the reason, never dropped silently
        skipped = next(f for f in result.findings if f.code.id in ("IM110", "IM111"))
        assert skipped.ingress == "default/app" and skipped.line is not None
        assert "not converted" in skipped.message


@pytest.mark.parametrize(
    ("controller", "expected"),
    [
        pytest.param("k8s.io/ingress-nginx", True, id="upstream"),
        pytest.param("k8s.io/ingress-nginx-public", True, id="second-installation"),
        pytest.param("nginx.org/ingress-controller", False, id="f5-nginx"),
        pytest.param("traefik.io/ingress-controller", False, id="traefik"),
        pytest.param(None, False, id="missing"),
    ],
)
def test_ingress_nginx_controllers(controller: str | None, expected: bool) -> None:
    assert is_ingress_nginx_controller(controller) is expected


def test_several_classes_get_one_gateway_each() -> None:
    manifests = [
        ingress("a", [rule("a.example.com", ("/", "Prefix", "a", 80))], class_name="nginx"),
        ingress("b", [rule("b.example.com", ("/", "Prefix", "b", 80))], class_name="internal"),
    ]
    options = Options(classes=ClassOptions(("nginx", "internal"), explicit=True), gateway_name="edge")
    result = run_pipeline(("in.yaml", dump(*manifests)), options=options)
    assert sorted(o.metadata.name for o in result.objects if o.kind == "Gateway") == ["edge-internal", "edge-nginx"]
