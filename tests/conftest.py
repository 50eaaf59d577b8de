"""Shared test settings: the golden regeneration switch and where the shared reference material is."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def update_readme(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-readme"))


def shared(*parts: str) -> Path:
    """A path under the shared reference folder; the calling test is skipped when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
