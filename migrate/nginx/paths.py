"""Paths as ingress-nginx stores them: pathType defaulted, a missing path made `/`."""

from __future__ import annotations

from migrate import codes
from migrate.findings import Findings
from migrate.model import Ingress, IngressPath, field_name
from migrate.nginx.model import EXACT, PREFIX

_PATH_TYPES = {"Exact": EXACT, "Prefix": PREFIX, "ImplementationSpecific": PREFIX}


def normal_path(ingress: Ingress, path: IngressPath, findings: Findings) -> tuple[str, str] | None:
    """The path and pathType ingress-nginx used: ImplementationSpecific and a missing type become Prefix
    (internal/k8s/main.go, SetDefaultNGINXPathType), a missing path becomes `/`."""
    written = path.path_type
    where = path.where
    if written is None:
        if ingress.api_version == "networking.k8s.io/v1":
            ingress.report(
                findings,
                codes.PATHTYPE_MISSING,
                "pathType is required in networking.k8s.io/v1 and kubectl rejects the Ingress without it; read "
                "as ImplementationSpecific (a Prefix match for ingress-nginx): add pathType: Prefix",
                where,
            )
        written = "ImplementationSpecific"
    if written not in _PATH_TYPES:
        findings.add(
            codes.INVALID_INGRESS,
            f"pathType {written!r} is not Exact, Prefix or ImplementationSpecific; the path is left out",
            file=ingress.file,
            pos=ingress.pos((*where, "pathType")),
            ingress=ingress.ref,
            field=field_name((*where, "pathType")),
        )
        return None
    value = path.path
    if not value:
        if written != "ImplementationSpecific":
            ingress.report(
                findings,
                codes.PATH_INVALID,
                f"a {written} path needs a path value (the apiserver rejects it without one); the path is left out",
                where,
            )
            return None
        ingress.report(
            findings,
            codes.PATH_MISSING,
            "no path: ingress-nginx served this backend at `/`, and so does the output; write path: / to say so",
            where,
        )
        value = "/"
    return value, _PATH_TYPES[written]
