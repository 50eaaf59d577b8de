"""The ingress-nginx half of a converting command's verification, run ahead in a process of its own.

Converting is serial and leaves a core idle; the ingress-nginx model, its probes and its answers need only
the Ingresses read, not the output. So once a large input is read, a forked process builds them while the
conversion goes on. The rendered documents reach it slice by slice while the rest is still rendering (a
thread reads them off the pipe), and once they are all there it asks the Gateway side, in workers of its
own, and sends back the report. Small inputs, a single core or a platform without `fork`: nothing runs ahead
and the command verifies as before, in its own process.

The process is a group of its own, so that stopping it stops its workers too; it ignores Ctrl-C, which
the command handles. It never outlives the command: `close` (also run at exit) stops it.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections.abc import Iterable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from migrate.cli.pool import fork_map, worker_count
from migrate.cli.verification import internal_failure
from migrate.findings import Finding
from migrate.options import Options

if TYPE_CHECKING:
    from migrate.convert import Inputs
    from migrate.render import Rendered
    from migrate.verify.compare import Report

AHEAD_INGRESSES = 200  # below this, forking costs more than running ahead saves


class Ahead:
    """A verification running ahead: `feed` streams the rendered slices to it, `finish` ends the stream and
    gets the report (or what failed)."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.fed = False
        # The slices go through a thread: a write blocks while the other side is busy, the command must not.
        self._outbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_slices, daemon=True)

    def feed(self, blob: bytes) -> None:
        """A slice of the rendered documents, pickled (`render.Packed`), in output order."""
        if not blob:
            return
        if not self.fed:
            self.fed = True
            self._sender.start()
        self._outbox.put(blob)

    def finish(self, rendered: list[Rendered], findings: Iterable[Finding]) -> tuple[Report | None, str | None]:
        """The report on `rendered` (sent now, unless its slices were fed); `findings`: the conversion's."""
        documents = None if self.fed else [r.data for r in rendered]
        try:
            self._end_slices()
            self.connection.send((documents, list(findings)))
            report, failure = self.connection.recv()
        except (EOFError, OSError) as exc:
            return None, f"the verifying process stopped ({type(exc).__name__})"
        finally:
            self.close()
        return report, failure

    def _send_slices(self) -> None:
        while blob := self._outbox.get():
            with contextlib.suppress(OSError):  # it stopped: `finish` says so
                self.connection.send_bytes(blob)

    def _end_slices(self) -> None:
        if self.fed:
            self._outbox.put(_END)
            self._sender.join()
        self.connection.send_bytes(_END)

    def close(self) -> None:
        """Stop the process (and its workers) unless it has ended; safe to call more than once."""
        if self.connection.closed:
            return
        self._outbox.put(_END)  # lets the sending thread end
        self.connection.close()
        pid = self.process.pid
        if pid is not None and self.process.is_alive():
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.process.terminate()
        self.process.join()
        atexit.unregister(self.close)


def start(inputs: Inputs, options: Options) -> Ahead | None:
    """Start verifying `inputs` ahead, when it pays off (see the module's description); else None."""
    if (
        worker_count() < 2
        or len(inputs.ingresses) < AHEAD_INGRESSES
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return None
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_verify, args=(theirs, inputs, options), name="ingress-migrate verify")
    process.start()
    with contextlib.suppress(OSError):  # the group is set on both sides, whichever runs first
        os.setpgid(process.pid or 0, process.pid or 0)
    theirs.close()
    ahead = Ahead(process, ours)
    atexit.register(ahead.close)
    return ahead


_END = b""  # ends the stream of slices


def _verify(connection: Connection, inputs: Inputs, options: Options) -> None:
    from migrate.verify.compare import check, prepare

    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    streamed: list[Any] = []
    reader = threading.Thread(target=_read_slices, args=(connection, streamed), daemon=True)
    reader.start()
    failure: str | None = None
    try:
        prepared = prepare(inputs.ingresses, inputs.services, inputs.ingress_classes, options, answered=True)
    except Exception as exc:
        failure = internal_failure(exc)
    reader.join()
    try:
        documents, findings = connection.recv()
    except EOFError:  # the command ended without verifying
        return
    if failure is None:
        try:
            report = check(prepared, streamed if documents is None else documents, findings, fork_map, details=False)
            report.ingresses = {}  # the command has them: not sent back
            connection.send((report, None))
            return
        except Exception as exc:
            failure = internal_failure(exc)
    connection.send((None, failure))


def _read_slices(connection: Connection, documents: list[Any]) -> None:
    """Unpickle the slices as they come, while the process is still building the ingress-nginx side."""
    with contextlib.suppress(EOFError):
        while blob := connection.recv_bytes():
            documents.extend(pickle.loads(blob))  # written by our own worker process
