"""Large inputs on every core: worker processes parse files into model objects, and render objects.

Small inputs stay serial: a pool costs tens of milliseconds to start, and every result is pickled back.
Reading: once the files read so far pass `SERIAL_BYTES`, the rest go to a pool in chunks of about
`CHUNK_BYTES`, at most two chunks per worker in flight, so memory stays bounded by the chunks and not by
the repository. Results are put together in input order (`convert.collect`), so the objects and findings
are exactly those of a serial run. Rendering: past `SERIAL_OBJECTS` objects, forked workers (which
inherit the objects, so nothing is sent to them) render and check slices of the list, in order. Verifying:
`fork_map` hands slices of the probe requests to forked workers, which inherit both routing models.
`INGRESS_MIGRATE_WORKERS` sets the number of workers (1: serial).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from migrate.convert import Inputs, Read, collect, read_source
from migrate.findings import Finding, Findings
from migrate.gateway.ir import Object
from migrate.options import Options
from migrate.render import Packed, Rendered, Renderer
from migrate.source import SourceFile

WORKERS_VARIABLE = "INGRESS_MIGRATE_WORKERS"
SERIAL_BYTES = 1 << 18
SERIAL_OBJECTS = 400
CHUNK_BYTES = 1 << 18
CHUNK_FILES = 256

Result = tuple[list[Read], list[Finding]]
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def read_all(
    sources: Iterable[SourceFile],
    options: Options,
    findings: Findings,
    workers: int | None = None,
    serial_bytes: int = SERIAL_BYTES,
) -> Inputs:
    return collect(_results(iter(sources), options, workers or worker_count(), serial_bytes), findings)


def render_all(
    objects: Sequence[Object],
    templates: Path | None,
    workers: int | None = None,
    sink: Callable[[bytes], None] | None = None,
) -> list[Rendered]:
    """Every object rendered and checked, as `Renderer.render` does one after the other. In workers, each
    slice's data comes back pickled in one piece, handed to `sink` (in order) as it arrives."""
    workers = workers or worker_count()
    if workers < 2 or len(objects) < SERIAL_OBJECTS or "fork" not in multiprocessing.get_all_start_methods():
        renderer = Renderer(templates)
        return [renderer.render(obj) for obj in objects]
    global _RENDERING  # noqa: PLW0603 - handed to the forked workers through their copy of this module
    _RENDERING = (objects, templates)
    try:
        size = -(-len(objects) // (4 * workers))
        slices = [(start, min(start + size, len(objects))) for start in range(0, len(objects), size)]
        context = multiprocessing.get_context("fork")
        rendered: list[Rendered] = []
        with ProcessPoolExecutor(workers, context, initializer=_ignore_interrupts) as pool:
            for texts, blob in pool.map(_render_slice, slices):
                if sink is not None:
                    sink(blob)
                packed = Packed(blob)
                rendered.extend(Rendered(text, packed=packed, index=index) for index, text in enumerate(texts))
        return rendered
    finally:
        _RENDERING = None


_RENDERING: tuple[Sequence[Object], Path | None] | None = None


_RENDERER: Renderer | None = None  # one per worker: compiling the templates is not free


def _render_slice(bounds: tuple[int, int]) -> tuple[list[str], bytes]:
    global _RENDERER  # noqa: PLW0603
    assert _RENDERING is not None
    objects, templates = _RENDERING
    if _RENDERER is None:
        _RENDERER = Renderer(templates)
    done = [_RENDERER.render(obj) for obj in objects[bounds[0] : bounds[1]]]
    return [r.text for r in done], pickle.dumps([r.data for r in done], pickle.HIGHEST_PROTOCOL)


def fork_map(function: Callable[[S, T], R], state: S, items: Sequence[T], workers: int | None = None) -> list[R]:
    """`function(state, item)` for every item, in order: in forked workers, which inherit `state` (nothing
    but the items and the results is pickled), when there are several items and cores; else here."""
    workers = workers or worker_count()
    if workers < 2 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(state, item) for item in items]
    global _MAPPING  # noqa: PLW0603 - handed to the forked workers through their copy of this module
    _MAPPING = (function, state)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(items)), context, initializer=_ignore_interrupts) as pool:
            return list(pool.map(_mapped, items))
    finally:
        _MAPPING = None


_MAPPING: tuple[Callable[[Any, Any], Any], Any] | None = None


def _mapped(item: Any) -> Any:
    assert _MAPPING is not None
    function, state = _MAPPING
    return function(state, item)


def worker_count() -> int:
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _results(sources: Iterator[SourceFile], options: Options, workers: int, serial_bytes: int) -> Iterator[Result]:
    read = 0
    for source in sources:
        yield read_source(source, options)
        read += len(source.data)
        if read >= serial_bytes and workers > 1:
            break
    else:
        return
    # Forked workers start at once with everything imported; elsewhere, the platform's default.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, multiprocessing.get_context(method), initializer=_ignore_interrupts) as pool:
        pending: deque[Future[list[Result]]] = deque()
        try:
            for chunk in _chunks(sources):
                pending.append(pool.submit(_read_chunk, chunk, options))
                while len(pending) > 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _chunks(sources: Iterator[SourceFile]) -> Iterator[list[SourceFile]]:
    chunk: list[SourceFile] = []
    size = 0
    for source in sources:
        chunk.append(source)
        size += len(source.data)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _read_chunk(chunk: list[SourceFile], options: Options) -> list[Result]:
    return [read_source(source, options) for source in chunk]


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the main process alone handles it (exit 130), the workers
    # must not die first and turn it into a broken pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
