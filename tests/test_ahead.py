"""Verifying ahead (in its own process, beside the conversion) reports exactly what verifying afterwards
in the command's process reports, fails the same way, and never outlives the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.cli.converted import Converted, convert_paths
from migrate.cli.verification import Verified, verify_output
from migrate.options import Options

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _converted(monkeypatch: pytest.MonkeyPatch, run_ahead: bool, streamed: bool) -> Converted:
    monkeypatch.setenv("INGRESS_MIGRATE_WORKERS", "2")
    monkeypatch.setattr("migrate.cli.ahead.AHEAD_INGRESSES", 1 if run_ahead else 10**9)
    monkeypatch.setattr("migrate.cli.pool.SERIAL_OBJECTS", 1 if streamed else 10**9)
    converted = convert_paths([str(GOLDEN)], Options(), None, verified=True)
    assert (converted.ahead is not None) == run_ahead
    return converted


def _facts(checked: Verified) -> tuple[object, ...]:
    report = checked.report
    assert report is not None, checked.failure
    return (checked.line(), report.probes, report.explained_only, report.differences, report.notes, report.ingresses)


@pytest.mark.parametrize("streamed", [pytest.param(True, id="rendered-in-workers"), pytest.param(False, id="serial")])
def test_ahead_reports_what_verifying_afterwards_reports(monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    afterwards = verify_output(_converted(monkeypatch, False, streamed), Options())
    converted = _converted(monkeypatch, True, streamed)
    early = converted.ahead
    assert early is not None
    checked = verify_output(converted, Options())
    assert early.fed is streamed
    assert not early.process.is_alive()
    assert afterwards.report is not None and afterwards.report.probes > 10
    assert _facts(checked) == _facts(afterwards)


def test_a_failure_ahead_is_reported_as_verify_reports_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("model bug")

    monkeypatch.setattr("migrate.verify.compare.check", broken)  # the forked process inherits it
    checked = verify_output(_converted(monkeypatch, True, True), Options())
    assert checked.report is None
    assert checked.failure == "internal error (RuntimeError: model bug)"


def test_a_verification_not_needed_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    converted = _converted(monkeypatch, True, True)
    early = converted.ahead
    assert early is not None and early.process.is_alive()
    converted.close()
    assert not early.process.is_alive()
    converted.close()  # twice is harmless


@pytest.mark.parametrize(("workers", "runs"), [("1", False), ("2", True)])
def test_nothing_runs_ahead_on_one_core(monkeypatch: pytest.MonkeyPatch, workers: str, runs: bool) -> None:
    monkeypatch.setenv("INGRESS_MIGRATE_WORKERS", workers)
    monkeypatch.setattr("migrate.cli.ahead.AHEAD_INGRESSES", 1)
    converted = convert_paths([str(GOLDEN)], Options(), None, verified=True)
    try:
        assert (converted.ahead is not None) is runs
    finally:
        converted.close()
