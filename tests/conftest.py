"""Shared test settings: the golden regeneration switch and where the shared reference material is.

The reference material (real-world corpus, Gateway API release files) lives outside the repository. It is
looked for in the folder named by the `INGRESS_MIGRATE_SHARED` environment variable, else in `shared/`
beside the repository (where CI checks it out). Tests that need it are skipped when it is absent, so a
plain clone still runs everything else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing

from migrate.cli import app

REPO = Path(__file__).resolve().parents[1]
SHARED_VARIABLE = "INGRESS_MIGRATE_SHARED"


def shared_root() -> Path:
    configured = os.environ.get(SHARED_VARIABLE)
    return Path(configured) if configured else REPO.parent / "shared"


SHARED = shared_root()  # resolved once, at collection


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden/<case>/expected.* and findings.txt from the current output (review the diff).",
    )
    parser.addoption(
        "--update-readme",
        action="store_true",
        help="Rewrite the README's generated annotation table from the registry (review the diff).",
    )


def pytest_report_header(config: pytest.Config) -> str:
    root = shared_root()
    state = "found" if root.is_dir() else f"absent: tests that need it are skipped (set {SHARED_VARIABLE})"
    return f"shared reference material: {root} ({state})"


@pytest.fixture(autouse=True, scope="session")
def _command_built_once() -> Iterator[None]:
    """typer's CliRunner builds the click command from the app on every invoke, evaluating the annotations
    of every command (about 15 ms); the tests invoke the app hundreds of times, so it is built once. Click
    makes a new context for each invocation, so nothing else is shared."""
    built = typer.main.get_command(app)

    def command(given: typer.Typer) -> object:
        return built if given is app else typer.main.get_command(given)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", command)
        yield


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def update_readme(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-readme"))


def shared(*parts: str) -> Path:
    """A path under the shared reference folder; the calling test is skipped when it is absent."""
    path = shared_root().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (set {SHARED_VARIABLE} to the shared reference folder)")
    return path
