"""Validation of Gateway API objects against CRDs, as a kube-apiserver validates a create request. Pure.

For each object, in the apiserver's order: pick the CRD version served for its apiVersion; drop `status`
when the version has a status subresource; prune undeclared fields (reported as strict field validation
reports them), drop non-nullable nulls and apply defaults (`structural.prepare`); ObjectMeta rules
(`objectmeta`); schema value validations and list-type uniqueness (`structural.check`);
then the CEL rules (`celrules`), unless an error of the kinds that block them was found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from migrate.apiserver import celrules, objectmeta, structural
from migrate.apiserver.crds import Catalog, Version
from migrate.apiserver.fielderrors import ErrorType, FieldError, required

CEL_SKIPPED = (
    "some validation rules were not checked because the object was invalid; correct the existing errors "
    "to complete validation"
)


@dataclass(frozen=True)
class Report:
    """The verdict on one object."""

    api_version: str | None
    kind: str | None
    namespace: str | None
    name: str | None
    errors: tuple[FieldError, ...]
    warnings: tuple[str, ...] = ()
    cel_unchecked: bool = False  # the schema has CEL rules and no engine was available

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def subject(self) -> str:
        """`Kind namespace/name`, as the object is named in messages."""
        name = f"{self.namespace}/{self.name or '<no name>'}" if self.namespace else self.name or "<no name>"
        return f"{self.kind or '<no kind>'} {name}"


@dataclass
class Validator:
    catalog: Catalog
    engine: celrules.Engine | None

    def claims(self, data: Any) -> bool:
        """Whether `data` is an object these CRDs (or Gateway API) are responsible for."""
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return False
        api_version = data.get("apiVersion")
        return self.catalog.claims(data["kind"], api_version if isinstance(api_version, str) else None)

    def validate(self, data: Mapping[str, Any]) -> Report:
        meta: Mapping[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
        api_version, kind = data.get("apiVersion"), data.get("kind")
        namespace = meta.get("namespace") if isinstance(meta.get("namespace"), str) else None
        name = meta.get("name") if isinstance(meta.get("name"), str) else None
        if name is None and isinstance(meta.get("generateName"), str):
            name = meta["generateName"] + "*"
        shown_kind = kind if isinstance(kind, str) else None

        def report(errors: list[FieldError], version: Version | None = None, **more: Any) -> Report:
            scoped = namespace if version is None or version.namespaced else None
            warnings = (version.deprecation,) if version is not None and version.deprecation else ()
            return Report(api_version, shown_kind, scoped, name, tuple(errors), warnings, **more)

        if not isinstance(api_version, str) or not api_version:
            return report([required(("apiVersion",), "apiVersion not set", "version")])
        found = self.catalog.find(api_version, str(kind))
        if isinstance(found, str):
            return report([FieldError(("kind",), ErrorType.NOT_FOUND, found, "version")])
        errors, cel_unchecked = self._check(dict(data), found)
        return report(errors, found, cel_unchecked=cel_unchecked)

    def _check(self, data: dict[str, Any], version: Version) -> tuple[list[FieldError], bool]:
        obj = _copy(data)
        if version.status_subresource:
            obj.pop("status", None)  # reset on create (customResourceStrategy.PrepareForCreate)
        root = version.schema()
        errors = structural.prepare(obj, root)
        errors.extend(objectmeta.object_meta_errors(obj.get("metadata"), version.namespaced))
        structural.check(obj, root, (), errors)
        if not root.has_rules:
            return errors, False
        if self.engine is None:
            return errors, True
        if any(e.type.blocks_cel for e in errors if e.origin != "strict"):
            errors.append(FieldError((), ErrorType.INVALID, CEL_SKIPPED, "cel"))
            return errors, False
        metadata = obj.get("metadata")
        if isinstance(metadata, dict) and not metadata.get("name"):
            # The apiserver generates the name before it validates; the rules see the generated one.
            metadata["name"] = objectmeta.effective_name(metadata)
        errors.extend(celrules.rule_errors(obj, root, self.engine))
        return errors, False


def _copy(value: Any) -> Any:
    """A copy of a JSON-like value (several times faster than copy.deepcopy, which handles any object)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def validate_objects(
    objects: Iterable[Mapping[str, Any]], catalog: Catalog, engine: celrules.Engine | None
) -> list[Report]:
    """A report for each object the CRDs (or Gateway API) claim; other objects are skipped."""
    validator = Validator(catalog, engine)
    return [validator.validate(obj) for obj in objects if validator.claims(obj)]
