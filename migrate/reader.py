"""Documents to model objects, with a finding for every field of the wrong shape.

A malformed part of an Ingress (a rule whose `paths` is a string, a host that is a number) is reported
where it is written and left out; the rest of the Ingress is still read.
"""

from __future__ import annotations

from typing import Any

from migrate import codes
from migrate.findings import Findings
from migrate.model import (
    Backend,
    ConfigMap,
    Ingress,
    IngressClass,
    IngressPath,
    IngressRule,
    IngressTLS,
    ResourceBackend,
    Service,
    ServiceBackend,
    ServicePort,
    field_name,
)
from migrate.source import template_action
from migrate.validation import name_problem
from migrate.yamldoc import Document, Path

CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


class _Fields:
    """Typed access to one document's fields; a wrong type is a finding, never an exception."""

    def __init__(self, doc: Document, findings: Findings, ingress: str | None) -> None:
        self.doc = doc
        self.findings = findings
        self.ingress = ingress

    def get(self, obj: Any, key: str, where: Path, kind: type | tuple[type, ...], what: str) -> Any:
        if not isinstance(obj, dict) or obj.get(key) is None:
            return None
        value = obj[key]
        if isinstance(value, kind) and not (isinstance(value, bool) and kind is int):
            return value
        self.wrong((*where, key), f"must be {what}, not {_describe(value)}")
        return None

    def wrong(self, where: Path, problem: str, skipped: str = "this part of the Ingress is left out") -> None:
        self.findings.add(
            codes.INVALID_INGRESS,
            f"{field_name(where)} {problem}; {skipped}: fix the manifest",
            file=self.doc.file,
            pos=self.doc.positions.at(where),
            ingress=self.ingress,
            field=field_name(where),
        )


def read_ingress(doc: Document, findings: Findings) -> Ingress | None:
    data = doc.data
    metadata = _mapping(data, "metadata")
    name = metadata.get("name")
    fields = _Fields(doc, findings, name if isinstance(name, str) else None)
    if doc.complex_key is not None:
        _report_template_action(doc, findings, fields.ingress)
        return None
    if not isinstance(name, str) or not name:
        fields.wrong(("metadata", "name"), "is required and must be a string", skipped="the Ingress is skipped")
        return None
    namespace = fields.get(metadata, "namespace", ("metadata",), str, "a string")
    label = f"{namespace}/{name}" if namespace else name
    fields.ingress = label
    for where, value, kind in (
        (("metadata", "name"), name, "subdomain"),
        (("metadata", "namespace"), namespace, "label"),
    ):
        problem = name_problem(value, kind) if value else None
        if problem is not None:
            fields.wrong(where, f"{problem}", skipped="the apiserver rejects the Ingress, so it is skipped")
            return None
    if _has_template(doc, findings, label):
        return None
    spec = fields.get(data, "spec", (), dict, "a mapping") or {}
    annotations = _annotations(fields, metadata)
    ingress = Ingress(
        namespace=namespace or None,
        name=name,
        api_version=str(data.get("apiVersion", "")),
        annotations=annotations,
        class_name=fields.get(spec, "ingressClassName", ("spec",), str, "a string"),
        class_annotation=annotations.get(CLASS_ANNOTATION),
        rules=_rules(fields, spec),
        tls=_tls(fields, spec),
        default_backend=None,
        default_backend_where=None,
        creation_timestamp=_text(metadata.get("creationTimestamp")),
        file=doc.file,
        document=doc.index,
        positions=doc.positions,
    )
    for key in ("defaultBackend", "backend"):
        if key in spec:
            where = ("spec", key)
            ingress.default_backend = _backend(fields, spec[key], where)
            ingress.default_backend_where = where
    ingress.annotation_comments = {key: doc.comments.take(("metadata", "annotations", key)) for key in annotations}
    ingress.comments = doc.comments.take(())
    return ingress


def _has_template(doc: Document, findings: Findings, label: str) -> bool:
    """An Ingress with `{{ ... }}` outside its annotations comes from an unrendered chart."""
    for where, value in _strings(doc.data, ()):
        if where[:2] != ("metadata", "annotations") and template_action(value):
            findings.add(
                codes.HELM_TEMPLATE,
                f"{field_name(where)} holds a template expression ({value!r}); render the chart first "
                "(`helm template ... | ingress-migrate convert -`)",
                file=doc.file,
                pos=doc.positions.at(where),
                ingress=label,
                field=field_name(where),
            )
            return True
    return False


