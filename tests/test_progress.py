"""The progress bar: drawn on a terminal after a delay, erased when done; never in pipes or CI."""

from __future__ import annotations

import io

import pytest

from migrate.cli import progress
from migrate.cli.progress import Progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_in_pipes_or_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert not wanted(io.StringIO())
    assert wanted(Terminal())
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())


def test_draws_and_erases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    stream = Terminal()
    bar = Progress(stream, enabled=True)
    assert list(bar.track(range(4), "reading", total=4)) == [0, 1, 2, 3]
    text = stream.getvalue()
    assert "reading [" in text and "4/4" in text
    assert text.endswith("\r"), "the line is erased at the end"


def test_silent_when_disabled() -> None:
    stream = Terminal()
    assert list(Progress(stream, enabled=False).track(range(3), "reading")) == [0, 1, 2]
    assert stream.getvalue() == ""
