"""The conversion flags every converting command shares reach the conversion unchanged, and come back out
as the same arguments (what `pr` and `report` print as the `ingress-migrate verify ...` to run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate.classes import ClassOptions
from migrate.cli import app
from migrate.cli.common import Conversion
from migrate.options import Options

COMMANDS = [
    pytest.param(["convert"], id="convert"),
    pytest.param(["diff"], id="diff"),
    pytest.param(["report"], id="report"),
    pytest.param(["pr", "--branch", "gw"], id="pr"),
    pytest.param(["verify"], id="verify"),
]
# Every shared flag with a value unlike its default, in the order `Conversion.arguments` gives them.
FLAGS = [
    *("--ingress-class", "internal", "--ingress-class", "public"),
    "--watch-ingress-without-class",
    *("--namespace", "apps", "--gateway-namespace", "edge", "--gateway-name", "front", "--gateway-class", "eg"),
    *("--gateway", "infra/shared", "--default-certificate", "certs/wildcard"),
    *("--templates", "{templates}", "--channel", "experimental", "--annotation-prefix", "custom.example.com"),
]
EXPECTED = Options(
    classes=ClassOptions(("internal", "public"), explicit=True, watch_without_class=True),
    namespace="apps",
    gateway_namespace="edge",
    gateway_name="front",
    gateway_class="eg",
    existing_gateway=("infra", "shared"),
    default_certificate=("certs", "wildcard"),
    channel="experimental",
    annotation_prefix="custom.example.com",
)


def _given(monkeypatch: pytest.MonkeyPatch, command: list[str], arguments: list[str]) -> Conversion:
    """The Conversion the command builds and hands to `run` (which is stopped there)."""
    captured: list[Conversion] = []
    monkeypatch.setattr(f"migrate.cli.{command[0]}.run", lambda given, step: captured.append(given))
    result = CliRunner().invoke(app, [*command, *arguments], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (given,) = captured
    return given


@pytest.mark.parametrize("command", COMMANDS)
def test_every_flag_reaches_the_conversion(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    flags = [flag.format(templates="templates") for flag in FLAGS]
    given = _given(monkeypatch, command, [".", *flags])
    assert given == Conversion((".",), EXPECTED, Path("templates"))
    assert given.arguments() == [".", *flags]


@pytest.mark.parametrize("command", COMMANDS)
def test_defaults(command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given = _given(monkeypatch, command, [str(tmp_path)])
    assert given == Conversion((str(tmp_path),), Options(), None)
    assert given.arguments() == [str(tmp_path)]


def test_arguments_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "deploy").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo" / "deploy")
    given = Conversion(("-", "apps", "."), Options(), Path("../../mine"))
    assert given.arguments(tmp_path / "repo") == ["-", "deploy/apps", "deploy", "--templates", "../mine"]
