"""ObjectMeta rules the apiserver applies to a custom resource on create, and the name checks behind them.

The wording is apimachinery's (`pkg/util/validation`, `pkg/api/validation/objectmeta.go`), so that an
error reads as `kubectl apply` would print it. These checks also back Kubernetes' CEL `format` library.
"""

from __future__ import annotations

import re
from typing import Any

from migrate.apiserver.fielderrors import (
    FieldError,
    MapKey,
    Path,
    invalid,
    required,
    too_long,
    type_invalid,
    unknown_field,
)

OBJECT_META_FIELDS = frozenset(
    {
        "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
        "finalizers", "managedFields", "selfLink",
    }
)  # fmt: skip
MAX_ANNOTATIONS_BYTES = 256 * 1024
# names.SimpleNameGenerator: a generateName is cut to 58 characters and 5 random ones are appended.
GENERATED_PREFIX_LENGTH = 58
GENERATED_SUFFIX = "xxxxx"

_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = rf"{_LABEL}(\.{_LABEL})*"
_DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?"
_NAME_PART = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = f"({_NAME_PART})?"


def _regex_error(message: str, regex: str, *examples: str) -> str:
    shown = ",  or ".join(f"'{e}'" for e in examples)
    return f"{message} (e.g. {shown}, regex used for validation is '{regex}')"


_LABEL_MSG = _regex_error(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character",
    _LABEL,
    "my-name",
    "123-abc",
)
_SUBDOMAIN_MSG = _regex_error(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character",
    _SUBDOMAIN,
    "example.com",
)
_DNS1035_MSG = _regex_error(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character",
    _DNS1035,
    "my-name",
    "abc-123",
)
_NAME_PART_MSG = _regex_error(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    _NAME_PART,
    "MyName",
    "my.name",
    "123-abc",
)
_LABEL_VALUE_MSG = _regex_error(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character",
    _LABEL_VALUE,
    "MyValue",
    "my_value",
    "12345",
)
_MATCHERS = {name: re.compile(rf"^(?:{regex})\Z") for name, regex in (
    ("label", _LABEL), ("subdomain", _SUBDOMAIN), ("dns1035", _DNS1035), ("part", _NAME_PART),
    ("value", _LABEL_VALUE),
)}  # fmt: skip


def _max_len(limit: int) -> str:
    return f"must be no more than {limit} characters"


def dns1123_label(value: str) -> list[str]:
    problems = [_max_len(63)] if len(value) > 63 else []
    return problems + ([] if _MATCHERS["label"].match(value) else [_LABEL_MSG])


def dns1123_subdomain(value: str) -> list[str]:
    problems = [_max_len(253)] if len(value) > 253 else []
    return problems + ([] if _MATCHERS["subdomain"].match(value) else [_SUBDOMAIN_MSG])


def dns1035_label(value: str) -> list[str]:
    problems = [_max_len(63)] if len(value) > 63 else []
    return problems + ([] if _MATCHERS["dns1035"].match(value) else [_DNS1035_MSG])


