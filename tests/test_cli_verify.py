"""`ingress-migrate verify` and the verification `convert` runs, through typer's CliRunner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from manifests import ingress
from typer.testing import CliRunner

from migrate.cli import app
from migrate.verify import compare

TLS_SHOP = ingress(
    name="shop",
    namespace="shop",
    host="shop.example.com",
    paths="- {path: /cart, pathType: Exact, backend: {service: {name: cart, port: {number: 80}}}}\n"
    "- {path: /, pathType: Prefix, backend: {service: {name: front, port: {number: 80}}}}",
    extra="tls: [{hosts: [shop.example.com], secretName: shop-tls}]",
)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(TLS_SHOP)
    return path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _converted(path: Path, tmp_path: Path) -> Path:
    code, stdout, _ = _invoke("convert", "--no-verify", str(path))
    assert code == 0
    out = tmp_path / "gateway.yaml"
    out.write_text(stdout)
    return out


def test_verify_lists_differences_and_summarises(shop: Path) -> None:
    code, stdout, stderr = _invoke("verify", str(shop))
    assert code == 0
    assert all(" info IM95" in line for line in stdout.splitlines()), stdout
    assert "IM952" in stdout  # the HTTPS redirect keeps a trailing slash ingress-nginx dropped
    assert stderr.strip().splitlines()[-1].startswith("ingress-migrate: verify: ")
    assert stderr.strip().endswith(" 0 unexplained")


def test_hide_explained(shop: Path) -> None:
    code, stdout, _ = _invoke("verify", "--hide-explained", str(shop))
    assert (code, stdout) == (0, "")


def test_against_the_converted_output(shop: Path, tmp_path: Path) -> None:
    assert _invoke("verify", "--hide-explained", "--against", str(_converted(shop, tmp_path)), str(shop))[:2] == (0, "")


def test_against_a_broken_output(shop: Path, tmp_path: Path) -> None:
    output = _converted(shop, tmp_path)
    documents = list(yaml.safe_load_all(output.read_text()))
    for doc in documents:
        if doc["kind"] == "HTTPRoute" and doc["metadata"]["name"] == "shop.example.com":
            doc["spec"]["rules"] = [r for r in doc["spec"]["rules"] if r["matches"][0]["path"]["value"] != "/cart"]
    output.write_text(yaml.safe_dump_all(documents))
    code, stdout, stderr = _invoke("verify", "--against", str(output), str(shop))
    assert code == 1
    unexplained = [line for line in stdout.splitlines() if " error IM950 " in line]
    assert any("GET https://shop.example.com/cart:" in line and "shop/cart:80" in line for line in unexplained)
    assert unexplained[0].startswith(f"{shop}:13:")  # placed at the /cart path of the Ingress
    assert "unexplained" in stderr


def test_against_routes_of_a_gateway_elsewhere(shop: Path, tmp_path: Path) -> None:
    code, stdout, _ = _invoke("convert", "--no-verify", "--gateway", "infra/edge", str(shop))
    routes = tmp_path / "routes"
    routes.mkdir()
    (routes / "routes.yaml").write_text(stdout)
    code, stdout, stderr = _invoke(
        "verify", "--hide-explained", "--gateway", "infra/edge", "--against", str(routes), str(shop)
    )
    assert code == 0, stdout + stderr
    assert "IM954" in stdout and "assumed to serve HTTP on port 80" in stdout


def test_against_files_without_gateway_api_objects(shop: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    code, _, stderr = _invoke("verify", "--against", str(empty), str(shop))
    assert code == 1
    assert "error IM953" in stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["verify", "missing.yaml"], id="missing-path"),
        pytest.param(["verify", "--against", "missing-dir", "{shop}"], id="missing-against"),
        pytest.param(["verify", "--gateway", "no-slash", "{shop}"], id="bad-gateway-reference"),
        pytest.param(["verify", "--namespace", "Not_A_Namespace", "{shop}"], id="bad-namespace"),
    ],
)
def test_usage_errors(args: list[str], shop: Path) -> None:
    code, _, _ = _invoke(*(a.format(shop=shop) for a in args))
    assert code == 2


def test_convert_prints_the_summary(shop: Path) -> None:
    code, stdout, stderr = _invoke("convert", str(shop))
    assert code == 0 and 'kind: "HTTPRoute"' in stdout
    lines = stderr.strip().splitlines()
    assert lines[-2].startswith("ingress-migrate: verify: ") and lines[-2].endswith(" 0 unexplained")
    assert lines[-1].startswith("ingress-migrate: 1 Ingress converted")


def test_convert_no_verify(shop: Path) -> None:
    _, _, stderr = _invoke("convert", "--no-verify", str(shop))
    assert "verify" not in stderr


def test_convert_exit_code_does_not_depend_on_verify(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> compare.Report:
        raise RuntimeError("model bug")

    monkeypatch.setattr("migrate.verify.compare.verify", broken)
    code, stdout, stderr = _invoke("convert", str(shop))
    assert code == 0 and stdout
    assert "ingress-migrate: verify: internal error (RuntimeError: model bug); the conversion is not affected" in stderr


def test_convert_summary_counts_unexplained(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion that answers differently is counted and pointed at `verify`, exit code unchanged."""
    real = compare.verify

    def lossy(*args: object, **kwargs: object) -> compare.Report:
        report = real(*args, **{**kwargs, "details": True})  # type: ignore[arg-type]
        report.differences = [dataclasses.replace(d, explanation=None, limit=None) for d in report.differences]
        return report

    monkeypatch.setattr("migrate.verify.compare.verify", lossy)
    code, _, stderr = _invoke("convert", str(shop))
    assert code == 0
    assert "unexplained: run `ingress-migrate verify` with the same arguments to list them" in stderr


def test_convert_without_ingresses_prints_no_verify_summary(tmp_path: Path) -> None:
    empty = tmp_path / "cm.yaml"
    empty.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    _, _, stderr = _invoke("convert", str(empty))
    assert "verify" not in stderr
