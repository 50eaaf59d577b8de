"""Where a generated setting comes from: findings raised on the Gateway side point at what the user wrote."""

from __future__ import annotations

from migrate.findings import Code, Findings
from migrate.gateway.ir import Site
from migrate.intents import Written
from migrate.model import Ingress, field_name
from migrate.nginx.model import Location


def site(ingress: Ingress, at: Written | None) -> Site:
    """An annotation of an Ingress (or the Ingress's name when it is not written)."""
    if at is None:
        return Site(ingress.file, ingress.ref, None, ingress.key_pos(("metadata", "name")))
    return Site(ingress.file, ingress.ref, at.key, at.pos)


def at_path(location: Location) -> Site:
    """The path of a location (the Ingress's spec for the root location it did not write)."""
    ingress, source = location.ingress, location.source
    where = (*source.where, "path") if source else ("spec",)
    return Site(ingress.file, ingress.ref, field_name(where), ingress.pos(where))


def flag(findings: Findings, code: Code, message: str, where: Site) -> None:
    findings.add(code, message, file=where.file, pos=where.pos, ingress=where.ingress, field=where.field)


def copy_ca(secret_namespace: str, secret: str, namespace: str | None) -> str:
    """The command that copies a Secret's ca.crt into a ConfigMap of the same name."""
    into = namespace or "<namespace>"
    source = secret_namespace or "<namespace>"
    return (
        f'kubectl -n {into} create configmap {secret} --from-literal=ca.crt="$(kubectl -n {source} get secret '
        f"{secret} -o jsonpath='{{.data.ca\\.crt}}' | base64 -d)\""
    )
