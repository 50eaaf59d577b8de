"""Helpers shared by the tests: build manifests, run the pipeline or the command, and check that generated
objects keep the Gateway API v1.6 limits and references that the CRDs and the spec demand."""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from migrate.cli import app
from migrate.convert import Result, convert
from migrate.findings import Finding
from migrate.options import Options
from migrate.render import Renderer
from migrate.source import SourceFile
from migrate.yamlnodes import SAFE_LOADER

DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
HOSTNAME = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def ingress(
    name: str,
    rules: list[dict[str, Any]] | None = None,
    *,
    namespace: str | None = "default",
    tls: list[dict[str, Any]] | None = None,
    class_name: str | None = "nginx",
    default_backend: dict[str, Any] | None = None,
    annotations: dict[str, str] | None = None,
    created: str | None = None,
    api_version: str = "networking.k8s.io/v1",
) -> dict[str, Any]:
    """An Ingress manifest as data."""
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    if annotations:
        metadata["annotations"] = annotations
    if created:
        metadata["creationTimestamp"] = created
    spec: dict[str, Any] = {}
    if class_name is not None:
        spec["ingressClassName"] = class_name
    if default_backend is not None:
        spec["defaultBackend"] = default_backend
    if tls is not None:
        spec["tls"] = tls
    if rules is not None:
        spec["rules"] = rules
    return {"apiVersion": api_version, "kind": "Ingress", "metadata": metadata, "spec": spec}


def backend(service: str, port: int | str = 80) -> dict[str, Any]:
    key = "number" if isinstance(port, int) else "name"
    return {"service": {"name": service, "port": {key: port}}}


def rule(host: str | None, *paths: tuple[str, str, str, int | str]) -> dict[str, Any]:
    """A rule from (path, pathType, service, port) tuples."""
    entry: dict[str, Any] = {
        "http": {
            "paths": [{"path": p, "pathType": t, "backend": backend(s, port)} for p, t, s, port in paths],
        }
    }
    if host is not None:
        entry["host"] = host
    return entry


def service(name: str, ports: list[dict[str, Any]], namespace: str | None = "default") -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": {"ports": ports}}


# libyaml's emitter writes what PyYAML's pure-Python one does (the same text for every manifest of the suite),
# many times faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(*documents: dict[str, Any]) -> str:
    return yaml.dump_all(documents, Dumper=_DUMPER, sort_keys=False)


def load_all(text: str) -> list[Any]:
    """The documents of a YAML stream (empty ones left out), parsed by libyaml: on the large outputs and
    CRD files the tests read, PyYAML's pure-Python parser took more time than everything else."""
    return [d for d in yaml.load_all(text, Loader=SAFE_LOADER) if d is not None]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def run_pipeline(*files: tuple[str, str], options: Options | None = None) -> Result:
    """Convert (path, text) pairs with the core pipeline, no command line involved."""
    sources = [SourceFile(path, text.encode()) for path, text in files]
    return convert(sources, options or Options())


def rendered(result: Result) -> list[dict[str, Any]]:
    """The generated objects as the output would hold them: rendered and parsed back."""
    renderer = Renderer()
    return [renderer.render(obj).data for obj in result.objects]


def codes(findings: Iterable[Finding]) -> list[str]:
    return [f.code.id for f in findings]


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def documents(self) -> list[dict[str, Any]]:
        return load_all(self.stdout)

    @property
    def finding_lines(self) -> list[str]:
        return self.stderr.splitlines()[:-1]


