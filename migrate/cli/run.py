"""The one place that turns failures into exit codes: 1 bad input, 3 internal error, 130 interrupted."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

DEBUG_VARIABLE = "INGRESS_MIGRATE_DEBUG"


@contextmanager
def guarded(templates: Path | None = None) -> Iterator[None]:
    try:
        yield
    except (SystemExit, typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        typer.echo("ingress-migrate: interrupted; no file was left half-written", err=True)
        sys.exit(130)
    except Exception as exc:
        if templates is None or not _render_error(exc):
            _internal(exc)
        typer.echo(f"ingress-migrate: error: {exc} (from --templates {templates})", err=True)
        sys.exit(1)


def _render_error(exc: Exception) -> bool:
    # Looked up, not imported: the renderer (and Jinja) load only once a command renders, and an error
    # raised before that cannot be a render error.
    render = sys.modules.get("migrate.render")
    return render is not None and isinstance(exc, render.RenderError)


def _internal(exc: BaseException) -> None:
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exc()
    typer.echo(
        f"ingress-migrate: internal error: {type(exc).__name__}: {exc}. This is a bug: please report it with the "
        f"command line and, if you can, the input (set {DEBUG_VARIABLE}=1 for the traceback).",
        err=True,
    )
    sys.exit(3)
