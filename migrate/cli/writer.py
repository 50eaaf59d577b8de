"""Writing planned changes: atomically, inside their root, keeping each file's permissions.

Two phases, so that a failure changes nothing or as little as possible: every new content is written
to a temporary file beside its target first (a full disk or a permission problem stops the run here,
before any file changed); then each temporary file is renamed over its target, which the OS does
atomically; deletions come last. An interrupted run leaves every file either as it was or as planned,
never half-written.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from migrate.workflow.changes import Change


class WriteError(Exception):
    """A file could not be written or deleted (or its path leads outside its root)."""


def apply_changes(root: Path, changes: Sequence[Change]) -> None:
    staged: list[tuple[str, Path]] = []
    current = ""
    try:
        for change in changes:
            current = change.path
            if change.after is not None:
                target = _target(root, change.path)
                with _interrupts_deferred():
                    staged.append((_stage(target, change.after), target))
        while staged:
            temporary, target = staged[0]
            current = str(target)
            with _interrupts_deferred():
                os.replace(temporary, target)
                staged.pop(0)
        for change in changes:
            current = change.path
            if change.after is None:
                (root / change.path).unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError(f"{current}: {exc.strerror or exc}") from exc
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C while a temporary file is made and recorded, or renamed and forgotten: a
    KeyboardInterrupt raised inside mkstemp, after it created the file, would leave it behind. The
    pending signal is delivered on leaving."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _target(root: Path, relative: str) -> Path:
    """Where to write: through a symbolic link to the file it names, never outside `root`."""
    top = Path(os.path.realpath(root))
    target = Path(os.path.realpath(root / relative))
    if not target.is_relative_to(top):
        raise WriteError(f"{relative}: leads outside {root}; not written")
    return target


def _stage(target: Path, data: bytes) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _mode(target))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _mode(target: Path) -> int:
    """The file's own permissions, or those a new file gets (mkstemp's 0600 would hide it from others)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
