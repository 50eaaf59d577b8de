"""`ingress-migrate convert`: read manifests, write Gateway API resources, report what did not carry over."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from migrate.classes import ClassOptions
from migrate.cli.inputs import STDIN, InputSet
from migrate.cli.report import summary, text_line
from migrate.cli.run import guarded
from migrate.cli.writer import write_tree
from migrate.convert import convert_inputs, read_inputs
from migrate.findings import Findings, Severity
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE, Options
from migrate.output import files, json_list, yaml_stream
from migrate.render import Renderer
from migrate.validation import DNS_LABEL, DNS_SUBDOMAIN


class Format(enum.StrEnum):
    yaml = "yaml"
    json = "json"


class Channel(enum.StrEnum):
    standard = "standard"
    experimental = "experimental"


def _reference(value: str | None, option: str) -> tuple[str, str] | None:
    if value is None:
        return None
    namespace, slash, name = value.partition("/")
    if not slash or not DNS_LABEL.match(namespace) or not DNS_SUBDOMAIN.match(name):
        raise typer.BadParameter(f"expected NAMESPACE/NAME, got {value!r}", param_hint=option)
    return namespace, name


def _check_paths(paths: list[str]) -> None:
    if paths.count(STDIN) > 1:
        raise typer.BadParameter("'-' (standard input) can be given once", param_hint="PATH")
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise typer.BadParameter(f"{path}: no such file or directory", param_hint="PATH")


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Manifest files, directories (searched for *.yaml, *.yml, *.json) or - for stdin.",
        ),
    ],
    output: Annotated[Format, typer.Option("--output", "-o", help="Output format.")] = Format.yaml,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Write files mirroring the input tree (routes beside each source file as "
            "<name>.routes.yaml, each Gateway in <namespace>.<name>.gateway.yaml) instead of printing.",
        ),
    ] = None,
    ingress_class: Annotated[
        list[str] | None,
        typer.Option(
            "--ingress-class",
            help="Ingress class served by ingress-nginx; repeat for several. [default: nginx]",
        ),
    ] = None,
    watch_without_class: Annotated[
        bool,
        typer.Option(
            "--watch-ingress-without-class",
            help="Convert Ingresses without a class too, as the controller flag of the same name did.",
        ),
    ] = False,
    namespace: Annotated[
        str | None,
        typer.Option("--namespace", "-n", help="Namespace for Ingresses and Services written without one."),
    ] = None,
    gateway_namespace: Annotated[
        str, typer.Option("--gateway-namespace", help="Namespace of the generated Gateway.")
    ] = DEFAULT_GATEWAY_NAMESPACE,
    gateway_name: Annotated[
        str | None,
        typer.Option("--gateway-name", help="Name of the generated Gateway. [default: the ingress class]"),
    ] = None,
    gateway_class: Annotated[
        str | None,
        typer.Option(
            "--gateway-class",
            help="gatewayClassName of the generated Gateway (eg for Envoy Gateway, nginx for "
            "NGINX Gateway Fabric, kgateway, istio, cilium, traefik). [default: the ingress class]",
        ),
    ] = None,
    gateway: Annotated[
        str | None,
        typer.Option(
            "--gateway",
            metavar="NAMESPACE/NAME",
            help="Attach routes to this existing Gateway and generate none.",
        ),
    ] = None,
    default_certificate: Annotated[
        str | None,
        typer.Option(
            "--default-certificate",
            metavar="NAMESPACE/NAME",
            help="TLS Secret ingress-nginx served as its default "
            "certificate: hosts without their own keep HTTPS with it.",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder of templates overriding the bundled ones by file name.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    channel: Annotated[
        Channel,
        typer.Option(
            "--channel",
            help="Gateway API release channel to target: experimental also carries retries, session "
            "persistence and external auth.",
        ),
    ] = Channel.standard,
    annotation_prefix: Annotated[
        str,
        typer.Option(
            "--annotation-prefix",
            help="Annotation prefix the controller ran with (its --annotations-prefix flag).",
        ),
    ] = DEFAULT_ANNOTATION_PREFIX,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --output-dir, overwrite files that were not generated or were edited."),
    ] = False,
) -> None:
    """Convert ingress-nginx Ingresses into Gateway API resources."""
    _check_paths(paths)
    if namespace is not None and not DNS_LABEL.match(namespace):
        raise typer.BadParameter(f"{namespace!r} is not a namespace name", param_hint="--namespace")
    if not DNS_LABEL.match(gateway_namespace):
        raise typer.BadParameter(f"{gateway_namespace!r} is not a namespace name", param_hint="--gateway-namespace")
    if not DNS_SUBDOMAIN.match(annotation_prefix):
        raise typer.BadParameter(f"{annotation_prefix!r} is not an annotation prefix", param_hint="--annotation-prefix")
    if gateway_name is not None and not DNS_SUBDOMAIN.match(gateway_name):
        raise typer.BadParameter(f"{gateway_name!r} is not a valid name", param_hint="--gateway-name")
    options = Options(
        classes=ClassOptions(
            tuple(ingress_class or ("nginx",)),
            explicit=bool(ingress_class),
            watch_without_class=watch_without_class,
        ),
        namespace=namespace,
        gateway_namespace=gateway_namespace,
        gateway_name=gateway_name,
        gateway_class=gateway_class,
        existing_gateway=_reference(gateway, "--gateway"),
        default_certificate=_reference(default_certificate, "--default-certificate"),
        channel=channel.value,
        annotation_prefix=annotation_prefix,
    )
    with guarded(templates):
        sys.exit(_run(paths, options, output, output_dir, templates, strict, force))


def _run(
    paths: list[str],
    options: Options,
    output: Format,
    output_dir: Path | None,
    templates: Path | None,
    strict: bool,
    force: bool,
) -> int:
    inputs = InputSet(paths)
    findings = Findings()
    result = convert_inputs(read_inputs(inputs.files(findings), options, findings), options, findings)
    renderer = Renderer(templates)
    rendered = [renderer.render(obj) for obj in result.objects]
    as_json = output is Format.json
    if output_dir is not None:
        tree = files(result.objects, rendered, as_json)
        write_tree(output_dir, tree, inputs.read, force, findings)
    elif rendered:
        sys.stdout.write(json_list(rendered) if as_json else yaml_stream(rendered))
    reported = findings.sorted()
    for finding in reported:
        typer.echo(text_line(finding, inputs.shown), err=True)
    typer.echo(summary(reported, len(result.objects), len(result.converted)), err=True)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(f.severity in failing for f in reported) else 0
