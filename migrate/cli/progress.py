"""A progress bar on stderr for long runs: drawn only on a terminal, never in pipes, logs or CI.

Nothing is drawn during the first half second, so short runs stay silent; the line is erased when done,
so it never mixes with the findings printed after it. No dependency: one line redrawn with `\\r`.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from migrate.cli.inputs import EXTENSIONS, STDIN

T = TypeVar("T")
DELAY = 0.5  # seconds before the bar appears
INTERVAL = 0.1  # seconds between redraws
WIDTH = 24


def wanted(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    interactive = hasattr(stream, "isatty") and stream.isatty()
    return interactive and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.drawn = False

    def track(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        if not self.enabled:
            yield from items
            return
        start = time.monotonic()
        last = 0.0
        done = 0
        try:
            for item in items:
                yield item
                done += 1
                now = time.monotonic()
                if now - start >= DELAY and now - last >= INTERVAL:
                    self._draw(label, done, total)
                    last = now
        finally:
            self.clear()

    def _draw(self, label: str, done: int, total: int | None) -> None:
        if total:
            filled = min(WIDTH, WIDTH * done // total)
            text = f"{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        else:
            text = f"{label} {done}"
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r" + text[: columns - 1].ljust(columns - 1))
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            columns = shutil.get_terminal_size((80, 24)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
            self.drawn = False


def count_files(paths: Iterable[str]) -> int:
    """How many files the input paths hold, counted the way the inputs are found (for the bar's total)."""
    total = 0
    for argument in paths:
        path = Path(argument)
        if argument == STDIN or not path.is_dir():
            total += 1
            continue
        for _, subdirs, names in os.walk(path):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            total += sum(1 for n in names if not n.startswith(".") and n.lower().endswith(EXTENSIONS))
    return total