def qualified_name(value: str) -> list[str]:
    parts = value.split("/")
    if len(parts) > 2:
        return [
            "a qualified name "
            + _NAME_PART_MSG
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    problems = []
    name = parts[-1]
    if len(parts) == 2:
        if not parts[0]:
            problems.append("prefix part must be non-empty")
        else:
            problems.extend("prefix part " + p for p in dns1123_subdomain(parts[0]))
    if not name:
        problems.append("name part must be non-empty")
    elif len(name) > 63:
        problems.append("name part " + _max_len(63))
    if not _MATCHERS["part"].match(name):
        problems.append("name part " + _NAME_PART_MSG)
    return problems


def label_value(value: str) -> list[str]:
    problems = [_max_len(63)] if len(value) > 63 else []
    return problems + ([] if _MATCHERS["value"].match(value) else [_LABEL_VALUE_MSG])


def mask_trailing_dash(name: str) -> str:
    """apimachinery's maskTrailingDash, quirk included: a generateName is checked with its last two
    characters replaced by `a` when it ends in `-`."""
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


def _string_map(value: Any, path: Path, annotations: bool) -> list[FieldError]:
    if not isinstance(value, dict):
        return [type_invalid(path, value, "must be of type object")]
    errors: list[FieldError] = []
    for key, item in value.items():
        # The apiserver lower-cases annotation keys before checking them; label keys are checked as written.
        errors.extend(invalid(path, key, p, "metadata") for p in qualified_name(key.lower() if annotations else key))
        if not isinstance(item, str):
            errors.append(type_invalid((*path, MapKey(key)), item, "must be of type string"))
        elif not annotations:
            errors.extend(invalid((*path, MapKey(key)), item, p, "metadata") for p in label_value(item))
    if annotations:
        size = sum(len(k.encode()) + len(v.encode()) for k, v in value.items() if isinstance(v, str))
        if size > MAX_ANNOTATIONS_BYTES:
            errors.append(too_long(path, MAX_ANNOTATIONS_BYTES))
    return errors


def _names(meta: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    name, generate = meta.get("name"), meta.get("generateName")
    for field, value in (("generateName", generate), ("name", name)):
        if value is not None and not isinstance(value, str):
            errors.append(type_invalid(("metadata", field), value, "must be of type string"))
    if errors:
        return errors
    if generate:
        checked = mask_trailing_dash(generate)
        errors.extend(
            invalid(("metadata", "generateName"), generate, p, "metadata") for p in dns1123_subdomain(checked)
        )
    if not name and not generate:
        errors.append(required(("metadata", "name"), "name or generateName is required", "metadata"))
    elif name:
        errors.extend(invalid(("metadata", "name"), name, p, "metadata") for p in dns1123_subdomain(name))
    return errors


def effective_name(meta: dict[str, Any]) -> str | None:
    """The name the object has once created: its name, or its generateName with the generated suffix."""
    name, generate = meta.get("name"), meta.get("generateName")
    if isinstance(name, str) and name:
        return name
    if isinstance(generate, str) and generate:
        return generate[:GENERATED_PREFIX_LENGTH] + GENERATED_SUFFIX
    return None


def object_meta_errors(meta: Any, namespaced: bool) -> list[FieldError]:
    """What ValidateObjectMetaAccessor rejects in `metadata` on create, plus fields ObjectMeta does not have
    (strict field validation reports those).

    A namespace is not required: kubectl sends the object to its current namespace. On a cluster-scoped
    kind a namespace is dropped by the apiserver (rest.BeforeCreate), so it is not checked there.
    """
    path: Path = ("metadata",)
    if meta is None:
        return [required(("metadata", "name"), "name or generateName is required", "metadata")]
    if not isinstance(meta, dict):
        return [type_invalid(path, meta, "must be of type object")]
    errors = [unknown_field((*path, key)) for key in meta if key not in OBJECT_META_FIELDS]
    errors.extend(_names(meta))
    namespace = meta.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        errors.append(type_invalid((*path, "namespace"), namespace, "must be of type string"))
    elif namespaced and namespace:
        errors.extend(invalid((*path, "namespace"), namespace, p, "metadata") for p in dns1123_label(namespace))
    for field in ("labels", "annotations"):
        if meta.get(field) is not None:
            errors.extend(_string_map(meta[field], (*path, field), field == "annotations"))
    finalizers = meta.get("finalizers")
    if isinstance(finalizers, list):
        for index, finalizer in enumerate(finalizers):
            if not isinstance(finalizer, str):
                errors.append(type_invalid((*path, "finalizers", index), finalizer, "must be of type string"))
            else:
                errors.extend(
                    invalid((*path, "finalizers", index), finalizer, p, "metadata") for p in qualified_name(finalizer)
                )
    elif finalizers is not None:
        errors.append(type_invalid((*path, "finalizers"), finalizers, "must be of type array"))
    return errors
