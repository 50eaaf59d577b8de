"""x-kubernetes-validations: defaults before CEL, messages, fieldPath and reason, transition rules, escaping, the
blocking errors that stop CEL, evaluation errors, and the Kubernetes CEL library."""

from __future__ import annotations

from typing import Any

import pytest
from validate_support import catalog_of, check, crd, engine, errors_of, widget

from migrate.apiserver.celsource import escape, rewrite
from migrate.apiserver.validate import CEL_SKIPPED, Validator

S = {"type": "string"}


def ruled(rules: list[dict[str, Any]], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "x-kubernetes-validations": rules}


def test_defaults_are_applied_before_the_rules() -> None:
    schema = ruled(
        [{"rule": "self.mode == 'Terminate' && self.inner.port == 80", "message": "defaults were not seen"}],
        mode={"type": "string", "default": "Terminate"},
        inner={"type": "object", "default": {}, "properties": {"port": {"type": "integer", "default": 80}}},
    )
    assert check({}, schema) == []
    assert check({"mode": "Passthrough"}, schema) == [("spec", 'Invalid value: "object": defaults were not seen')]


def test_a_null_with_a_default_is_defaulted_but_a_nullable_null_is_kept() -> None:
    schema = ruled(
        [{"rule": "self.a == 'd' && !has(self.b)", "message": "m"}],
        a={"type": "string", "default": "d"},
        b={"type": "string"},
    )
    assert check({"a": None, "b": None}, schema) == []
    nullable = ruled(
        [{"rule": "self.a == null", "message": "m"}], a={"type": "string", "default": "d", "nullable": True}
    )
    assert check({"a": None}, nullable) == []


MESSAGES = [
    pytest.param({"rule": "self.a == 'x'"}, "Invalid value: \"object\": failed rule: self.a == 'x'", id="no-message"),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "a must be x"}, 'Invalid value: "object": a must be x', id="message"
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "m", "messageExpression": "'a is ' + self.a"},
        'Invalid value: "object": a is y',
        id="messageExpression",
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "fallback", "messageExpression": "self.missing"},
        'Invalid value: "object": fallback',
        id="messageExpression-error-falls-back",
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "fallback", "messageExpression": "'  '"},
        'Invalid value: "object": fallback',
        id="messageExpression-blank-falls-back",
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "m", "reason": "FieldValueForbidden"}, "Forbidden: m", id="forbidden"
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "m", "reason": "FieldValueRequired"}, "Required value: m", id="req"
    ),
    pytest.param(
        {"rule": "self.a == 'x'", "message": "m", "reason": "FieldValueDuplicate"},
        'Duplicate value: "object": m',
        id="dup",
    ),
]


@pytest.mark.parametrize(("rule", "detail"), MESSAGES)
def test_failure_messages(rule: dict[str, Any], detail: str) -> None:
    assert check({"a": "y"}, ruled([rule], a=S)) == [("spec", detail)]


@pytest.mark.parametrize(
    ("field_path", "shown"),
    [
        pytest.param(".a", "spec.a", id="property"),
        pytest.param(".m['k.1']", "spec.m[k.1]", id="map-key"),
        pytest.param(".inner.port", "spec.inner.port", id="nested"),
    ],
)
def test_field_path_moves_the_error(field_path: str, shown: str) -> None:
    schema = ruled(
        [{"rule": "false", "message": "m", "fieldPath": field_path}],
        a=S,
        m={"type": "object", "additionalProperties": S},
        inner={"type": "object", "properties": {"port": {"type": "integer"}}},
    )
    assert check({"a": "x"}, schema) == [(shown, 'Invalid value: "object": m')]


