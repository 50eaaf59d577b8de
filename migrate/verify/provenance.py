"""Which Ingresses a route came from, read from the provenance annotations the converter writes.

Routes written by hand carry none; their differences are then placed by the ingress-nginx side alone.
"""

from __future__ import annotations

from migrate.gateway.provenance import SOURCE_INGRESS
from migrate.verify.gateway_objects import RouteSpec
from migrate.verify.http import Subject


def route_subjects(route: RouteSpec) -> tuple[Subject, ...]:
    listed = route.annotations.get(SOURCE_INGRESS, "")
    listed = listed.split(" (+")[0]  # "(+N more)" past the first ten
    return tuple(Subject(None, ref.strip()) for ref in listed.split(",") if ref.strip())
