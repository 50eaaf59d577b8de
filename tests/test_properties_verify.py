"""Property: random valid Ingress sets convert to Gateway API objects that answer every probe request as
ingress-nginx did, or a finding says why (hypothesis, through the verify library, no command line).

The sets are what clusters hold: several namespaces sharing hosts, exact, wildcard and catch-all hosts,
every pathType, regex paths, TLS entries, default backends, creation times, and the routing annotations
that change which location answers and how: use-regex, rewrite-target, ssl-redirect, permanent-redirect,
and canaries (weight, header) that copy a primary's host and path. Every difference the verification finds
must be explained by a finding of the conversion.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from manifests import read

from migrate.convert import convert_inputs
from migrate.options import Options
from migrate.render import Renderer
from migrate.verify.compare import Difference, verify

PREFIX = "nginx.ingress.kubernetes.io/"
NAMESPACES = ("shop", "blog", "payments")
HOSTS = ("example.com", "a.example.com", "*.example.com", "x.y.example.com", "*.y.example.com", "")
PATHS = ("/", "/a", "/a/", "/a/b", "/api", "/api/v1/", "/static", "/.well-known/acme-challenge/token")
REGEX_PATHS = ("/api(/|$)(.*)", "/v[0-9]+/", "/(.*)", "/static/.*\\.css", "/a/(.+)")
PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")
SERVICES = ("web", "api", "static")
OPTIONS = Options()


def _backend(service: str, port: int = 80) -> dict[str, Any]:
    return {"service": {"name": service, "port": {"number": port}}}


literal_paths = st.fixed_dictionaries(
    {
        "path": st.sampled_from(PATHS),
        "pathType": st.sampled_from(PATH_TYPES),
        "backend": st.builds(_backend, st.sampled_from(SERVICES), st.sampled_from((80, 8080))),
    }
)
regex_paths = st.fixed_dictionaries(
    {
        "path": st.sampled_from(REGEX_PATHS),
        "pathType": st.just("ImplementationSpecific"),
        "backend": st.builds(_backend, st.sampled_from(SERVICES)),
    }
)
annotation_sets = st.fixed_dictionaries(
    {},
    optional={
        "use-regex": st.sampled_from(("true", "false")),
        "rewrite-target": st.sampled_from(("/", "/$2", "/$1", "/new")),
        "ssl-redirect": st.sampled_from(("true", "false")),
        "permanent-redirect": st.just("https://moved.example.org/landing"),
    },
)


@st.composite
def primary(draw: st.DrawFn, number: int) -> dict[str, Any]:
    annotations = draw(st.one_of(st.just({}), annotation_sets))
    regex = annotations.get("use-regex") == "true" or "rewrite-target" in annotations
    paths = st.lists(st.one_of(literal_paths, regex_paths) if regex else literal_paths, min_size=1, max_size=4)
    rules = draw(
        st.lists(
            st.fixed_dictionaries({"host": st.sampled_from(HOSTS), "http": st.fixed_dictionaries({"paths": paths})}),
            max_size=3,
        )
    )
    for rule in rules:
        if not rule["host"]:
            del rule["host"]
    spec: dict[str, Any] = {"ingressClassName": "nginx"}
    if rules:
        spec["rules"] = rules
    if not rules or draw(st.integers(0, 3)) == 0:
        spec["defaultBackend"] = _backend(draw(st.sampled_from(SERVICES)))
    named = sorted({rule["host"] for rule in rules if rule.get("host")})
    if named and draw(st.booleans()):
        spec["tls"] = [
            {"hosts": draw(st.lists(st.sampled_from(named), min_size=1, unique=True)), "secretName": f"tls-{number}"}
        ]
    return _document(number, draw(st.sampled_from(NAMESPACES)), annotations, spec)


def _document(number: int, namespace: str, annotations: dict[str, str], spec: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "name": f"ing-{number}",
        "namespace": namespace,
        # Distinct times: ingress-nginx orders by them, and so does every decision that depends on age.
        "creationTimestamp": f"2024-01-01T00:{number // 60:02d}:{number % 60:02d}Z",
    }
    if annotations:
        metadata["annotations"] = {PREFIX + key: value for key, value in annotations.items()}
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec}


@st.composite
def canary_of(draw: st.DrawFn, number: int, target: dict[str, Any]) -> dict[str, Any]:
    """A canary with the host, path and pathType of an earlier Ingress (the only place one attaches), in
    its namespace, to another Service."""
    rules = [
        {
            "host": rule["host"],
            "http": {
                "paths": [
                    {**path, "backend": _backend(f"{path['backend']['service']['name']}-next")}
                    for path in rule["http"]["paths"]
                ]
            },
        }
        for rule in target["spec"].get("rules", [])
        if rule.get("host")
    ]
    annotations = {"canary": "true", "canary-weight": str(draw(st.sampled_from((0, 20, 100))))}
    if draw(st.booleans()):
        annotations["canary-by-header"] = "X-Canary"
    return _document(
        number, target["metadata"]["namespace"], annotations, {"ingressClassName": "nginx", "rules": rules}
    )


@st.composite
def ingress_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 7))):
        with_rules = [d for d in documents if any(r.get("host") for r in d["spec"].get("rules", []))]
        if with_rules and draw(st.integers(0, 5)) == 0:
            documents.append(draw(canary_of(number, draw(st.sampled_from(with_rules)))))
        else:
            documents.append(draw(primary(number)))
    return documents


def _differences(documents: list[dict[str, Any]]) -> tuple[int, list[Difference]]:
    inputs, findings = read(yaml.safe_dump_all(documents, sort_keys=False), OPTIONS)
    result = convert_inputs(inputs, OPTIONS, findings)
    renderer = Renderer()
    rendered = [renderer.render(obj).data for obj in result.objects]
    report = verify(inputs.ingresses, inputs.services, inputs.ingress_classes, OPTIONS, rendered, result.findings)
    return report.probes, report.unexplained


def _show(difference: Difference) -> str:
    request = difference.probe.request
    return (
        f"{request.show()}: ingress-nginx {difference.nginx.show(request.host)}; Gateway "
        f"{difference.gateway.show(request.host)} [{difference.kind}]"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=ingress_sets())
def test_random_ingress_sets_verify_with_every_difference_explained(documents: list[dict[str, Any]]) -> None:
    probes, unexplained = _differences(documents)
    assert probes > 0
    assert not unexplained, "\n".join(_show(d) for d in unexplained)
    event("regex mode" if any("use-regex" in str(d) or "rewrite-target" in str(d) for d in documents) else "literal")
    event(
        "with canary" if any("canary" in str(d["metadata"].get("annotations", {})) for d in documents) else "no canary"
    )


def _ingress(name: str, namespace: str, annotations: dict[str, str], paths: list[tuple[str, str, str]]) -> Any:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": namespace, "annotations": annotations},
        "spec": {
            "ingressClassName": "nginx",
            "rules": [
                {
                    "host": "example.com",
                    "http": {"paths": [{"path": p, "pathType": t, "backend": _backend(s)} for p, t, s in paths]},
                }
            ],
        },
    }


_TOKEN = "/.well-known/acme-challenge/token"
_REGEX_OWNER = _ingress("first", "shop", {f"{PREFIX}use-regex": "true"}, [(_TOKEN, "Prefix", "web")])
_CANARY = _ingress(
    "canary", "shop", {f"{PREFIX}canary": "true", f"{PREFIX}canary-weight": "0"}, [(_TOKEN, "Prefix", "web-next")]
)
_OTHER_NAMESPACE = _ingress("later", "blog", {}, [(_TOKEN, "Exact", "web")])


@pytest.mark.parametrize(
    "documents",
    [
        # Shrunk failures of the test above. The same path in two namespaces on a regex-mode host: ingress-nginx
        # answers longer requests from the older Ingress, the Gateway may pick the later one's rule (IM405).
        pytest.param([_REGEX_OWNER, _OTHER_NAMESPACE], id="regex-precedence-across-namespaces"),
        pytest.param([_REGEX_OWNER, _CANARY, _OTHER_NAMESPACE], id="regex-precedence-with-a-canary"),
    ],
)
def test_found_ingress_sets_verify_with_every_difference_explained(documents: list[dict[str, Any]]) -> None:
    probes, unexplained = _differences(documents)
    assert probes > 0
    assert not unexplained, "\n".join(_show(d) for d in unexplained)