def test_transition_rules_are_skipped_on_create_unless_old_self_is_optional() -> None:
    schema = ruled([{"rule": "self == oldSelf", "message": "immutable"}], a=S)
    assert check({"a": "x"}, schema) == []
    optional = ruled([{"rule": "!oldSelf.hasValue() && self.a == 'y'", "message": "m", "optionalOldSelf": True}], a=S)
    assert check({"a": "x"}, optional) == [("spec", 'Invalid value: "object": m')]
    assert check({"a": "y"}, optional) == []


def test_rules_run_on_list_items_and_map_values_with_their_paths() -> None:
    item = {"type": "string", "x-kubernetes-validations": [{"rule": "self != 'bad'", "message": "no"}]}
    schema = {
        "type": "object",
        "properties": {"l": {"type": "array", "items": item}, "m": {"type": "object", "additionalProperties": item}},
    }
    assert check({"l": ["ok", "bad"], "m": {"k": "bad"}}, schema) == [
        ("spec.l[1]", 'Invalid value: "string": no'),
        ("spec.m[k]", 'Invalid value: "string": no'),
    ]


def test_property_names_are_escaped_as_the_apiserver_escapes_them() -> None:
    schema = ruled(
        [{"rule": "self.__namespace__ == 'a' && self.x__dash__y == 'b' && self.p__dot__q == 'c'", "message": "m"}],
        **{"namespace": S, "x-y": S, "p.q": S},
    )
    assert check({"namespace": "a", "x-y": "b", "p.q": "c"}, schema) == []


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("namespace", "__namespace__"),
        ("a-b", "a__dash__b"),
        ("a__b", "a__underscores__b"),
        ("a/b", "a__slash__b"),
        ("a.b", "a__dot__b"),
        ("plain", "plain"),
        ("1st", None),
        ("a b", None),
        ("", None),
    ],
)
def test_escape(name: str, escaped: str | None) -> None:
    assert escape(name) == escaped


