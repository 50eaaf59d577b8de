"""An object walked against a compiled schema, in the apiserver's order for a create request.

1. `prepare` (decoding): prune fields the schema does not declare, reporting each as strict field
   validation does; drop `null`s of non-nullable fields that have no default; apply defaults
   (apiextensions `pruning.Prune`, `defaulting.PruneNonNullableNullsWithoutDefaults`, `defaulting.Default`).
2. `check`: the OpenAPI value validations (kube-openapi `validate`) and the `x-kubernetes-list-type`
   uniqueness of sets and maps (`listtype.ValidateListSetsAndMaps`), in one pass.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from migrate.apiserver import fielderrors as fe
from migrate.apiserver.fielderrors import FieldError, MapKey, Path, canonical
from migrate.apiserver.schema import NO_DEFAULT, Node

RESOURCE_FIELDS = ("apiVersion", "kind", "metadata")


def prepare(obj: dict[str, Any], root: Node) -> list[FieldError]:
    """Prune, drop nulls and default `obj` in place; return the unknown fields that were pruned."""
    unknown: list[FieldError] = []
    _prepare_object(obj, root, (), unknown, resource=True)
    return unknown


def _prepare(value: Any, node: Node, path: Path, unknown: list[FieldError]) -> None:
    if isinstance(value, dict):
        _prepare_object(value, node, path, unknown, resource=node.embedded)
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            _prepare(item, node.items, (*path, index), unknown)


def _prepare_object(value: dict[str, Any], node: Node, path: Path, unknown: list[FieldError], resource: bool) -> None:
    properties = node.properties or {}
    keep_unknown = node.additional_allowed or node.preserve_unknown
    for key in list(value):
        if resource and key in RESOURCE_FIELDS:
            continue  # kept at a resource root; metadata has its own rules (migrate.apiserver.objectmeta)
        child = properties.get(key)
        if child is None and node.additional is not None:
            child = node.additional
        if child is None:
            if not keep_unknown:
                del value[key]
                unknown.append(fe.unknown_field((*path, key)))
            continue
        if value[key] is None and not child.nullable and child.default is NO_DEFAULT:
            del value[key]
    for key, prop in properties.items():
        if prop.default is not NO_DEFAULT and (value.get(key) is None and not (key in value and prop.nullable)):
            value[key] = copy.deepcopy(prop.default)
    for key, item in value.items():
        if resource and key in RESOURCE_FIELDS:
            continue
        child = properties.get(key) or node.additional
        if child is not None and isinstance(item, dict | list):
            _prepare(item, child, (*path, key if key in properties else MapKey(key)), unknown)


# -- value validation -------------------------------------------------------------------------------------

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def _type_ok(value: Any, node: Node) -> bool:
    if node.int_or_string:
        return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    expected = node.type
    if expected is None:
        return True
    if expected == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, _TYPES.get(expected, (object,)))


def check(value: Any, node: Node, path: Path, errors: list[FieldError]) -> None:
    """Append every schema violation of `value` (already prepared) to `errors`."""
    if value is None:
        if not node.nullable and (node.type or node.int_or_string):
            expected = "integer or string" if node.int_or_string else node.type
            errors.append(fe.type_invalid(path, None, f"must be of type {expected}"))
        return
    if not _type_ok(value, node):
        expected = "integer or string" if node.int_or_string else node.type
        errors.append(fe.type_invalid(path, value, f"must be of type {expected}"))
        return
    if node.enum is not None and canonical(value) not in node.enum_keys:
        errors.append(fe.not_supported(path, value, list(node.enum)))
    if isinstance(value, str):
        _check_string(value, node, path, errors)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, node, path, errors)
    elif isinstance(value, list):
        _check_list(value, node, path, errors)
    elif isinstance(value, dict):
        _check_object(value, node, path, errors)
    if node.all_of or node.any_of or node.one_of or node.not_ is not None:
        _check_junctors(value, node, path, errors)


def _check_string(value: str, node: Node, path: Path, errors: list[FieldError]) -> None:
    # kube-openapi counts characters (runes), not bytes.
    if node.max_length is not None and len(value) > node.max_length:
        errors.append(fe.too_long(path, node.max_length))
    if node.min_length is not None and len(value) < node.min_length:
        errors.append(fe.invalid(path, value, f"should be at least {node.min_length} chars long"))
    if node.matcher is not None and not node.matcher.search(value):
        errors.append(fe.invalid(path, value, f"should match '{node.pattern}'"))
    if node.format_ok is not None and not node.format_ok(value):
        errors.append(fe.invalid(path, value, f"must be of type {node.format}"))


def _check_number(value: float, node: Node, path: Path, errors: list[FieldError]) -> None:
    if node.maximum is not None:
        if node.exclusive_maximum and value >= node.maximum:
            errors.append(fe.invalid(path, value, f"should be less than {_number(node.maximum)}"))
        elif value > node.maximum:
            errors.append(fe.invalid(path, value, f"should be less than or equal to {_number(node.maximum)}"))
    if node.minimum is not None:
        if node.exclusive_minimum and value <= node.minimum:
            errors.append(fe.invalid(path, value, f"should be greater than {_number(node.minimum)}"))
        elif value < node.minimum:
            errors.append(fe.invalid(path, value, f"should be greater than or equal to {_number(node.minimum)}"))
    if node.multiple_of and not _is_multiple(value, node.multiple_of):
        errors.append(fe.invalid(path, value, f"should be a multiple of {_number(node.multiple_of)}"))


def _number(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _is_multiple(value: float, factor: float) -> bool:
    quotient = value / factor
    return math.isclose(quotient, round(quotient), rel_tol=0, abs_tol=1e-9)


def _check_list(value: list[Any], node: Node, path: Path, errors: list[FieldError]) -> None:
    if node.max_items is not None and len(value) > node.max_items:
        errors.append(fe.too_many(path, len(value), node.max_items))
    if node.min_items is not None and len(value) < node.min_items:
        errors.append(fe.invalid(path, value, f"should have at least {node.min_items} items"))
    if node.items is not None:
        for index, item in enumerate(value):
            check(item, node.items, (*path, index), errors)
    if node.list_type in ("set", "map"):
        errors.extend(list_duplicates(value, node, path))


def _check_object(value: dict[str, Any], node: Node, path: Path, errors: list[FieldError]) -> None:
    if node.max_properties is not None and len(value) > node.max_properties:
        errors.append(fe.too_many(path, len(value), node.max_properties, "properties"))
    if node.min_properties is not None and len(value) < node.min_properties:
        errors.append(fe.invalid(path, value, f"should have at least {node.min_properties} properties"))
    for name in node.required:
        if name not in value:
            errors.append(fe.required((*path, name)))
    properties = node.properties or {}
    for key, item in value.items():
        if key in properties:
            check(item, properties[key], (*path, key), errors)
        elif node.additional is not None:
            check(item, node.additional, (*path, MapKey(key)), errors)


def _branch(value: Any, node: Node, path: Path) -> list[FieldError]:
    found: list[FieldError] = []
    check(value, node, path, found)
    return found


def _best(value: Any, branches: tuple[Node, ...], results: list[list[FieldError]]) -> list[FieldError]:
    """The failures of the alternative that came closest, to explain an anyOf/oneOf failure: the one with
    the most properties that did match (its discriminator, typically), then the fewest errors."""

    def score(item: tuple[Node, list[FieldError]]) -> tuple[int, int]:
        node, errors = item
        failed = {e.path[len(e.path) - 1] for e in errors if e.path}
        matched = [k for k in (node.properties or {}) if isinstance(value, dict) and k in value and k not in failed]
        return (len(matched), -len(errors))

    return max(zip(branches, results, strict=True), key=score)[1]


def _check_junctors(value: Any, node: Node, path: Path, errors: list[FieldError]) -> None:
    for sub in node.all_of:
        check(value, sub, path, errors)
    if node.any_of:
        results = [_branch(value, sub, path) for sub in node.any_of]
        if all(results):
            prefix = f"Invalid value: {fe.show(value)}: "
            if all(len(r) == 1 and r[0].path == path and r[0].detail.startswith(prefix) for r in results):
                # Alternatives that each fail one check on this very value (`format: ipv4` or `ipv6`): say all.
                reasons = ", or ".join(r[0].detail.removeprefix(prefix) for r in results)
                errors.append(fe.invalid(path, value, f"must validate at least one schema (anyOf): {reasons}"))
            else:
                errors.append(fe.invalid(path, value, "must validate at least one schema (anyOf)"))
                errors.extend(_best(value, node.any_of, results))
    if node.one_of:
        results = [_branch(value, sub, path) for sub in node.one_of]
        passed = sum(not r for r in results)
        if passed != 1:
            found = "Found none valid" if not passed else f"Found {passed} valid alternatives"
            errors.append(fe.invalid(path, value, f"must validate one and only one schema (oneOf). {found}"))
            if not passed:
                errors.extend(_best(value, node.one_of, results))
    if node.not_ is not None and not _branch(value, node.not_, path):
        errors.append(fe.invalid(path, value, "must not validate the schema (not)"))


def list_duplicates(value: list[Any], node: Node, path: Path) -> list[FieldError]:
    """Each repeated entry of an `x-kubernetes-list-type: set` or `map` list, once, at its second place."""
    seen: dict[str, int] = {}
    errors = []
    for index, item in enumerate(value):
        if node.list_type == "map":
            if not isinstance(item, dict):
                continue  # a type error, already reported
            shown: Any = {k: item[k] for k in node.list_map_keys if k in item}
        else:
            shown = item
        key = canonical(shown)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            errors.append(fe.duplicate((*path, index), shown))
    return errors
