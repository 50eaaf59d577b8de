"""`ingress-migrate diff`: what `convert --in-place` would create, change and delete, as a unified diff.

Writes nothing. Exit 0 when nothing would change, 1 when something would (so CI can require a migrated
tree, like `black --check --diff`), 2 on a usage error.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from migrate.cli.common import (
    AnnotationPrefix,
    Channel,
    Conversion,
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
    conversion,
    run,
)
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE


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
    given = conversion(paths, ingress_class, watch_without_class, namespace, gateway_namespace, gateway_name,
                       gateway_class, gateway, default_certificate, templates, channel, annotation_prefix)  # fmt: skip
    run(given, lambda: _run(given, output, remove_ingress, force, use_color(color)))


def _run(given: Conversion, output: Format, remove_ingress: bool, force: bool, color: bool) -> int:
    from migrate.cli.inplace import plan_in_place, shown_path
    from migrate.formats.diff import unified_diff

    converted = given.convert(keep_sources=True)
    changes = plan_in_place(converted, output is Format.json, remove_ingress, force)
    root = converted.inputs.root
    sys.stdout.write(unified_diff(changes, lambda path: shown_path(root, path), color))
    converted.echo_findings()
    counts = {action: sum(1 for c in changes if c.action == action) for action in ("create", "modify", "delete")}
    would = ", ".join(f"{n} to {action}" for action, n in counts.items() if n) or "nothing to change"
    typer.echo(f"{converted.summary()}; files: {would}", err=True)
    return 1 if changes else 0
