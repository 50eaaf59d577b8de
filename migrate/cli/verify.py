"""`ingress-migrate verify`: does the Gateway API output answer every request as ingress-nginx did?

Converts the Ingresses as `convert` would (same options), or takes existing Gateway API files with
`--against`, asks both routing models the probe requests and prints one line per request answered
differently, then a summary. Exit 0 when every difference is explained, 1 when one is not (or the files
to verify against are unusable), 2 on a usage error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from migrate.cli.common import (
    AnnotationPrefix,
    Channel,
    Conversion,
    DefaultCertificate,
    ExistingGateway,
    GatewayClass,
    GatewayName,
    GatewayNamespace,
    IngressClasses,
    Namespace,
    Paths,
    ReleaseChannel,
    Templates,
    WatchWithoutClass,
    check_paths,
    conversion,
    run,
)
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE

if TYPE_CHECKING:  # the models are imported when the command runs, so that --help stays quick
    from migrate.findings import Finding

GATEWAY_KINDS = frozenset(
    {"Gateway", "ListenerSet", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute", "ReferenceGrant"}
)
GATEWAY_GROUP = "gateway.networking.k8s.io/"


def command(
    paths: Paths,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            metavar="DIR_OR_FILE",
            exists=True,
            help="Check the Ingresses against these Gateway API files (edited output, say) instead of converting "
            "them. Routes for a Gateway not among them are taken as served on 80 (HTTP) and 443 (HTTPS).",
        ),
    ] = None,
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
    hide_explained: Annotated[
        bool, typer.Option("--hide-explained", help="List only the differences no finding explains.")
    ] = False,
) -> None:
    """Check request by request that the Gateway API output routes as ingress-nginx did."""
    check_paths(paths)
    given = conversion(paths, ingress_class, watch_without_class, namespace, gateway_namespace, gateway_name,
                       gateway_class, gateway, default_certificate, templates, channel, annotation_prefix)  # fmt: skip
    run(given, lambda: _run(given, against, hide_explained))


def _run(given: Conversion, against: Path | None, hide: bool) -> int:
    from migrate.cli.pool import fork_map
    from migrate.findings import Severity
    from migrate.formats.text import text_line
    from migrate.verify import report
    from migrate.verify.compare import verify

    converted = given.convert()
    manifests = converted.manifests
    assert manifests is not None
    problems: list[Finding] = []
    shown: Callable[[str | None], str | None] = converted.shown
    if against is None:
        documents: list[Any] = [r.data for r in converted.rendered]
    else:
        documents, problems, shown = _documents(against)
    checked = verify(
        manifests.ingresses,
        manifests.services,
        manifests.ingress_classes,
        given.options,
        documents,
        converted.result.findings,
        fork_map,
    )
    for finding in problems:
        typer.echo(text_line(finding, shown), err=True)
    for finding in report.findings(checked, explained=not hide):
        typer.echo(text_line(finding, converted.shown))
    typer.echo(report.summary(checked), err=True)
    failed = any(f.severity is Severity.ERROR for f in problems)
    return 1 if checked.unexplained or failed else 0


def _gateway_api(kind: str, api_version: str | None) -> bool:
    return kind in GATEWAY_KINDS and (api_version is None or api_version.startswith(GATEWAY_GROUP))


def _documents(against: Path) -> tuple[list[Any], list[Finding], Callable[[str | None], str | None]]:
    """The Gateway API objects under `against`, and what went wrong reading them."""
    from migrate import codes
    from migrate.cli.inputs import InputSet
    from migrate.findings import Findings
    from migrate.yamldoc import load

    files = InputSet([str(against)])
    findings = Findings()
    documents = [doc.data for source in files.files(findings) for doc in load(source, findings, _gateway_api)]
    if not documents:
        findings.add(
            codes.VERIFY_INPUT,
            f"no Gateway API object (Gateway, ListenerSet, HTTPRoute, ...) in {against}: nothing to verify against",
        )
    return documents, findings.sorted(), files.shown
