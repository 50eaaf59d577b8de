"""The one place that turns failures into exit codes: 1 bad input, 3 internal error, 130 interrupted."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from migrate.render import RenderError

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
    except RenderError as exc:
        if templates is None:
            _internal(exc)
        typer.echo(f"ingress-migrate: error: {exc} (from --templates {templates})", err=True)
        sys.exit(1)
    except Exception as exc:
        _internal(exc)


def _internal(exc: BaseException) -> None:
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exc()
    typer.echo(
        f"ingress-migrate: internal error: {type(exc).__name__}: {exc}. This is a bug: please report it with the "
        f"command line and, if you can, the input (set {DEBUG_VARIABLE}=1 for the traceback).",
        err=True,
    )
    sys.exit(3)
