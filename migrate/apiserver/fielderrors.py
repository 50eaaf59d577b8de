"""Validation errors as data, worded as the kube-apiserver words them (`k8s.io/apimachinery` field errors).

A path is a tuple from the object root: a `str` is a property, a `MapKey` a key of a map
(`additionalProperties`, labels), an `int` a list index. It renders as `spec.rules[0].filters`,
`metadata.labels[app]`, and doubles as the key of `yamldoc.Positions`.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any


class MapKey(str):
    """A path element that is a key of a map, not a declared property: rendered as `[key]`."""

    __slots__ = ()


Path = tuple[str | int, ...]


class ErrorType(enum.Enum):
    """The apiserver's `field.ErrorType`s that validation can produce."""

    UNKNOWN_FIELD = "FieldValueUnknown"  # strict field validation (a decoding error on the apiserver)
    REQUIRED = "FieldValueRequired"
    NOT_SUPPORTED = "FieldValueNotSupported"
    TOO_LONG = "FieldValueTooLong"
    TOO_MANY = "FieldValueTooMany"
    TYPE_INVALID = "FieldValueTypeInvalid"
    INVALID = "FieldValueInvalid"
    DUPLICATE = "FieldValueDuplicate"
    FORBIDDEN = "FieldValueForbidden"
    NOT_FOUND = "FieldValueNotFound"

    @property
    def blocks_cel(self) -> bool:
        """Errors after which the apiserver does not run the CEL rules (registry/customresource strategy.go:
        a value of the wrong type, size or enum, or a missing field, is not what the rules were written for)."""
        return self in _BLOCKING


_BLOCKING = frozenset(
    {ErrorType.NOT_SUPPORTED, ErrorType.REQUIRED, ErrorType.TOO_LONG, ErrorType.TOO_MANY, ErrorType.TYPE_INVALID}
)


@dataclass(frozen=True)
class FieldError:
    path: Path
    type: ErrorType
    detail: str  # the message after the field path, as kubectl shows it
    origin: str = "schema"  # schema | metadata | list-type | cel | strict | version

    @property
    def field(self) -> str:
        return render_path(self.path)


def render_path(path: Path) -> str:
    out: list[str] = []
    for part in path:
        if isinstance(part, int | MapKey):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out) or "<object>"


def show(value: Any, limit: int = 120) -> str:
    """A value as it appears in a message: JSON, cut short when long."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def canonical(value: Any) -> str:
    """A text equal for equal JSON values: `true` differs from `1`, `1.0` equals `1`, key order is ignored."""
    return json.dumps(_integral_floats(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _integral_floats(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    return value


# -- constructors, one per error type ---------------------------------------------------------------------


def required(path: Path, detail: str = "", origin: str = "schema") -> FieldError:
    return FieldError(path, ErrorType.REQUIRED, "Required value" + (f": {detail}" if detail else ""), origin)


def invalid(path: Path, value: Any, detail: str, origin: str = "schema") -> FieldError:
    return FieldError(path, ErrorType.INVALID, f"Invalid value: {show(value)}: {detail}", origin)


def type_invalid(path: Path, value: Any, detail: str) -> FieldError:
    return FieldError(path, ErrorType.TYPE_INVALID, f"Invalid value: {show(value)}: {detail}")


def not_supported(path: Path, value: Any, allowed: list[Any]) -> FieldError:
    shown = ", ".join(show(v) for v in allowed)
    return FieldError(path, ErrorType.NOT_SUPPORTED, f"Unsupported value: {show(value)}: supported values: {shown}")


def too_long(path: Path, limit: int) -> FieldError:
    return FieldError(path, ErrorType.TOO_LONG, f"Too long: may not be more than {limit} characters")


def too_many(path: Path, actual: int, limit: int, what: str = "items") -> FieldError:
    return FieldError(path, ErrorType.TOO_MANY, f"Too many: {actual}: must have at most {limit} {what}")


def duplicate(path: Path, value: Any, detail: str = "", origin: str = "list-type") -> FieldError:
    return FieldError(
        path, ErrorType.DUPLICATE, f"Duplicate value: {show(value)}" + (f": {detail}" if detail else ""), origin
    )


def unknown_field(path: Path) -> FieldError:
    # The text of the apiserver's strict field validation (`kubectl apply`'s default since 1.27).
    return FieldError(path, ErrorType.UNKNOWN_FIELD, f'unknown field "{render_path(path)}"', "strict")
