"""What convert, diff, report, pr and verify share: the conversion options, and the conversion they all start with.

Each option is declared once here as an `Annotated` type; a command lists the ones it takes and hands
them to `conversion`, so the same flag means the same thing everywhere. The command then runs its own
work through `run` (which owns the exit codes) starting from `Conversion.convert`.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from migrate.classes import ClassOptions
from migrate.cli.converted import Converted, convert_paths
from migrate.cli.inputs import STDIN
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE, Options
from migrate.validation import DNS_LABEL, DNS_SUBDOMAIN


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


def conversion(
    paths: list[str],
    ingress_class: list[str] | None,
    watch_without_class: bool,
    namespace: str | None,
    gateway_namespace: str,
    gateway_name: str | None,
    gateway_class: str | None,
    gateway: str | None,
    default_certificate: str | None,
    templates: Path | None,
    channel: Channel,
    annotation_prefix: str,
) -> Conversion:
    """The shared conversion flags checked and frozen; a usage error (exit 2) names the flag. The
    parameters come in the order every command declares them, so that a command passes them positionally."""
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
        existing_gateway=reference(gateway, "--gateway"),
        default_certificate=reference(default_certificate, "--default-certificate"),
        channel=channel.value,
        annotation_prefix=annotation_prefix,
    )
    return Conversion(tuple(paths), options, templates)


@dataclass(frozen=True)
class Conversion:
    """What to convert and how: the input paths, the options and the template folder the user gave."""

    paths: tuple[str, ...]
    options: Options
    templates: Path | None

    def convert(self, keep_sources: bool = False, verified: bool = False) -> Converted:
        """`verified`: the command will verify the output (`verify_output`), which may then start early."""
        return convert_paths(list(self.paths), self.options, self.templates, keep_sources, verified)

    def arguments(self, root: Path | None = None) -> list[str]:
        """The paths and the flags that differ from their defaults, to give another command the same
        conversion (`ingress-migrate verify ...`); with `root`, the paths (and --templates) are relative
        to that folder, for a command run from there."""

        base = root.resolve() if root is not None else None

        def place(path: str) -> str:
            return Path(os.path.relpath(Path(path).resolve(), base)).as_posix() if base and path != STDIN else path

        options = self.options
        given = [place(path) for path in self.paths]
        if options.classes.explicit:
            given.extend(word for name in options.classes.names for word in ("--ingress-class", name))
        if options.classes.watch_without_class:
            given.append("--watch-ingress-without-class")
        flags = (
            ("--namespace", options.namespace, None),
            ("--gateway-namespace", options.gateway_namespace, DEFAULT_GATEWAY_NAMESPACE),
            ("--gateway-name", options.gateway_name, None),
            ("--gateway-class", options.gateway_class, None),
            ("--gateway", _joined(options.existing_gateway), None),
            ("--default-certificate", _joined(options.default_certificate), None),
            ("--templates", place(str(self.templates)) if self.templates else None, None),
            ("--channel", options.channel, Channel.standard.value),
            ("--annotation-prefix", options.annotation_prefix, DEFAULT_ANNOTATION_PREFIX),
        )
        for flag, value, default in flags:
            if value is not None and value != default:
                given.extend((flag, value))
        return given


def _joined(reference: tuple[str, str] | None) -> str | None:
    return "/".join(reference) if reference else None


def run(conversion: Conversion, step: Callable[[], int]) -> NoReturn:
    """Run a command's work and exit with its code; `guarded` turns what it raises into exit codes."""
    from migrate.cli.run import guarded

    with guarded(conversion.templates):
        sys.exit(step())