def cli(*args: str, stdin: str | bytes | None = None) -> Run:
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def write(directory: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return directory


# --- Gateway API invariants ------------------------------------------------------------------------------

MAX_LISTENERS = 64
MAX_RULES = 16
MAX_MATCHES_PER_RULE = 64
MAX_MATCHES = 128
MAX_HOSTNAMES = 16


def check_gateway_api(documents: list[dict[str, Any]]) -> None:
    """Assert what the v1.6.1 CRDs (schema and CEL rules) and the spec's references demand of the objects
    the converter generates: limits, names, uniqueness, and that every parentRef finds a listener that
    accepts the route's namespace."""
    listeners: dict[tuple[str, str | None, str], tuple[str | None, dict[str, Any]]] = {}
    parents: set[tuple[str, str | None, str]] = set()
    names = Counter((d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in documents)
    assert all(n == 1 for n in names.values()), f"duplicate objects: {[k for k, n in names.items() if n > 1]}"
    for doc in documents:
        meta, spec, kind = doc["metadata"], doc["spec"], doc["kind"]
        assert DNS_SUBDOMAIN.match(meta["name"]) and len(meta["name"]) <= 253, meta["name"]
        if meta.get("namespace") is not None:
            assert DNS_LABEL.match(meta["namespace"]) and len(meta["namespace"]) <= 63
        if kind in ("Gateway", "ListenerSet"):
            own = spec["listeners"]
            assert 0 < len(own) <= MAX_LISTENERS, f"{kind} {meta['name']} has {len(own)} listeners"
            listener_names = [entry["name"] for entry in own]
            assert len(set(listener_names)) == len(listener_names), f"{kind} {meta['name']}: repeated listener name"
            keys = [(entry["port"], entry["protocol"], entry.get("hostname")) for entry in own]
            assert len(set(keys)) == len(keys), f"{kind} {meta['name']}: two listeners share port and hostname"
            for entry in own:
                assert DNS_SUBDOMAIN.match(entry["name"]) and len(entry["name"]) <= 253, entry["name"]
                if entry.get("hostname"):
                    assert HOSTNAME.match(entry["hostname"]), entry["hostname"]
                if entry["protocol"] in ("HTTP", "TCP", "UDP"):
                    assert "tls" not in entry, entry
                elif entry["protocol"] == "TLS":
                    assert entry["tls"].get("mode"), entry  # Passthrough or Terminate
                if entry.get("tls", {}).get("mode", "Terminate") == "Terminate" and "tls" in entry:
                    assert entry["tls"]["certificateRefs"], entry
                listeners[(kind, meta.get("namespace"), meta["name"] + "/" + entry["name"])] = (
                    meta.get("namespace"),
                    entry,
                )
            parents.add((kind, meta.get("namespace"), meta["name"]))
        if kind == "ListenerSet":
            gateway = spec["parentRef"]
            assert ("Gateway", gateway.get("namespace", meta.get("namespace")), gateway["name"]) in parents
        if kind == "ReferenceGrant":
            assert 0 < len(spec["from"]) <= 16 and 0 < len(spec["to"]) <= 16
        if kind == "HTTPRoute":
            _check_route(doc, listeners)


def _check_route(doc: dict[str, Any], listeners: dict[Any, tuple[str | None, dict[str, Any]]]) -> None:
    spec, meta = doc["spec"], doc["metadata"]
    hostnames = spec.get("hostnames", [])
    assert len(hostnames) <= MAX_HOSTNAMES and all(HOSTNAME.match(h) for h in hostnames), hostnames
    rules = spec["rules"]
    assert 0 < len(rules) <= MAX_RULES, f"route {meta['name']}: {len(rules)} rules"
    total = 0
    for entry in rules:
        matches = entry.get("matches", [])
        assert len(matches) <= MAX_MATCHES_PER_RULE
        total += len(matches)
        filters = entry.get("filters", [])
        if entry.get("backendRefs"):
            assert not any(f["type"] == "RequestRedirect" for f in filters), "redirect and backendRefs together"
        for match in matches:
            value = match["path"]["value"]
            assert len(value) <= 1024, value
            if match["path"]["type"] not in ("Exact", "PathPrefix"):
                continue  # RegularExpression: the CRD only limits its length
            assert value.startswith("/") and "//" not in value and "#" not in value, value
            assert re.match(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$", value), value
    assert total <= MAX_MATCHES, f"route {meta['name']}: {total} matches"
    refs = spec["parentRefs"]
    assert len(refs) <= 32
    for ref in refs:
        if "sectionName" not in ref:
            continue  # an existing Gateway, attached by port
        namespace = ref.get("namespace", meta.get("namespace"))
        key = (ref["kind"], namespace, ref["name"] + "/" + ref["sectionName"])
        assert key in listeners, f"route {meta['name']} names a missing listener {key}"
        _, listener = listeners[key]
        if listener.get("hostname") and hostnames:  # a route attaches where one of its hostnames intersects
            assert any(_intersects(listener["hostname"], h) for h in hostnames), (listener["hostname"], hostnames)
        allowed = listener["allowedRoutes"]["namespaces"]
        route_namespace = meta.get("namespace")
        if allowed["from"] == "Same":
            assert route_namespace == namespace, f"route {meta['name']} in {route_namespace} not admitted"
        elif allowed["from"] == "Selector":
            values = allowed["selector"]["matchExpressions"][0]["values"]
            assert route_namespace in values, f"route {meta['name']} in {route_namespace} not admitted"
        else:
            assert allowed["from"] == "All"


def _intersects(listener: str, host: str) -> bool:
    if listener == host:
        return True
    if listener.startswith("*."):
        return host.endswith(listener[1:]) or (host.startswith("*.") and host.endswith(listener[1:]))
    return host.startswith("*.") and listener.endswith(host[1:])
