"""Properties of `convert` over random valid Ingress sets (hypothesis).

The sets mix namespaces, exact and wildcard hosts, the catch-all (no host), every pathType, TLS entries,
default backends and creation times; some are large enough to need route splits and ListenerSets. For
each set: the output is the same bytes on every run; with distinct creation times (which order the
Ingresses as ingress-nginx does) it does not depend on the order the files are given in; and every
generated object is within the Gateway API v1.6 limits and accepted by `validate` against the v1.6.1
standard CRDs, CEL rules included.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from validate_support import engine, release_catalog

from migrate.apiserver.validate import validate_objects
from migrate.cli import app
from migrate.gateway.limits import problems

NAMESPACES = ("shop", "blog", "payments")
HOSTS = ("example.com", "a.example.com", "b.example.com", "*.example.com", "x.y.example.com", "*.y.example.com", "")
PATHS = ("/", "/a", "/a/", "/a/b", "/api", "/api/v1/", "/static", "/.well-known/acme-challenge/token")
PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")
SERVICES = ("web", "api", "static")

path_entries = st.fixed_dictionaries(
    {
        "path": st.sampled_from(PATHS),
        "pathType": st.sampled_from(PATH_TYPES),
        "backend": st.fixed_dictionaries(
            {
                "service": st.fixed_dictionaries(
                    {
                        "name": st.sampled_from(SERVICES),
                        "port": st.fixed_dictionaries({"number": st.sampled_from((80, 8080))}),
                    }
                )
            }
        ),
    }
)
many_paths = st.lists(st.integers(0, 400), min_size=1, max_size=90, unique=True).map(
    lambda numbers: [
        {
            "path": f"/p{n}" + ("/" if n % 3 == 0 else ""),
            "pathType": PATH_TYPES[n % 3],
            "backend": {"service": {"name": SERVICES[n % 3], "port": {"number": 80}}},
        }
        for n in numbers
    ]
)
hosts = st.one_of(st.sampled_from(HOSTS), st.integers(0, 200).map(lambda n: f"tenant-{n}.saas.example.com"))


@st.composite
def ingress(draw: st.DrawFn, number: int) -> dict[str, Any]:
    paths = st.one_of(st.lists(path_entries, min_size=1, max_size=5), many_paths)
    rule = st.fixed_dictionaries({"host": hosts, "http": st.fixed_dictionaries({"paths": paths})})
    if draw(st.integers(0, 9)) == 0:
        # A wide Ingress: up to 120 TLS hosts of one tenant platform (listeners past 64 need ListenerSets).
        wide = draw(st.lists(st.integers(0, 400), min_size=1, max_size=120, unique=True))
        rules = [{"host": f"w{n}.tenants.example.com", "http": {"paths": [draw(path_entries)]}} for n in wide]
    else:
        rules = draw(st.lists(rule, max_size=4))
    for rule in rules:
        if not rule["host"]:
            del rule["host"]
    spec: dict[str, Any] = {"ingressClassName": "nginx"}
    if rules:
        spec["rules"] = rules
    if draw(st.booleans()) or not rules:
        spec["defaultBackend"] = {"service": {"name": draw(st.sampled_from(SERVICES)), "port": {"number": 80}}}
    named = [rule["host"] for rule in rules if rule.get("host")]
    if named and draw(st.booleans()):
        covered = draw(st.lists(st.sampled_from(named), min_size=1, unique=True))
        spec["tls"] = [{"hosts": covered, "secretName": f"cert-{number}"}]
    metadata = {
        "name": f"ing-{number}",
        "namespace": draw(st.sampled_from(NAMESPACES)),
        # Distinct creation times: ingress-nginx orders by them, so file order must not matter.
        "creationTimestamp": f"2024-01-01T00:{number // 60:02d}:{number % 60:02d}Z",
    }
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec}


@st.composite
def ingress_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 12))
    return [draw(ingress(number)) for number in range(count)]


def _convert(folder: Path, order: Sequence[int], count: int) -> tuple[int, str, str]:
    files = [str(folder / f"ing-{number}.yaml") for number in order]
    assert len(files) == count
    result = CliRunner().invoke(app, ["convert", *files], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ingresses=ingress_sets(), data=st.data())
def test_output_is_deterministic_order_independent_and_within_limits(
    ingresses: list[dict[str, Any]], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for item in ingresses:
            (folder / f"{item['metadata']['name']}.yaml").write_text(yaml.safe_dump(item, sort_keys=False))
        count = len(ingresses)
        first = _convert(folder, range(count), count)
        assert first[0] == 0, first[2]
        assert _convert(folder, range(count), count) == first  # same bytes, same findings
        shuffled = data.draw(st.permutations(range(count)))
        assert _convert(folder, shuffled, count) == first
        objects = [doc for doc in yaml.safe_load_all(first[1]) if doc]
        assert problems(objects) == []
        reports = validate_objects(objects, release_catalog("standard"), engine())
        assert len(reports) == len(objects)
        assert [(r.subject, e.field, e.detail) for r in reports for e in r.errors] == []
        event("with ListenerSets" if any(o["kind"] == "ListenerSet" for o in objects) else "one Gateway")
        event("routes split" if "IM310" in first[2] else "no route split")
