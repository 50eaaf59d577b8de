"""Structural schema validation, table-driven: types, enums, sizes, patterns, formats, list types, unknown fields,
nulls, defaults, junctors, metadata, versions. Each case is a spec schema, a value and the exact errors."""

from __future__ import annotations

from typing import Any

import pytest
from validate_support import catalog_of, check, crd, errors_of, widget

from migrate.apiserver.validate import Validator

S = {"type": "string"}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


TYPES = [
    pytest.param(S, 1, [("spec.a", "Invalid value: 1: must be of type string")], id="string-given-int"),
    pytest.param({"type": "integer"}, "1", [("spec.a", 'Invalid value: "1": must be of type integer')], id="int-str"),
    pytest.param({"type": "integer"}, 2.0, [], id="integral-float-is-an-integer"),
    pytest.param({"type": "integer"}, 2.5, [("spec.a", "Invalid value: 2.5: must be of type integer")], id="int-float"),
    pytest.param(
        {"type": "integer"}, True, [("spec.a", "Invalid value: true: must be of type integer")], id="int-bool"
    ),
    pytest.param({"type": "number"}, 1, [], id="number-int"),
    pytest.param(
        {"type": "boolean"}, "true", [("spec.a", 'Invalid value: "true": must be of type boolean')], id="bool"
    ),
    pytest.param({"type": "object"}, [], [("spec.a", "Invalid value: []: must be of type object")], id="object-list"),
    pytest.param({"type": "array"}, {}, [("spec.a", "Invalid value: {}: must be of type array")], id="array-object"),
    pytest.param({"x-kubernetes-int-or-string": True}, 8080, [], id="int-or-string-int"),
    pytest.param({"x-kubernetes-int-or-string": True}, "http", [], id="int-or-string-str"),
    pytest.param(
        {"x-kubernetes-int-or-string": True},
        1.5,
        [("spec.a", "Invalid value: 1.5: must be of type integer or string")],
        id="int-or-string-float",
    ),
    pytest.param({"type": "string", "nullable": True}, None, [], id="nullable-null"),
]

