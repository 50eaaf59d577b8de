"""Finding and reading the input files: the only part of `convert` that touches the input file system."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from migrate import codes
from migrate.findings import Findings
from migrate.source import SourceFile

EXTENSIONS = (".yaml", ".yml", ".json")
STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass
class InputSet:
    """The files named on the command line, relative to one root (their common directory)."""

    paths: list[str]
    read: list[str] = field(default_factory=list)  # every file read, as given
    root: Path = field(init=False)
    shown_root: str = field(init=False)

    def __post_init__(self) -> None:
        real = [Path(p) for p in self.paths if p != STDIN]
        bases = [p if p.is_dir() else p.parent for p in real]
        absolute = [os.path.abspath(b) for b in bases] or [os.getcwd()]
        self.root = Path(os.path.commonpath(absolute))
        relative = os.path.relpath(self.root)
        self.shown_root = self.root.as_posix() if relative.startswith("..") else Path(relative).as_posix()

    def shown(self, relative: str | None) -> str | None:
        """A file as the user can open it from here."""
        if relative is None or relative == STDIN_NAME:
            return relative
        if os.path.isabs(relative):  # an output file: already a full path
            nearby = os.path.relpath(relative)
            return relative if nearby.startswith("..") else Path(nearby).as_posix()
        return relative if self.shown_root == "." else f"{self.shown_root}/{relative}"

    def files(self, findings: Findings) -> Iterator[SourceFile]:
        """Every input file, read one at a time, in a stable order."""
        for argument in self.paths:
            if argument == STDIN:
                yield SourceFile(STDIN_NAME, sys.stdin.buffer.read())
                continue
            path = Path(argument)
            if path.is_dir():
                found = False
                for file in self._walk(path, findings):
                    found = True
                    yield from self._read(file, findings)
                if not found:
                    findings.add(codes.NO_INPUT, "no .yaml, .yml or .json file here", file=self._relative(path))
            else:
                yield from self._read(path, findings)

    def _walk(self, top: Path, findings: Findings) -> Iterator[Path]:
        root_real = os.path.realpath(self.root)
        for directory, subdirs, names in os.walk(top, onerror=lambda e: self._unreadable(e, findings)):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in subdirs:
                # os.walk does not enter linked folders: say so, rather than skip their files silently.
                if (Path(directory) / name).is_symlink():
                    findings.add(
                        codes.SKIPPED_PATH,
                        "a symbolic link to a folder; not followed (name the folder itself to convert it)",
                        file=self._relative(Path(directory) / name),
                    )
            for name in sorted(names):
                if name.startswith(".") or not name.lower().endswith(EXTENSIONS):
                    continue
                file = Path(directory) / name
                if file.is_symlink():
                    problem = _link_problem(file, root_real)
                    if problem is not None:
                        findings.add(codes.SKIPPED_PATH, f"{problem}; not followed", file=self._relative(file))
                        continue
                yield file

    def _read(self, file: Path, findings: Findings) -> Iterator[SourceFile]:
        relative = self._relative(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            findings.add(codes.UNREADABLE, f"cannot read the file: {exc.strerror or exc}", file=relative)
            return
        self.read.append(str(file))
        yield SourceFile(relative, data)

    def _relative(self, file: Path) -> str:
        return Path(os.path.relpath(os.path.abspath(file), self.root)).as_posix()

    def _unreadable(self, error: OSError, findings: Findings) -> None:
        where = self._relative(Path(error.filename)) if error.filename else None
        findings.add(codes.UNREADABLE, f"cannot read the directory: {error.strerror or error}", file=where)


def _link_problem(link: Path, root_real: str) -> str | None:
    try:
        target = os.path.realpath(link, strict=True)
    except OSError as exc:  # a loop (ELOOP), or a target that does not exist
        return f"a symbolic link that leads nowhere ({exc.strerror or exc})"
    if not _inside(target, root_real):
        return "a symbolic link leading outside the input root"
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
