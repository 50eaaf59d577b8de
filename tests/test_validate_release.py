"""The Gateway API v1.6.1 release: its examples are accepted, its invalid examples rejected for the reason the
apiserver gives, and every golden output of the conversion is accepted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED, shared
from golden_cases import cases
from support import load_all
from validate_support import RELEASE, engine, release_catalog, validate_file

from migrate.apiserver.validate import Validator

ROOT = SHARED.joinpath(*RELEASE)


def _files(folder: str) -> list[Any]:
    base = ROOT / folder
    found = sorted(base.rglob("*.yaml")) if base.exists() else []
    return [pytest.param(f, id=str(f.relative_to(base))) for f in found] or [pytest.param(None, id="missing")]


def _problems(path: Path, channel: str) -> list[str]:
    reports = validate_file(path, release_catalog(channel), engine())
    assert reports, f"{path.name}: no Gateway API object was validated"
    return [f"{r.subject}: {e.field}: {e.detail}" for r in reports for e in r.errors]


@pytest.mark.parametrize("path", _files("valid"))
@pytest.mark.parametrize("channel", ["standard", "experimental"])
def test_valid_examples_are_accepted(path: Path | None, channel: str) -> None:
    if path is None:
        shared(*RELEASE, "valid")
    assert path is not None
    assert _problems(path, channel) == []


@pytest.mark.parametrize("path", _files("valid-experimental"))
def test_experimental_examples_are_accepted_by_the_experimental_crds(path: Path | None) -> None:
    if path is None:
        shared(*RELEASE, "valid-experimental")
    assert path is not None
    assert _problems(path, "experimental") == []


@pytest.mark.parametrize("version", ["v1alpha2", "v1alpha3"])
def test_the_standard_channel_does_not_serve_alpha_tlsroutes(version: str) -> None:
    path = shared(*RELEASE, "valid-experimental", "examples", "experimental", version, "tls-routing", "tls-route.yaml")
    assert _problems(path, "standard") == [
        f'TLSRoute example-route: kind: no matches for kind "TLSRoute" in version '
        f'"gateway.networking.k8s.io/{version}" (the TLSRoute CRD serves v1)'
    ]


# Each invalid example, with the field and the words of the error the apiserver would return for it.
INVALID = {
    "standard/gateway/duplicate-listeners.yaml": [
        ("spec.listeners", "Listener name must be unique within the Gateway"),
        ("spec.listeners[1]", 'Duplicate value: {"name":"same"}'),
    ],
    "standard/gateway/hostname-tcp.yaml": [("spec.listeners", "hostname must not be specified for protocols")],
    "standard/gateway/hostname-udp.yaml": [("spec.listeners", "hostname must not be specified for protocols")],
    "standard/gateway/invalid-addresses.yaml": [
        ("spec.addresses[0]", "must validate one and only one schema (oneOf)"),
        ("spec.addresses[5].value", '"1.1.1": must validate at least one schema (anyOf): must be of type ipv4'),
        ("spec.addresses[8].value", '"256.255.255.255": must validate at least one schema (anyOf)'),
        ("spec.addresses[9]", "Hostname value must be empty or contain only valid characters"),
    ],
    "standard/gateway/invalid-listener-name.yaml": [("spec.listeners[0].name", 'Invalid value: "bad>": should match')],
    "standard/gateway/invalid-listener-port.yaml": [
        ("spec.listeners[0].port", "Invalid value: 123456789: should be less than or equal to 65535")
    ],
    "standard/gateway/invalid-tls-mode.yaml": [("spec.listeners", "tls mode must be Terminate for protocol HTTPS")],
    "standard/gateway/tlsconfig-tcp.yaml": [("spec.listeners", "tls must not be specified for protocols")],
    "standard/gatewayclass/invalid-controller.yaml": [
        ("spec.controllerName", 'Invalid value: "example": should match')
    ],
    "standard/httproute/duplicate-header-match.yaml": [
        ("spec.rules[0].matches[0].headers[1]", 'Duplicate value: {"name":"foo"}')
    ],
    "standard/httproute/duplicate-query-match.yaml": [
        ("spec.rules[0].matches[0].queryParams[1]", 'Duplicate value: {"name":"foo"}')
    ],
    "standard/httproute/httproute-portless-backend.yaml": [
        ("spec.rules[0].backendRefs[0]", "Must have port for Service reference")
    ],
    "standard/httproute/httproute-portless-service.yaml": [
        ("spec.rules[0].backendRefs[0]", "Must have port for Service reference")
    ],
    "standard/httproute/invalid-backend-group.yaml": [("spec.rules[0].backendRefs[0].group", '"*": should match')],
    "standard/httproute/invalid-backend-kind.yaml": [("spec.rules[0].backendRefs[0].kind", '"*": should match')],
    "standard/httproute/invalid-backend-port.yaml": [
        ("spec.rules[0].backendRefs[0].port", "800080: should be less than or equal to 65535")
    ],
    "standard/httproute/invalid-filter-duplicate-header.yaml": [
        ("spec.rules[0].filters[0].requestHeaderModifier.remove[1]", 'Duplicate value: "foo"')
    ],
    "standard/httproute/invalid-filter-duplicate.yaml": [
        ("spec.rules[0].filters", "RequestHeaderModifier filter cannot be repeated")
    ],
    "standard/httproute/invalid-filter-empty.yaml": [
        ("spec.rules[0].filters[0]", "filter.requestHeaderModifier must be specified for RequestHeaderModifier")
    ],
    "standard/httproute/invalid-filter-wrong-field.yaml": [
        ("spec.rules[0].filters[0]", "filter.requestRedirect must be nil if the filter.type is not RequestRedirect")
    ],
    "standard/httproute/invalid-header-name.yaml": [
        ("spec.rules[0].matches[0].headers[0].name", 'Invalid value: "magic/": should match')
    ],
    "standard/httproute/invalid-hostname.yaml": [("spec.hostnames[0]", 'Invalid value: "http://a<": should match')],
    "standard/httproute/invalid-httpredirect-hostname.yaml": [
        ("spec.rules[0].filters[0].requestRedirect.hostname", '"*.gateway.networking.k8s.io": should match')
    ],
    "standard/httproute/invalid-method.yaml": [
        ("spec.rules[0].matches[0].method", 'Unsupported value: "NOTREAL": supported values: "GET"')
    ],
    "standard/httproute/invalid-path-alphanum-specialchars-mix.yaml": [
        ("spec.rules[0].matches[0].path", "must only contain valid characters")
    ],
    "standard/httproute/invalid-path-specialchars.yaml": [
        ("spec.rules[0].matches[0].path", "must only contain valid characters")
    ],
    "standard/httproute/invalid-request-redirect-with-backendref.yaml": [
        ("spec.rules[0]", "RequestRedirect filter must not be used together with backendRefs")
    ],
    "standard/referencegrant/missing-from.yaml": [("spec.from", "Required value")],
    "standard/referencegrant/missing-ns.yaml": [("spec.from[0].namespace", "Required value")],
    "standard/referencegrant/missing-to.yaml": [("spec.to", "Required value")],
    "standard/tlsroute/invalid-hostname.yaml": [
        ("spec.hostnames[0]", 'Invalid value: "http://a<": should match'),
        ("spec.hostnames", "Hostnames must be valid based on RFC-1123"),
    ],
    "standard/tlsroute/no-hostname.yaml": [("spec.hostnames", "Required value")],
    "experimental/httproute/invalid-filter-externalauth-bad-http-path.yaml": [
        ("spec.rules[0].filters[0].externalAuth.http.path", 'Invalid value: "/[]": should match')
    ],
    "experimental/httproute/invalid-filter-externalauth-empty.yaml": [
        ("spec.rules[0].filters[0]", "filter.externalAuth must be specified for ExternalAuth filter.type")
    ],
    "experimental/httproute/invalid-filter-externalauth-no-protocol.yaml": [
        ("spec.rules[0].filters[0].externalAuth.protocol", "Required value")
    ],
    "experimental/httproute/invalid-header-value.yaml": [
        ("spec.rules[0].filters[0].responseHeaderModifier.add[0].value", "should match '^[!-~]+([\\t ]?[!-~]+)*$'")
    ],
}


def test_every_invalid_example_has_an_expected_reason() -> None:
    base = shared(*RELEASE, "invalid")
    assert sorted(str(p.relative_to(base)) for p in base.rglob("*.yaml")) == sorted(INVALID)


def _channels(name: str) -> list[str]:
    # The experimental channel is a superset: what the standard one rejects, it rejects too.
    return ["standard", "experimental"] if name.startswith("standard/") else ["experimental"]


@pytest.mark.parametrize(
    ("name", "channel"), [pytest.param(n, c, id=f"{c}:{n}") for n in INVALID for c in _channels(n)]
)
def test_invalid_examples_are_rejected_for_their_reason(name: str, channel: str) -> None:
    path = shared(*RELEASE, "invalid", name)
    reports = validate_file(path, release_catalog(channel), engine())
    found = [(e.field, e.detail) for r in reports for e in r.errors]
    assert reports and not all(r.valid for r in reports)
    for field, words in INVALID[name]:
        assert any(f == field and words in detail for f, detail in found), f"{field}: {words!r} not in {found}"


def test_an_address_of_a_custom_type_is_accepted_beside_invalid_ones() -> None:
    # invalid-addresses.yaml ends with `type: example.com/custom`, `value: anything goes`: valid on its own.
    path = shared(*RELEASE, "invalid", "standard", "gateway", "invalid-addresses.yaml")
    (report,) = validate_file(path, release_catalog("standard"), engine())
    assert not [e for e in report.errors if e.field.startswith("spec.addresses[10]")]


def _golden(case: Any) -> list[dict[str, Any]]:
    # An `expected/` folder (a case run with --output-dir) holds several files.
    files = sorted(p for p in case.expected.rglob("*") if p.is_file()) if case.tree else [case.expected]
    return [obj for file in files for obj in _objects(file)]


def _objects(file: Any) -> list[dict[str, Any]]:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".json":
        document = json.loads(text)
        return list(document["items"]) if document.get("kind") == "List" else [document]
    return [d for d in load_all(text) if d]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases()])
def test_golden_outputs_are_accepted(case: Any) -> None:
    channel = "experimental" if "experimental" in case.args and "--channel" in case.args else "standard"
    validator = Validator(release_catalog(channel), engine())
    reports = [validator.validate(obj) for obj in _golden(case) if validator.claims(obj)]
    assert [f"{r.subject}: {e.field}: {e.detail}" for r in reports for e in r.errors] == []
