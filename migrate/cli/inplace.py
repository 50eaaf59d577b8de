"""Planning file changes from a conversion: reading what is on disk for the pure planner."""

from __future__ import annotations

import dataclasses
import os
import posixpath
from collections.abc import Sequence
from pathlib import Path

import typer

from migrate.cli.converted import Converted
from migrate.cli.writer import WriteError, apply_changes
from migrate.findings import Findings
from migrate.output import layout
from migrate.workflow import kustomize
from migrate.workflow.changes import Change, Reader, Request
from migrate.workflow.plan import plan

VERBS = {"create": "created", "modify": "modified", "delete": "deleted"}


def reader(root: Path) -> Reader:
    """A file under `root` as it is now; None when absent, unreadable, or leading outside `root`."""
    top = os.path.realpath(root)

    def read(relative: str) -> bytes | None:
        path = os.path.realpath(root / relative)
        if path != top and not path.startswith(top.rstrip(os.sep) + os.sep):
            return None
        try:
            with open(path, "rb") as stream:
                return stream.read()
        except OSError:
            return None

    return read


def kustomizations(root: Path, sources: dict[str, bytes]) -> dict[str, bytes]:
    """Every kustomization of the input tree: those read as inputs, and `Kustomization` files (no
    extension, so not read as manifests) in the folders of the inputs and their parents up to the root."""
    found = {path: data for path, data in sources.items() if posixpath.basename(path) in kustomize.NAMES}
    folders = set()
    for path in sources:
        folder = posixpath.dirname(path)
        while True:
            folders.add(folder)
            if not folder:
                break
            folder = posixpath.dirname(folder)
    read = reader(root)
    for folder in sorted(folders):
        path = posixpath.join(folder, "Kustomization") if folder else "Kustomization"
        if path not in found and (data := read(path)) is not None:
            found[path] = data
    return found


def plan_in_place(converted: Converted, as_json: bool, remove_ingress: bool, force: bool) -> list[Change]:
    root = converted.inputs.root
    result = converted.result
    request = Request(
        outputs=layout(result.objects, converted.rendered, as_json),
        converted=result.converted,
        read=reader(root),
        sources=converted.sources,
        in_place=True,
        remove_ingress=remove_ingress,
        force=force,
        kustomizations=kustomizations(root, converted.sources),
    )
    return plan(request, converted.findings)


def plan_output_dir(converted: Converted, directory: Path, as_json: bool, force: bool) -> list[Change]:
    top = os.path.realpath(directory)
    protected = {
        Path(os.path.relpath(real, top)).as_posix()
        for real in (os.path.realpath(p) for p in converted.inputs.read)
        if real.startswith(top.rstrip(os.sep) + os.sep)
    }
    result = converted.result
    request = Request(
        outputs=layout(result.objects, converted.rendered, as_json),
        converted=result.converted,
        read=reader(directory),
        in_place=False,
        force=force,
        protected=protected,
    )
    # The findings name output files: name them from the input root, like every other finding.
    findings = Findings()
    changes = plan(request, findings)
    root = converted.inputs.root
    for finding in findings.items:
        where = (
            Path(os.path.relpath(os.path.abspath(directory / finding.file), root)).as_posix() if finding.file else None
        )
        converted.findings.items.append(dataclasses.replace(finding, file=where))
    return changes


def shown_path(root: Path, relative: str) -> str:
    """A planned path as the user can open it from the current directory."""
    path = os.path.relpath(root / relative)
    return Path(path).as_posix() if not path.startswith("..") else (root / relative).as_posix()


def apply(root: Path, changes: Sequence[Change], echo: bool = True) -> bool:
    """Write the changes (and list them, with `echo`); on failure say which file, and that none was left
    half-written."""
    try:
        apply_changes(root, changes)
    except WriteError as exc:
        typer.echo(
            f"ingress-migrate: error: cannot write {exc}; every file is either as it was or fully written", err=True
        )
        return False
    if echo:
        echo_changes(root, changes)
    return True


def echo_changes(root: Path, changes: Sequence[Change]) -> None:
    for change in changes:
        typer.echo(f"ingress-migrate: {VERBS[change.action]} {shown_path(root, change.path)}", err=True)
