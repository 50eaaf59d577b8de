"""Phase timings of one run, for the benchmark: `INGRESS_MIGRATE_TIMINGS=1` prints them on stderr.

Each phase the CLI runs (read, convert, render, verify, write...) is timed, so that the cost of a new phase
can be measured on its own when it lands. Off by default: users see nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

VARIABLE = "INGRESS_MIGRATE_TIMINGS"
PREFIX = "ingress-migrate: timings:"


class Timings:
    def __init__(self) -> None:
        self.enabled = bool(os.environ.get(VARIABLE))
        self.phases: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def line(self) -> str | None:
        """`ingress-migrate: timings: read=1.234 convert=0.456 ...` (seconds), or None when off."""
        if not self.enabled:
            return None
        return " ".join([PREFIX, *(f"{name}={seconds:.3f}" for name, seconds in self.phases.items())])
