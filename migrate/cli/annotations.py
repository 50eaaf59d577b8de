"""`ingress-migrate annotations`: print the annotation support table (every ingress-nginx annotation the tool
knows, removed ones included, with its status, what it becomes and its finding code)."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from migrate.cli.common import AnnotationPrefix
from migrate.cli.run import guarded
from migrate.options import DEFAULT_ANNOTATION_PREFIX
from migrate.validation import DNS_SUBDOMAIN


class Format(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def command(
    output: Annotated[Format, typer.Option("--output", "-o", help="Output format.")] = Format.text,
    annotation_prefix: AnnotationPrefix = DEFAULT_ANNOTATION_PREFIX,
) -> None:
    """Print the annotation support table: status, what each annotation becomes, its finding code."""
    if not DNS_SUBDOMAIN.match(annotation_prefix):
        raise typer.BadParameter(f"{annotation_prefix!r} is not an annotation prefix", param_hint="--annotation-prefix")
    # The registry of every annotation family is imported here, not at the top: `--help` stays quick.
    from migrate.annotations import table

    render = {Format.text: table.as_text, Format.json: table.as_json, Format.markdown: table.as_markdown}
    with guarded():
        sys.stdout.write(render[output](table.rows(annotation_prefix)))
