"""What convert, diff, report and pr share: the conversion options, and the conversion they all start with.

Each option is declared once here as an `Annotated` type; a command lists the ones it takes and hands
them to `conversion_options`, so the same flag means the same thing everywhere.
"""

from __future__ import annotations

import enum
import gc
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrate.classes import ClassOptions
from migrate.cli.inputs import STDIN, InputSet
from migrate.cli.timing import Timings
from migrate.findings import Finding, Findings, Severity
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE, Options
from migrate.validation import DNS_LABEL, DNS_SUBDOMAIN

if TYPE_CHECKING:  # the pipeline is imported when a command runs, so that --help stays quick
    from migrate.convert import Inputs, Result
    from migrate.render import Rendered
    from migrate.source import SourceFile

__all__ = ["DEFAULT_ANNOTATION_PREFIX", "DEFAULT_GATEWAY_NAMESPACE"]


class Format(enum.StrEnum):
    yaml = "yaml"
    json = "json"


class Channel(enum.StrEnum):
    standard = "standard"
    experimental = "experimental"


IN_PLACE_LAYOUT = (
    "In place, the routes of each file go beside it (apps/web/ingress.yaml -> apps/web/ingress.routes.yaml) and "
    "the Gateway with the objects all routes share into <namespace>.<name>.gateway.yaml at the input root."
)

Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...", help="Manifest files, directories (searched for *.yaml, *.yml, *.json) or - for stdin."
    ),
]
IngressClasses = Annotated[
    list[str] | None,
    typer.Option("--ingress-class", help="Ingress class served by ingress-nginx; repeat for several. [default: nginx]"),
]
WatchWithoutClass = Annotated[
    bool,
    typer.Option(
        "--watch-ingress-without-class",
        help="Convert Ingresses without a class too, as the controller flag of the same name did.",
    ),
]
Namespace = Annotated[
    str | None, typer.Option("--namespace", "-n", help="Namespace for Ingresses and Services written without one.")
]
GatewayNamespace = Annotated[str, typer.Option("--gateway-namespace", help="Namespace of the generated Gateway.")]
GatewayName = Annotated[
    str | None, typer.Option("--gateway-name", help="Name of the generated Gateway. [default: the ingress class]")
]
GatewayClass = Annotated[
    str | None,
    typer.Option(
        "--gateway-class",
        help="gatewayClassName of the generated Gateway (eg for Envoy Gateway, nginx for "
        "NGINX Gateway Fabric, kgateway, istio, cilium, traefik). [default: the ingress class]",
    ),
]
ExistingGateway = Annotated[
    str | None,
    typer.Option(
        "--gateway", metavar="NAMESPACE/NAME", help="Attach routes to this existing Gateway and generate none."
    ),
]
DefaultCertificate = Annotated[
    str | None,
    typer.Option(
        "--default-certificate",
        metavar="NAMESPACE/NAME",
        help="TLS Secret ingress-nginx served as its default certificate: hosts without their own keep HTTPS with it.",
    ),
]
Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder of templates overriding the bundled ones by file name.",
        exists=True,
        file_okay=False,
    ),
]
ReleaseChannel = Annotated[
    Channel,
    typer.Option(
        "--channel",
        help="Gateway API release channel to target: experimental also carries retries, session "
        "persistence and external auth.",
    ),
]
AnnotationPrefix = Annotated[
    str,
    typer.Option(
        "--annotation-prefix", help="Annotation prefix the controller ran with (its --annotations-prefix flag)."
    ),
]
OutputFormat = Annotated[Format, typer.Option("--output", "-o", help="Output format.")]
RemoveIngress = Annotated[
    bool,
    typer.Option(
        "--remove-ingress",
        help="In place: remove the converted Ingress documents from their files (every other byte kept; a file left "
        "empty is deleted and dropped from its kustomization). While a converted Ingress has errors, none is removed.",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Regenerate generated files even when edited by hand since (and, with --output-dir, overwrite files "
        "that were not generated).",
    ),
]


def reference(value: str | None, option: str) -> tuple[str, str] | None:
    if value is None:
        return None
    namespace, slash, name = value.partition("/")
    if not slash or not DNS_LABEL.match(namespace) or not DNS_SUBDOMAIN.match(name):
        raise typer.BadParameter(f"expected NAMESPACE/NAME, got {value!r}", param_hint=option)
    return namespace, name


def check_paths(paths: list[str], stdin: bool = True) -> None:
    if paths.count(STDIN) > 1:
        raise typer.BadParameter("'-' (standard input) can be given once", param_hint="PATH")
    if not stdin and STDIN in paths:
        raise typer.BadParameter("standard input cannot be changed in place; name the files", param_hint="PATH")
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise typer.BadParameter(f"{path}: no such file or directory", param_hint="PATH")


def conversion_options(
    *,
    ingress_class: list[str] | None,
    watch_without_class: bool,
    namespace: str | None,
    gateway_namespace: str,
    gateway_name: str | None,
    gateway_class: str | None,
    gateway: str | None,
    default_certificate: str | None,
    channel: Channel = Channel.standard,
    annotation_prefix: str = DEFAULT_ANNOTATION_PREFIX,
) -> Options:
    if namespace is not None and not DNS_LABEL.match(namespace):
        raise typer.BadParameter(f"{namespace!r} is not a namespace name", param_hint="--namespace")
    if not DNS_LABEL.match(gateway_namespace):
        raise typer.BadParameter(f"{gateway_namespace!r} is not a namespace name", param_hint="--gateway-namespace")
    if not DNS_SUBDOMAIN.match(annotation_prefix):
        raise typer.BadParameter(f"{annotation_prefix!r} is not an annotation prefix", param_hint="--annotation-prefix")
    for value, hint in ((gateway_name, "--gateway-name"), (gateway_class, "--gateway-class")):
        # A GatewayClass is an object: its name is a DNS-1123 subdomain of at most 253 characters.
        if value is not None and (not DNS_SUBDOMAIN.match(value) or len(value) > 253):
            raise typer.BadParameter(f"{value!r} is not a valid name", param_hint=hint)
    return Options(
        classes=ClassOptions(
            tuple(ingress_class or ("nginx",)),
            explicit=bool(ingress_class),
            watch_without_class=watch_without_class,
        ),
        namespace=namespace,
        gateway_namespace=gateway_namespace,
        gateway_name=gateway_name,
        gateway_class=gateway_class,
        existing_gateway=reference(gateway, "--gateway"),
        default_certificate=reference(default_certificate, "--default-certificate"),
        channel=channel.value,
        annotation_prefix=annotation_prefix,
    )


@dataclass
class Converted:
    """One conversion of the input paths, with what the workflows need to plan file changes."""

    inputs: InputSet
    findings: Findings
    result: Result
    rendered: list[Rendered]
    sources: dict[str, bytes] = field(default_factory=dict)  # input files by path relative to the root
    timings: Timings = field(default_factory=Timings)  # the commands add their own phases (validate, write)
    manifests: Inputs | None = None  # the Ingresses, Services and IngressClasses read (verify reads them)

    def failing(self, strict: bool) -> bool:
        levels = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(f.severity in levels for f in self.findings.items)

    def reported(self) -> list[Finding]:
        return self.findings.sorted()

    def shown(self, path: str | None) -> str | None:
        """A path relative to the input root as the user can open it from here."""
        shown = self.inputs.shown(path)
        return posixpath.normpath(shown) if shown else shown


def convert_paths(paths: list[str], options: Options, templates: Path | None, keep_sources: bool = False) -> Converted:
    from migrate.cli.pool import read_all, render_all
    from migrate.cli.progress import Progress, count_files
    from migrate.convert import convert_inputs

    _fewer_collections()
    timings = Timings()
    inputs = InputSet(paths)
    findings = Findings()
    sources: dict[str, bytes] = {}
    progress = Progress()
    files: Iterator[SourceFile] = inputs.files(findings)
    if keep_sources:
        files = _kept(files, sources)
    if progress.enabled:
        files = progress.track(files, "ingress-migrate: reading", count_files(paths))
    with timings.phase("read"):
        read = read_all(files, options, findings)
    with timings.phase("convert"):
        result = convert_inputs(read, options, findings)
    with timings.phase("render"):
        rendered = render_all(result.objects, templates)
    return Converted(inputs, findings, result, rendered, sources, timings, read)


def _fewer_collections() -> None:
    """A conversion allocates millions of small objects that live until it ends and form almost no
    cycles; CPython's default collector thresholds spent a third of the run re-scanning them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)


def _kept(files: Iterator[SourceFile], sources: dict[str, bytes]) -> Iterator[SourceFile]:
    for source in files:
        sources[source.path] = source.data
        yield source