VALUES = [
    pytest.param(
        {"type": "string", "enum": ["A", "B"]},
        "C",
        [("spec.a", 'Unsupported value: "C": supported values: "A", "B"')],
        id="enum",
    ),
    pytest.param({"type": "integer", "enum": [1, 2]}, 2, [], id="enum-int"),
    pytest.param({"enum": [1]}, "1", [("spec.a", 'Unsupported value: "1": supported values: 1')], id="enum-typed"),
    pytest.param(
        {"type": "string", "maxLength": 3},
        "abcd",
        [("spec.a", "Too long: may not be more than 3 characters")],
        id="max",
    ),
    pytest.param({"type": "string", "maxLength": 3}, "ééé", [], id="maxLength-counts-characters"),
    pytest.param(
        {"type": "string", "minLength": 1},
        "",
        [("spec.a", 'Invalid value: "": should be at least 1 chars long')],
        id="min",
    ),
    pytest.param({"type": "string", "pattern": "b"}, "abc", [], id="pattern-is-a-search"),
    pytest.param(
        {"type": "string", "pattern": "^a$"},
        "a\n",
        [("spec.a", "Invalid value: \"a\\n\": should match '^a$'")],
        id="pattern-dollar-is-end-of-text",
    ),
    pytest.param(
        {"type": "string", "pattern": r"^\d+$"},
        "١٢",
        [("spec.a", "Invalid value: \"١٢\": should match '^\\d+$'")],
        id="pattern-digits-are-ascii",
    ),
    pytest.param({"type": "string", "format": "ipv4"}, "010.1.1.1", [], id="ipv4-leading-zeros-as-kubernetes"),
    pytest.param(
        {"type": "string", "format": "ipv4"},
        "1.1.1",
        [("spec.a", 'Invalid value: "1.1.1": must be of type ipv4')],
        id="ip",
    ),
    pytest.param({"type": "string", "format": "not-a-format"}, "x", [], id="unsupported-format-ignored"),
    pytest.param({"type": "integer", "format": "int32"}, 2**40, [], id="int32-is-not-a-range-check"),
    pytest.param(
        {"type": "integer", "maximum": 10},
        11,
        [("spec.a", "Invalid value: 11: should be less than or equal to 10")],
        id="max",
    ),
    pytest.param(
        {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
        1,
        [("spec.a", "Invalid value: 1: should be greater than 1")],
        id="exclusive-minimum",
    ),
    pytest.param(
        {"type": "number", "multipleOf": 0.5},
        1.25,
        [("spec.a", "Invalid value: 1.25: should be a multiple of 0.5")],
        id="mul",
    ),
    pytest.param(
        {"type": "array", "maxItems": 1, "items": S},
        ["x", "y"],
        [("spec.a", "Too many: 2: must have at most 1 items")],
        id="maxItems",
    ),
    pytest.param(
        {"type": "array", "minItems": 1, "items": S},
        [],
        [("spec.a", "Invalid value: []: should have at least 1 items")],
        id="min",
    ),
    pytest.param(
        {"type": "object", "maxProperties": 1, "additionalProperties": S},
        {"x": "1", "y": "2"},
        [("spec.a", "Too many: 2: must have at most 1 properties")],
        id="maxProperties",
    ),
    pytest.param(
        {"type": "object", "additionalProperties": {"type": "string", "maxLength": 1}},
        {"ok": "1", "key.with/slash": "22"},
        [("spec.a[key.with/slash]", "Too long: may not be more than 1 characters")],
        id="map-values-are-keys-in-the-path",
    ),
    pytest.param(
        {"type": "object", "required": ["x"], "properties": {"x": S, "y": S}},
        {"y": "1"},
        [("spec.a.x", "Required value")],
        id="required",
    ),
]


@pytest.mark.parametrize(("schema", "value", "expected"), TYPES + VALUES)
def test_value_validations(schema: dict[str, Any], value: Any, expected: list[tuple[str, str]]) -> None:
    assert check({"a": value}, obj(a=schema), cel=False) == expected


LIST_TYPES = [
    pytest.param("set", None, ["a", "b", "a", "a"], [("spec.a[2]", 'Duplicate value: "a"')], id="set-reports-once"),
    pytest.param("set", None, [1, 1.0], [("spec.a[1]", "Duplicate value: 1.0")], id="set-numbers-compare-as-json"),
    pytest.param("set", None, [True, 1], [], id="set-true-is-not-1"),
    pytest.param("atomic", None, ["a", "a"], [], id="atomic-allows-repeats"),
    pytest.param(
        "map",
        ["name"],
        [{"name": "x", "v": 1}, {"name": "x", "v": 2}],
        [("spec.a[1]", 'Duplicate value: {"name":"x"}')],
        id="map-by-key",
    ),
    pytest.param(
        "map",
        ["group", "kind"],
        [{"group": "", "kind": "A"}, {"group": "", "kind": "B"}, {"kind": "A", "group": ""}],
        [("spec.a[2]", 'Duplicate value: {"group":"","kind":"A"}')],
        id="map-by-several-keys",
    ),
]


@pytest.mark.parametrize(("list_type", "keys", "value", "expected"), LIST_TYPES)
def test_list_type_uniqueness(list_type: str, keys: list[str] | None, value: Any, expected: list[Any]) -> None:
    items: dict[str, Any] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True} if keys else {}
    schema: dict[str, Any] = {"type": "array", "items": items, "x-kubernetes-list-type": list_type}
    if keys:
        schema["x-kubernetes-list-map-keys"] = keys
    assert check({"a": value}, obj(a=schema), cel=False) == expected


UNKNOWN = [
    pytest.param({"a": "x", "b": 1}, obj(a=S), [("spec.b", 'unknown field "spec.b"')], id="property"),
    pytest.param(
        {"l": [{"a": "x"}, {"a": "y", "zz": 1}]},
        obj(l={"type": "array", "items": obj(a=S)}),
        [("spec.l[1].zz", 'unknown field "spec.l[1].zz"')],
        id="in-a-list-item",
    ),
    pytest.param({"m": {"any": 1}}, obj(m={"type": "object", "additionalProperties": True}), [], id="additional-true"),
    pytest.param(
        {"m": {"any": {"deep": 1}}},
        obj(m={"type": "object", "x-kubernetes-preserve-unknown-fields": True}),
        [],
        id="preserve",
    ),
    pytest.param(
        {"m": {"any": 1}}, obj(m={"type": "object"}), [("spec.m.any", 'unknown field "spec.m.any"')], id="bare"
    ),
]


