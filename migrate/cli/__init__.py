"""The `ingress-migrate` command: one Typer app, each command in its own module."""

from __future__ import annotations

import typer

from migrate import __version__
from migrate.cli import convert, diff, pr, report, validate, verify
from migrate.cli.annotations import command as annotations_command  # the module name shadows __future__'s

app = typer.Typer(
    name="ingress-migrate",
    help="Migrate ingress-nginx Ingress manifests to Gateway API v1.6, naming every behaviour that does not "
    "carry over.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command(name="convert")(convert.command)
app.command(name="diff")(diff.command)
app.command(name="report")(report.command)
app.command(name="pr")(pr.command)
app.command(name="annotations")(annotations_command)
app.command(name="validate")(validate.command)
app.command(name="verify")(verify.command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ingress-migrate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Migrate ingress-nginx Ingress manifests to Gateway API."""


def main() -> None:
    app()
