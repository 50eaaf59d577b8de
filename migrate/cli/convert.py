"""`ingress-migrate convert`: read manifests, write Gateway API resources, report what did not carry over."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from migrate.cli.common import (
    IN_PLACE_LAYOUT,
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
from migrate.cli.validate import Crds, OutputCheck, output_check
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE

__all__ = ["Format", "command"]


def command(
    paths: Paths,
    output: OutputFormat = Format.yaml,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Write files mirroring the input tree (routes beside each source file as "
            "<name>.routes.yaml, each Gateway in <namespace>.<name>.gateway.yaml) instead of printing.",
        ),
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place",
            help=f"Write the generated files into the input tree itself, kustomizations updated. {IN_PLACE_LAYOUT}",
        ),
    ] = False,
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
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    force: Force = False,
    validate: Annotated[
        bool,
        typer.Option("--validate", help="Validate the output against --crds first; write nothing if it is invalid."),
    ] = False,
    crds: Crds = None,
    verified: Annotated[
        bool,
        typer.Option(
            "--verify/--no-verify",
            help="Check that the output answers every probe request as ingress-nginx did and print a one-line "
            "summary (the details: `ingress-migrate verify`); it never changes the exit code.",
        ),
    ] = True,
) -> None:
    """Convert ingress-nginx Ingresses into Gateway API resources."""
    check_paths(paths, stdin=not in_place)
    if in_place and output_dir is not None:
        raise typer.BadParameter("give --in-place or --output-dir, not both", param_hint="--in-place")
    if remove_ingress and not in_place:
        raise typer.BadParameter("only goes with --in-place", param_hint="--remove-ingress")
    given = conversion(paths, ingress_class, watch_without_class, namespace, gateway_namespace, gateway_name,
                       gateway_class, gateway, default_certificate, templates, channel, annotation_prefix)  # fmt: skip
    check = output_check(validate, crds)
    run(given, lambda: _run(given, output, output_dir, in_place, remove_ingress, strict, force, check, verified))


def _run(
    given: Conversion,
    output: Format,
    output_dir: Path | None,
    in_place: bool,
    remove_ingress: bool,
    strict: bool,
    force: bool,
    check: OutputCheck | None = None,
    verified: bool = False,
) -> int:
    from migrate.cli.inplace import apply, plan_in_place, plan_output_dir
    from migrate.output import json_list, yaml_stream

    converted = given.convert(keep_sources=in_place, verified=verified)
    try:
        as_json = output is Format.json
        shown_dir = Path(converted.inputs.shown_root) if in_place else output_dir
        timings = converted.timings
        with timings.phase("validate"):
            invalid = check.errors(converted.result.objects, converted.rendered, shown_dir, as_json) if check else []
        written = True
        with timings.phase("write"):
            if invalid:
                written = False  # --validate: an invalid output is not written; its errors are listed below
            elif in_place:
                written = apply(converted.inputs.root, plan_in_place(converted, as_json, remove_ingress, force))
            elif output_dir is not None:
                written = apply(output_dir, plan_output_dir(converted, output_dir, as_json, force), echo=False)
            elif as_json:  # always one JSON document, so that `| jq` works on an empty result too
                sys.stdout.write(json_list(converted.rendered))
            elif converted.rendered:
                sys.stdout.write(yaml_stream(converted.rendered))
        converted.echo_findings()
        for line in [*invalid, *(check.notes() if check else [])]:
            typer.echo(line, err=True)
        end = check.summary() if check else ""
        if verified and converted.result.converted:  # before convert's own summary
            from migrate.cli.verification import verify_output

            checked = verify_output(converted, given.options)
            suffix = (
                ": run `ingress-migrate verify` with the same arguments to list them" if checked.unexplained else ""
            )
            typer.echo(checked.line() + suffix, err=True)
        typer.echo(converted.summary() + end, err=True)
        if (timing := timings.line()) is not None:
            typer.echo(timing, err=True)
        return 1 if converted.failing(strict) or not written else 0
    finally:
        converted.close()