@pytest.mark.parametrize(("spec", "schema", "expected"), UNKNOWN)
def test_unknown_fields_are_reported_as_strict_field_validation_does(spec: Any, schema: Any, expected: Any) -> None:
    assert check(spec, schema, cel=False) == expected


def test_unknown_fields_at_the_root_and_in_metadata() -> None:
    report = Validator(catalog_of(crd(obj(a=S))), None).validate(
        {**widget({"a": "x"}), "extra": 1, "metadata": {"name": "w", "labelz": {}}}
    )
    assert errors_of(report) == [
        ("extra", 'unknown field "extra"'),
        ("metadata.labelz", 'unknown field "metadata.labelz"'),
    ]


def test_status_is_dropped_on_create_when_the_version_has_a_status_subresource() -> None:
    with_status = crd(obj(a=S), subresources={"status": {}})
    report = Validator(catalog_of(with_status), None).validate({**widget({"a": "x"}), "status": {"bogus": 1}})
    assert report.valid
    without = Validator(catalog_of(crd(obj(a=S))), None).validate({**widget({"a": "x"}), "status": {"bogus": 1}})
    assert errors_of(without) == [("status", 'unknown field "status"')]


NULLS = [
    pytest.param(obj(a=S), {"a": None}, [], id="non-nullable-null-is-dropped"),
    pytest.param({**obj(a=S), "required": ["a"]}, {"a": None}, [("spec.a", "Required value")], id="then-required"),
    pytest.param(
        obj(l={"type": "array", "items": S}),
        {"l": [None]},
        [("spec.l[0]", "Invalid value: null: must be of type string")],
        id="in-a-list",
    ),
]


@pytest.mark.parametrize(("schema", "spec", "expected"), NULLS)
def test_nulls(schema: Any, spec: Any, expected: Any) -> None:
    assert check(spec, schema, cel=False) == expected


ALTERNATIVES = {
    "oneOf": [
        {"properties": {"t": {"enum": ["IP"]}, "v": {"format": "ipv4"}}},
        {"properties": {"t": {"not": {"enum": ["IP"]}}}},
    ],
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param({"t": "IP", "v": "1.2.3.4"}, [], id="first-alternative"),
        pytest.param({"t": "Name", "v": "x"}, [], id="second-alternative"),
        pytest.param(
            {"t": "IP", "v": "x"},
            [
                (
                    "spec.a",
                    'Invalid value: {"t":"IP","v":"x"}: must validate one and only one schema (oneOf). '
                    "Found none valid",
                ),
                ("spec.a.v", 'Invalid value: "x": must be of type ipv4'),
            ],
            id="none-explains-the-closest",
        ),
    ],
)
def test_one_of(value: Any, expected: Any) -> None:
    schema = {"type": "object", "properties": {"t": S, "v": S}, **ALTERNATIVES}
    assert check({"a": value}, obj(a=schema), cel=False) == expected