def _report_template_action(doc: Document, findings: Findings, label: str | None) -> None:
    findings.add(
        codes.HELM_TEMPLATE,
        "a Go/Helm template action (`{{ ... }}`, which YAML reads as a mapping inside a mapping), not a "
        "manifest; render the chart first (`helm template ... | ingress-migrate convert -`)",
        file=doc.file,
        pos=doc.complex_key,
        ingress=label,
    )


def _strings(value: Any, where: Path) -> list[tuple[Path, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*where, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _strings(item, (*where, index))]
    return []


def _annotations(fields: _Fields, metadata: dict[str, Any]) -> dict[str, str]:
    raw = fields.get(metadata, "annotations", ("metadata",), dict, "a mapping") or {}
    annotations: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            where = ("metadata", "annotations", key)
            text = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
            fields.findings.add(
                codes.ANNOTATION_NOT_STRING,
                f"the value of {key} is {_describe(value)}, but annotation values are strings and kubectl rejects "
                f"this; read as {text!r}: quote it in the manifest",
                file=fields.doc.file,
                pos=fields.doc.positions.at(where),
                ingress=fields.ingress,
                field=key,
            )
            annotations[key] = text
        else:
            annotations[key] = value
    return annotations


def _rules(fields: _Fields, spec: dict[str, Any]) -> list[IngressRule]:
    rules = []
    for index, raw in enumerate(fields.get(spec, "rules", ("spec",), list, "a list") or []):
        where: Path = ("spec", "rules", index)
        if not isinstance(raw, dict):
            fields.wrong(where, f"must be a mapping, not {_describe(raw)}")
            continue
        host = raw.get("host", "")
        if host is None:
            host = ""
        if not isinstance(host, str):
            fields.wrong((*where, "host"), f"must be a string, not {_describe(host)}")
            continue
        http = fields.get(raw, "http", where, dict, "a mapping") or {}
        paths = []
        for number, entry in enumerate(fields.get(http, "paths", (*where, "http"), list, "a list") or []):
            path = _path(fields, entry, (*where, "http", "paths", number))
            if path is not None:
                paths.append(path)
        rules.append(IngressRule(host=host, paths=paths, where=where, comments=fields.doc.comments.take(where)))
    return rules


def _path(fields: _Fields, raw: Any, where: Path) -> IngressPath | None:
    if not isinstance(raw, dict):
        fields.wrong(where, f"must be a mapping, not {_describe(raw)}")
        return None
    value = fields.get(raw, "path", where, str, "a string")
    if "path" in raw and raw["path"] is not None and value is None:
        return None
    path_type = fields.get(raw, "pathType", where, str, "a string")
    if raw.get("backend") is None:
        fields.wrong((*where, "backend"), "is required")
        return None
    backend = _backend(fields, raw["backend"], (*where, "backend"))
    if backend is None:
        return None
    return IngressPath(
        path=value,
        path_type=path_type,
        backend=backend,
        where=where,
        comments=fields.doc.comments.take(where),
    )


def _backend(fields: _Fields, raw: Any, where: Path) -> Backend | None:
    comments = tuple(fields.doc.comments.take(where))
    if not isinstance(raw, dict):
        fields.wrong(where, f"must be a mapping, not {_describe(raw)}")
        return None
    if "resource" in raw:
        resource = fields.get(raw, "resource", where, dict, "a mapping") or {}
        return ResourceBackend(
            api_group=str(resource.get("apiGroup") or ""),
            kind=str(resource.get("kind") or ""),
            name=str(resource.get("name") or ""),
        )
    if "service" in raw:
        service = fields.get(raw, "service", where, dict, "a mapping") or {}
        name = fields.get(service, "name", (*where, "service"), str, "a string")
        port_spec = fields.get(service, "port", (*where, "service"), dict, "a mapping") or {}
        port_where = (*where, "service", "port")
        port: int | str | None = fields.get(port_spec, "number", port_where, int, "an integer")
        if port is None:
            port = fields.get(port_spec, "name", port_where, str, "a string")
        if name and port is not None:
            if (problem := name_problem(name, "service")) is not None:
                fields.wrong((*where, "service", "name"), f"{name!r} {problem}")
                return None
            return ServiceBackend(name=name, port=port, comments=comments)
        if "name" not in service:
            fields.wrong((*where, "service", "name"), "is required")
        if "number" not in port_spec and "name" not in port_spec:
            fields.wrong(port_where, "needs a number or a name")
        return None
    # networking.k8s.io/v1beta1 and extensions/v1beta1
    name = fields.get(raw, "serviceName", where, str, "a string")
    legacy_port = raw.get("servicePort")
    if isinstance(legacy_port, str) and legacy_port.isdigit():
        legacy_port = int(legacy_port)
    if not name or not isinstance(legacy_port, int | str) or isinstance(legacy_port, bool):
        fields.wrong(where, "needs a service (name and port) or a resource")
        return None
    if (problem := name_problem(name, "service")) is not None:
        fields.wrong((*where, "serviceName"), f"{name!r} {problem}")
        return None
    return ServiceBackend(name=name, port=legacy_port, comments=comments)


def _tls(fields: _Fields, spec: dict[str, Any]) -> list[IngressTLS]:
    entries = []
    for index, raw in enumerate(fields.get(spec, "tls", ("spec",), list, "a list") or []):
        where: Path = ("spec", "tls", index)
        if not isinstance(raw, dict):
            fields.wrong(where, f"must be a mapping, not {_describe(raw)}")
            continue
        hosts = []
        for number, host in enumerate(fields.get(raw, "hosts", where, list, "a list") or []):
            if isinstance(host, str):
                hosts.append(host)
            else:
                fields.wrong((*where, "hosts", number), f"must be a string, not {_describe(host)}")
        secret = fields.get(raw, "secretName", where, str, "a string")
        if secret and (problem := name_problem(secret, "subdomain")) is not None:
            fields.wrong((*where, "secretName"), f"{secret!r} {problem}")
            continue
        entries.append(
            IngressTLS(hosts=hosts, secret_name=secret or None, where=where, comments=fields.doc.comments.take(where))
        )
    if entries:  # a comment above `tls:` describes the certificates: keep it with the first one
        entries[0].comments = sorted([*fields.doc.comments.take(("spec", "tls")), *entries[0].comments])
    return entries


def read_service(doc: Document) -> Service | None:
    data = doc.data
    metadata = _mapping(data, "metadata")
    spec = _mapping(data, "spec")
    if not isinstance(metadata.get("name"), str):
        return None
    ports = []
    listed = spec.get("ports")
    for raw in listed if isinstance(listed, list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("port"), int):
            target = raw.get("targetPort")
            ports.append(
                ServicePort(
                    name=raw["name"] if isinstance(raw.get("name"), str) else None,
                    port=raw["port"],
                    target_port=target if isinstance(target, int | str) else None,
                )
            )
    return Service(
        namespace=_text(metadata.get("namespace")),
        name=metadata["name"],
        type=str(spec.get("type") or "ClusterIP"),
        ports=tuple(ports),
        external_name=_text(spec.get("externalName")),
    )


def read_ingress_class(doc: Document) -> IngressClass | None:
    data = doc.data
    metadata = _mapping(data, "metadata")
    spec = _mapping(data, "spec")
    annotations = _mapping(metadata, "annotations")
    if not isinstance(metadata.get("name"), str):
        return None
    return IngressClass(
        name=metadata["name"],
        controller=_text(spec.get("controller")),
        is_default=str(annotations.get(DEFAULT_CLASS_ANNOTATION, "")).lower() == "true",
        file=doc.file,
        pos=doc.positions.at(()),
    )


def read_config_map(doc: Document) -> ConfigMap | None:
    data = doc.data
    metadata = _mapping(data, "metadata")
    if not isinstance(metadata.get("name"), str):
        return None
    values = _mapping(data, "data")
    return ConfigMap(
        namespace=_text(metadata.get("namespace")),
        name=metadata["name"],
        data={str(k): "" if v is None else str(v) for k, v in values.items()},
    )


def _mapping(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = obj.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null" if value is None else type(value).__name__