def test_the_root_sees_only_name_and_generate_name_of_metadata() -> None:
    rules = [{"rule": "self.metadata.name.startsWith('gen-') && !has(self.metadata.labels)", "message": "m"}]
    definition = crd(S)
    definition["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["x-kubernetes-validations"] = rules
    validator = Validator(catalog_of(definition), engine())
    generated = {**widget("x"), "metadata": {"generateName": "gen-", "labels": {"a": "b"}}}
    assert validator.validate(generated).valid  # the name is generated before validation


def test_blocking_errors_stop_the_rules_and_say_so() -> None:
    schema = ruled(
        [{"rule": "false", "message": "never shown"}], a={"type": "string", "enum": ["x"]}, b={"type": "integer"}
    )
    assert check({"a": "y"}, schema) == [
        ("spec.a", 'Unsupported value: "y": supported values: "x"'),
        ("<object>", CEL_SKIPPED),
    ]
    assert check({"b": "1"}, schema)[-1] == ("<object>", CEL_SKIPPED)


def test_pattern_and_minimum_errors_do_not_stop_the_rules() -> None:
    schema = ruled(
        [{"rule": "false", "message": "shown"}],
        a={"type": "string", "pattern": "^x$"},
        n={"type": "integer", "minimum": 5},
    )
    assert [f for f, _ in check({"a": "y", "n": 1}, schema)] == ["spec.a", "spec.n", "spec"]


@pytest.mark.parametrize(
    ("rule", "detail"),
    [
        pytest.param("self.missing == 'x'", "no such key: missing evaluating rule: self.missing == 'x'", id="key"),
        pytest.param(
            "self.a + 1 == 2",
            "'no such overload': call arguments did not match a supported operator, "
            "function or macro signature for rule: self.a + 1 == 2",
            id="overload",
        ),
        pytest.param(
            "self.a.substring(5) == ''",
            "index out of range: 5 evaluating rule: self.a.substring(5) == ''",
            id="library-error",
        ),
    ],
)
def test_evaluation_errors_are_errors_of_the_object(rule: str, detail: str) -> None:
    assert check({"a": "y"}, ruled([{"rule": rule}], a=S)) == [("spec", f'Invalid value: "object": {detail}')]


def test_a_rule_the_engine_cannot_compile_is_reported_as_not_checked() -> None:
    rule = "has(self.?a)"  # optional field selection: valid Kubernetes CEL the engine does not parse
    validator = Validator(catalog_of(crd(ruled([{"rule": rule}], a=S))), engine())
    assert validator.validate(widget({"a": "x"})).valid
    assert rule in engine().unchecked


def test_exists_one_propagates_an_error_from_a_missing_field() -> None:
    # Gateway API's listener rules lean on this: an error inside exists_one is an error, not false.
    schema = ruled(
        [{"rule": "self.l.all(a, self.l.exists_one(b, a.n == b.n))", "message": "m"}],
        l={"type": "array", "items": {"type": "object", "properties": {"n": S, "o": S}}},
    )
    assert check({"l": [{"n": "a"}, {"o": "b"}]}, schema)[0][1].startswith('Invalid value: "object": no such key: n')
    assert check({"l": [{"n": "a"}, {"n": "b"}]}, schema) == []


# -- the Kubernetes CEL library and the calls rewritten for it ----------------------------------------------

LIBRARY = [
    ("'a/b/c'.split('/') == ['a', 'b', 'c']", True),
    ("'a/b/c'.split('/', 2) == ['a', 'b/c']", True),
    ("'*.example.com'.substring(2) == 'example.com'", True),
    ("'héllo'.substring(1, 3) == 'él'", True),
    ("'héllo'.size() == 5 && size('héllo') == 5", True),
    ("'\u0661'.matches('\\\\d')", False),  # ARABIC-INDIC DIGIT ONE is no \\d in RE2
    ("'A'.matches('(?i)a')", True),
    ("'Hello'.lowerAscii() == 'hello' && 'é'.upperAscii() == 'é'", True),
    ("'abcabc'.indexOf('c') == 2 && 'abcabc'.lastIndexOf('c') == 5", True),
    ("'a-b'.replace('-', '_') == 'a_b' && ['a', 'b'].join('.') == 'a.b' && '  x '.trim() == 'x'", True),
    ("isIP('10.0.0.1') && isIP('::1') && !isIP('010.0.0.1') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0')", True),
    ("ip('10.0.0.1').family() == 4 && ip('::1').isLoopback() && ip('0.0.0.0').isUnspecified()", True),
    ("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", True),
    ("cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')", True),
    ("isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0') && cidr('10.0.0.0/8').prefixLength() == 8", True),
    ("isURL('https://example.com:8443/a?b=c') && url('https://example.com:8443/a').getPort() == '8443'", True),
    ("url('https://example.com/a').getHostname() == 'example.com' && !isURL('not a url')", True),
    ("quantity('1Gi').isGreaterThan(quantity('1G')) && quantity('500m').isLessThan(quantity('1'))", True),
    ("quantity('2k').asInteger() == 2000 && isQuantity('1.5Mi') && !isQuantity('1.5 Mi')", True),
    ("format.dns1123Label().validate('ok-name') == optional.none()", True),
    ("format.dns1123Label().validate('Not_OK').hasValue()", True),
    # The apiserver returns optional.none() for a valid name, which is not null (XBackend's port-name rule).
    ("format.dns1123Label().validate('ok-name') == null", False),
    ("format.named('dns1123Subdomain').value().validate('a.b') == optional.none()", True),
    ("[1, 2, 3].isSorted() && [3, 1].max() == 3 && [3, 1].min() == 1 && [1, 2].sum() == 3", True),
    ("'abc123'.find('[0-9]+') == '123' && 'a1b2'.findAll('[0-9]') == ['1', '2']", True),
]


@pytest.mark.parametrize(("expression", "expected"), [pytest.param(e, r, id=e[:60]) for e, r in LIBRARY])
def test_library(expression: str, expected: bool) -> None:
    program = engine().compiled(expression)
    engine().bind(None)
    assert engine().evaluate(program) is expected


REWRITES = [
    ("size(self) > 0", "_k8s_size(self) > 0"),
    ("self.x.size() < 3", "self.x._k8s_size() < 3"),
    ("self.matches('a')", "self._k8s_matches('a')"),
    ("self[0].matches.size() == 1", "self[0].matches._k8s_size() == 1"),  # a field named matches
    ("has(self.size)", "has(self.size)"),
    ("'size(x)' == \"matches(\" && r'size(' != '''size('''", "'size(x)' == \"matches(\" && r'size(' != '''size('''"),
    ("self.a // size(x)\n && size (y)", "self.a // size(x)\n && _k8s_size (y)"),
]


@pytest.mark.parametrize(("source", "rewritten"), REWRITES)
def test_rewrite_renames_calls_only(source: str, rewritten: str) -> None:
    assert rewrite(source) == rewritten


def test_no_engine_runs_every_structural_check_and_marks_the_rules_unchecked() -> None:
    schema = ruled([{"rule": "false", "message": "m"}], a={"type": "string", "maxLength": 1})
    report = Validator(catalog_of(crd(schema)), None).validate(widget({"a": "xx"}))
    assert errors_of(report) == [("spec.a", "Too long: may not be more than 1 characters")]
    assert report.cel_unchecked


# -- what is handed to the engine ---------------------------------------------------------------------------

OBJ = {"type": "object", "properties": {"x": {"type": "object", "properties": {"y": {"type": "integer"}}}}}


def test_comparing_whole_objects_sees_fields_the_rule_does_not_name() -> None:
    # Only `a` and `b` are named; `y` must still reach the engine, or the two would look equal.
    schema = ruled([{"rule": "self.a == self.b", "message": "differ"}], a=OBJ, b=OBJ)
    assert check({"a": {"x": {"y": 1}}, "b": {"x": {"y": 2}}}, schema) == [("spec", 'Invalid value: "object": differ')]
    assert check({"a": {"x": {"y": 1}}, "b": {"x": {"y": 1}}}, schema) == []


@pytest.mark.parametrize(
    ("rule", "reached"),
    [
        pytest.param(
            "self.t == 'A' ? has(self.a) : true", {"self", "t", "A", "has", "a", "true"}, id="scalar-and-literal"
        ),
        pytest.param("self.l.all(i, i.t != self.t)", {"self", "l", "all", "i", "t"}, id="scalar-property"),
        pytest.param("self.t in ['A', 'B']", {"self", "t", "in", "A", "B"}, id="in"),
        pytest.param("self.o == self.p", None, id="objects"),
        pytest.param("(has(self.t)) == (has(self.a))", None, id="unknown-operands"),
        pytest.param("self.l == [self.o]", None, id="lists"),
    ],
)
def test_reach(rule: str, reached: set[str] | None) -> None:
    from migrate.apiserver.celsource import reach
    from migrate.apiserver.schema import compile_schema

    item = {"type": "object", "properties": {"t": S}}
    node = compile_schema(ruled([{"rule": rule}], t=S, a=OBJ, o=OBJ, p=OBJ, l={"type": "array", "items": item}))
    assert reach(node) == (frozenset(reached) if reached is not None else None)


def test_narrow_drops_unnamed_properties_and_keeps_map_keys() -> None:
    from migrate.apiserver.celsource import narrow
    from migrate.apiserver.schema import compile_schema

    node = compile_schema({"type": "object", "properties": {"keep": OBJ, "drop": S,
                           "m": {"type": "object", "additionalProperties": OBJ}}})  # fmt: skip
    view = {"keep": {"x": {"y": 1}}, "drop": "z", "m": {"any": {"x": {"y": 2}}}}
    assert narrow(view, node, frozenset({"keep", "x", "m"})) == {"keep": {"x": {}}, "m": {"any": {"x": {}}}}
