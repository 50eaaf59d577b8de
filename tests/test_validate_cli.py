"""`ingress-migrate validate` and `convert --validate` through the CLI: output lines, exit codes, CRD sources,
and the run without the CEL package."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, shared
from typer.testing import CliRunner
from validate_support import RELEASE, crd, release_crds

from migrate.cli import app
from migrate.cli.validate import NO_CEL

ROUTE = """\
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: shop
spec:
  parentRefs:
  - name: gw
  rules:
  - backendRefs:
    - name: web
      port: {port}
      weight: 1
"""
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n"


@pytest.fixture
def crds() -> str:
    return str(shared(*RELEASE, "crds", "standard"))


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)


def test_valid_objects_exit_0_and_other_kinds_are_skipped(tmp_path: Path, crds: str) -> None:
    (tmp_path / "app.yaml").write_text(SERVICE + "---\n" + ROUTE.format(port=80))
    result = run("validate", str(tmp_path), "--crds", crds)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "ingress-migrate: 1 object in 1 file validated against 10 CRDs: 1 valid, 0 invalid (0 errors); "
        "CEL rules checked"
    )


def test_each_error_is_one_line_with_file_line_document_object_and_field(tmp_path: Path, crds: str) -> None:
    bad = ROUTE.format(port=99999).replace("      weight: 1\n", "      weight: 1\n      colour: blue\n")
    (tmp_path / "route.yaml").write_text(SERVICE + "---\n" + bad)
    result = run("validate", str(tmp_path / "route.yaml"), "--crds", crds)
    assert result.exit_code == 1
    where = f"{tmp_path.as_posix()}/route.yaml"
    assert result.stdout.splitlines() == [
        f"{where}:22: document 2: HTTPRoute shop/web: spec.rules[0].backendRefs[0].colour: unknown field "
        '"spec.rules[0].backendRefs[0].colour"',
        f"{where}:20: document 2: HTTPRoute shop/web: spec.rules[0].backendRefs[0].port: Invalid value: 99999: "
        "should be less than or equal to 65535",
    ]
    assert "0 valid, 1 invalid (2 errors)" in result.stderr


def test_paths_are_shown_relative_to_the_working_directory(tmp_path: Path, crds: str, monkeypatch: Any) -> None:
    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "r.yaml").write_text(ROUTE.format(port=0))
    monkeypatch.chdir(tmp_path)
    result = run("validate", "routes", "--crds", crds)
    assert result.stdout.startswith("routes/r.yaml:12: document 1: HTTPRoute shop/web: ")


def test_standard_input_and_a_kubectl_list(crds: str) -> None:
    items = [yaml.safe_load(ROUTE.format(port=80)), yaml.safe_load(ROUTE.format(port=0))]
    listing = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": items})
    result = run("validate", "-", "--crds", crds, stdin=listing)
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("<stdin>:")
    assert "spec.rules[0].backendRefs[0].port: Invalid value: 0: should be greater than or equal to 1" in line


def test_duplicate_keys_are_errors(tmp_path: Path, crds: str) -> None:
    (tmp_path / "r.yaml").write_text(ROUTE.format(port=80).replace("  name: web\n", "  name: web\n  name: web2\n", 1))
    result = run("validate", str(tmp_path / "r.yaml"), "--crds", crds)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith(
        ': HTTPRoute shop/web2: metadata.name: duplicate field "metadata.name"'
    )


def test_unknown_kinds_in_a_gateway_api_group_are_errors(tmp_path: Path, crds: str) -> None:
    (tmp_path / "r.yaml").write_text(ROUTE.format(port=80).replace("kind: HTTPRoute", "kind: HTTPRoutes"))
    result = run("validate", str(tmp_path), "--crds", crds)
    assert result.exit_code == 1
    assert ': kind: no matches for kind "HTTPRoutes" in version "gateway.networking.k8s.io/v1"' in result.stdout


def test_yaml_syntax_errors_fail_the_run(tmp_path: Path, crds: str) -> None:
    (tmp_path / "r.yaml").write_text("kind: HTTPRoute\nmetadata: [\n")
    result = run("validate", str(tmp_path), "--crds", crds)
    assert result.exit_code == 1
    assert "error IM001" in result.stderr


@pytest.mark.parametrize(
    ("crd_files", "message"),
    [
        pytest.param({"none.yaml": SERVICE}, "no CustomResourceDefinition found", id="no-crd"),
        pytest.param({"broken.yaml": "kind: [\n"}, "broken.yaml:2: YAML syntax error", id="broken"),
        pytest.param(
            {"old.yaml": "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\n"},
            "CustomResourceDefinitions are not supported",
            id="v1beta1",
        ),
    ],
)
def test_unusable_crds_are_a_usage_error(tmp_path: Path, crd_files: dict[str, str], message: str) -> None:
    folder = tmp_path / "crds"
    folder.mkdir()
    for name, text in crd_files.items():
        (folder / name).write_text(text)
    (tmp_path / "r.yaml").write_text(ROUTE.format(port=80))
    result = run("validate", str(tmp_path / "r.yaml"), "--crds", str(folder))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("args", [["validate", "r.yaml"], ["validate", "missing.yaml", "--crds", "."]])
def test_missing_arguments_are_a_usage_error(args: list[str], tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(ROUTE.format(port=80))
    assert run(*args).exit_code == 2


def test_one_install_file_and_a_kubectl_crd_list_are_read(tmp_path: Path, crds: str) -> None:
    texts = [p.read_text() for p in sorted(Path(crds).glob("*.yaml"))]
    (tmp_path / "standard-install.yaml").write_text("---\n".join(texts))
    listing = {"apiVersion": "v1", "kind": "List", "items": list(release_crds("standard"))}
    (tmp_path / "crds.yaml").write_text(yaml.dump(listing, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)))
    (tmp_path / "r.yaml").write_text(ROUTE.format(port=80))
    for source in ("standard-install.yaml", "crds.yaml"):
        result = run("validate", str(tmp_path / "r.yaml"), "--crds", str(tmp_path / source))
        assert result.exit_code == 0, result.output
        assert "validated against 10 CRDs" in result.stderr


def test_without_the_cel_package_structural_checks_run_and_the_output_says_so(
    tmp_path: Path, crds: str, monkeypatch: Any
) -> None:
    monkeypatch.setitem(sys.modules, "cel", None)  # import cel now raises ImportError
    portless = ROUTE.format(port=80).replace("      port: 80\n", "").replace("weight: 1", "weight: -1")
    (tmp_path / "r.yaml").write_text(portless)
    result = run("validate", str(tmp_path), "--crds", crds)
    assert result.exit_code == 1
    # The schema's minimum is checked; the CEL rule "Must have port for Service reference" is not.
    assert [line.split(": ", 3)[-1] for line in result.stdout.splitlines()] == [
        "spec.rules[0].backendRefs[0].weight: Invalid value: -1: should be greater than or equal to 0"
    ]
    assert NO_CEL in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1].endswith("CEL rules NOT checked (pip install 'ingress-migrate[cel]')")


# -- convert --validate ---------------------------------------------------------------------------------------

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""


def test_convert_validate_writes_valid_output(tmp_path: Path, crds: str) -> None:
    (tmp_path / "ingress.yaml").write_text(INGRESS)
    result = run("convert", str(tmp_path / "ingress.yaml"), "--validate", "--crds", crds)
    assert result.exit_code == 0, result.stderr
    assert 'kind: "HTTPRoute"' in result.stdout
    assert result.stderr.splitlines()[-1].endswith("; output valid against 10 CRDs, CEL rules checked")


def _strict_route_crd(tmp_path: Path) -> Path:
    # An HTTPRoute CRD that wants a field the converter never writes: every generated route is invalid.
    definition = crd(
        {"type": "object", "required": ["mandatory"], "x-kubernetes-preserve-unknown-fields": True},
        kind="HTTPRoute",
        group="gateway.networking.k8s.io",
    )
    gateway = crd({"type": "object", "x-kubernetes-preserve-unknown-fields": True}, kind="Gateway",
                  group="gateway.networking.k8s.io")  # fmt: skip
    path = tmp_path / "crds.yaml"
    path.write_text(yaml.safe_dump_all([definition, gateway]))
    return path


@pytest.mark.parametrize("to_dir", [False, True], ids=["stdout", "output-dir"])
def test_convert_validate_writes_nothing_when_the_output_is_invalid(tmp_path: Path, to_dir: bool) -> None:
    (tmp_path / "ingress.yaml").write_text(INGRESS)
    out = tmp_path / "out"
    extra = ["--output-dir", str(out)] if to_dir else []
    result = run(
        "convert", str(tmp_path / "ingress.yaml"), *extra, "--validate", "--crds", str(_strict_route_crd(tmp_path))
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not out.exists()
    # On stdout the Gateway comes first; with --output-dir the route is alone beside its Ingress.
    where = f"{out.as_posix()}/ingress.routes.yaml: document 1" if to_dir else "<stdout>: document 2"
    assert f"{where}: HTTPRoute shop/" in result.stderr
    assert ": spec.mandatory: Required value" in result.stderr
    assert "nothing written: 1 generated object is invalid" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("args", [["--validate"], ["--crds", "."]], ids=["validate-alone", "crds-alone"])
def test_convert_validate_and_crds_go_together(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "ingress.yaml").write_text(INGRESS)
    assert run("convert", str(tmp_path / "ingress.yaml"), *args).exit_code == 2


def test_help_lists_the_command() -> None:
    result = run("--help")
    assert "validate" in result.stdout
    assert (REPO / "migrate" / "cli" / "validate.py").exists()


def test_convert_validate_then_writes_the_output_dir(tmp_path: Path, crds: str) -> None:
    (tmp_path / "ingress.yaml").write_text(INGRESS)
    out = tmp_path / "out"
    result = run("convert", str(tmp_path / "ingress.yaml"), "--output-dir", str(out), "--validate", "--crds", crds)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["gateway-system.nginx.gateway.yaml", "ingress.routes.yaml"]
    assert run("validate", str(out), "--crds", crds).exit_code == 0
