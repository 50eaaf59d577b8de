"""`ingress-migrate diff`: what `convert --in-place` would create, change and delete, as a unified diff.

Writes nothing. Exit 0 when nothing would change, 1 when something would (so CI can require a migrated
tree, like `black --check --diff`), 2 on a usage error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from migrate.cli.common import (
    AnnotationPrefix,
    Channel,
    DefaultCertificate,
    ExistingGateway,
    Force,
    Format,
    GatewayClass,
    GatewayName,
    GatewayNamespace,
    IngressClasses,
    Namespace,
    OutputFormat,
    Paths,
    ReleaseChannel,
    RemoveIngress,
    Templates,
    WatchWithoutClass,
    check_paths,
    conversion_options,
    convert_paths,
)
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE, Options


def use_color(flag: bool | None) -> bool:
    """--color / --no-color when given; else colour on a terminal unless NO_COLOR is set (no-color.org)."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def command(
    paths: Paths,
    color: Annotated[
        bool | None,
        typer.Option("--color/--no-color", help="Colour the diff. [default: on a terminal, unless NO_COLOR is set]"),
    ] = None,
    output: OutputFormat = Format.yaml,
    remove_ingress: RemoveIngress = False,
    ingress_class: IngressClasses = None,
    watch_without_class: WatchWithoutClass = False,
    namespace: Namespace = None,
    gateway_namespace: GatewayNamespace = DEFAULT_GATEWAY_NAMESPACE,
    gateway_name: GatewayName = None,
    gateway_class: GatewayClass = None,
    gateway: ExistingGateway = None,
    default_certificate: DefaultCertificate = None,
    templates: Templates = None,
    channel: ReleaseChannel = Channel.standard,
    annotation_prefix: AnnotationPrefix = DEFAULT_ANNOTATION_PREFIX,
    force: Force = False,
) -> None:
    """Show what `convert --in-place` would change, as a unified diff; write nothing.

    Exit 0 when nothing would change, 1 when something would.
    """
    check_paths(paths, stdin=False)
    options = conversion_options(
        ingress_class=ingress_class,
        watch_without_class=watch_without_class,
        namespace=namespace,
        gateway_namespace=gateway_namespace,
        gateway_name=gateway_name,
        gateway_class=gateway_class,
        gateway=gateway,
        default_certificate=default_certificate,
        channel=channel,
        annotation_prefix=annotation_prefix,
    )
    from migrate.cli.run import guarded

    with guarded(templates):
        sys.exit(_run(paths, options, output, remove_ingress, templates, force, use_color(color)))


def _run(
    paths: list[str],
    options: Options,
    output: Format,
    remove_ingress: bool,
    templates: Path | None,
    force: bool,
    color: bool,
) -> int:
    from migrate.cli.inplace import plan_in_place, shown_path
    from migrate.cli.report import summary, text_line
    from migrate.formats.diff import unified_diff

    converted = convert_paths(paths, options, templates, keep_sources=True)
    changes = plan_in_place(converted, output is Format.json, remove_ingress, force)
    root = converted.inputs.root
    sys.stdout.write(unified_diff(changes, lambda path: shown_path(root, path), color))
    reported = converted.reported()
    for finding in reported:
        typer.echo(text_line(finding, converted.shown), err=True)
    counts = {action: sum(1 for c in changes if c.action == action) for action in ("create", "modify", "delete")}
    would = ", ".join(f"{n} to {action}" for action, n in counts.items() if n) or "nothing to change"
    result = converted.result
    typer.echo(f"{summary(reported, len(result.objects), len(result.converted))}; files: {would}", err=True)
    return 1 if changes else 0