def test_any_of_and_not() -> None:
    schema = obj(
        a={"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
        b={"type": "string", "not": {"enum": ["x"]}},
    )
    assert check({"a": "::1", "b": "y"}, schema, cel=False) == []
    assert check({"a": "host", "b": "x"}, schema, cel=False) == [
        (
            "spec.a",
            'Invalid value: "host": must validate at least one schema (anyOf): '
            "must be of type ipv4, or must be of type ipv6",
        ),
        ("spec.b", 'Invalid value: "x": must not validate the schema (not)'),
    ]


METADATA = [
    pytest.param({"name": "Bad_Name"}, "metadata.name", 'Invalid value: "Bad_Name": a lowercase RFC 1123', id="name"),
    pytest.param({"generateName": "gen-"}, None, "", id="generateName-may-end-in-a-dash"),
    pytest.param({"generateName": "-"}, "metadata.generateName", 'Invalid value: "-"', id="generateName-dash-alone"),
    pytest.param({}, "metadata.name", "Required value: name or generateName is required", id="no-name"),
    pytest.param({"name": "w", "namespace": "Bad"}, "metadata.namespace", "a lowercase RFC 1123 label", id="namespace"),
    pytest.param({"name": "w", "labels": {"app": "a b"}}, "metadata.labels[app]", "a valid label", id="label-value"),
    pytest.param({"name": "w", "labels": {"-x": "1"}}, "metadata.labels", 'Invalid value: "-x": name part', id="key"),
    pytest.param({"name": "w", "annotations": {"a": 1}}, "metadata.annotations[a]", "must be of type", id="annotation"),
]


@pytest.mark.parametrize(("meta", "field", "words"), METADATA)
def test_metadata(meta: dict[str, Any], field: str | None, words: str) -> None:
    report = Validator(catalog_of(crd(obj(a=S))), None).validate({**widget({}), "metadata": meta})
    found = errors_of(report)
    if field is None:
        assert found == []
    else:
        assert any(f == field and words in d for f, d in found), found


def test_a_namespace_on_a_cluster_scoped_kind_is_dropped_not_checked() -> None:
    catalog = catalog_of(crd(obj(a=S), scope="Cluster"))
    report = Validator(catalog, None).validate({**widget({}), "metadata": {"name": "w", "namespace": "Not_Checked"}})
    assert report.valid
    assert report.namespace is None


@pytest.mark.parametrize(
    ("data", "field", "detail"),
    [
        pytest.param(
            widget({}) | {"apiVersion": "example.com/v2"},
            "kind",
            'no matches for kind "Widget" in version "example.com/v2" (the Widget CRD serves v1)',
            id="version",
        ),
        pytest.param(
            widget({}) | {"kind": "Gadget"},
            "kind",
            'no matches for kind "Gadget" in version "example.com/v1" (the CRDs define Widget; install the '
            "CRD or check the --crds files)",
            id="kind",
        ),
        pytest.param(
            {k: v for k, v in widget({}).items() if k != "apiVersion"},
            "apiVersion",
            "Required value: apiVersion not set",
            id="no-apiVersion",
        ),
    ],
)
def test_the_crd_version_is_chosen_by_apiVersion(data: dict[str, Any], field: str, detail: str) -> None:
    assert errors_of(Validator(catalog_of(crd(obj(a=S))), None).validate(data)) == [(field, detail)]


def test_an_unserved_version_is_refused_and_a_deprecated_one_warns() -> None:
    definition = crd(obj(a=S))
    versions = definition["spec"]["versions"]
    versions.append({**versions[0], "name": "v1beta1", "deprecated": True, "deprecationWarning": "use v1"})
    versions.append({**versions[0], "name": "v1alpha1", "served": False})
    validator = Validator(catalog_of(definition), None)
    beta = validator.validate(widget({}) | {"apiVersion": "example.com/v1beta1"})
    assert beta.valid and beta.warnings == ("use v1",)
    alpha = validator.validate(widget({}) | {"apiVersion": "example.com/v1alpha1"})
    assert [e.field for e in alpha.errors] == ["kind"]


def test_objects_of_other_groups_are_not_claimed() -> None:
    validator = Validator(catalog_of(crd(obj(a=S))), None)
    assert validator.claims(widget({}))
    assert validator.claims({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute"})
    assert not validator.claims({"apiVersion": "networking.istio.io/v1", "kind": "Gateway"})
    assert not validator.claims({"apiVersion": "v1", "kind": "Service"})
    assert validator.claims({"kind": "Widget"})  # no apiVersion: refused with a reason, not skipped


def test_the_input_object_is_not_changed() -> None:
    data = widget({"a": None, "extra": 1})
    before = repr(data)
    Validator(catalog_of(crd(obj(a={"type": "string", "default": "d"}))), None).validate(data)
    assert repr(data) == before


def test_a_pattern_the_translation_cannot_express_is_skipped_and_listed() -> None:
    catalog = catalog_of(
        crd(obj(a={"type": "string", "pattern": "^\\p{Greek}+$"}, b={"type": "string", "maxLength": 1}))
    )
    report = Validator(catalog, None).validate(widget({"a": "not greek", "b": "xx"}))
    assert errors_of(report) == [("spec.b", "Too long: may not be more than 1 characters")]
    assert catalog.unchecked_patterns() == [
        "pattern '^\\\\p{Greek}+$': \\p{Greek}: only Unicode general categories are supported"
    ]
