"""`x-kubernetes-validations` rules evaluated as the apiserver evaluates them on create.

The CEL engine is the optional `common-expression-language` package (`pip install 'ingress-migrate[cel]'`),
imported only when a validation runs. Kubernetes specifics layered on top of it:

- `self` is the value with defaults applied; object properties are seen under their escaped names
  (`namespace` as `__namespace__`, `a-b` as `a__dash__b`); at a resource root only `apiVersion`, `kind`,
  `metadata.name` and `metadata.generateName` are visible.
- Transition rules (those that read `oldSelf`) are skipped on create, unless `optionalOldSelf` is set,
  in which case `oldSelf` is `optional.none()` (apiextensions `cel/validation.go`).
- The Kubernetes CEL libraries (`cel_library`); `size()` counts code points and `matches()` uses
  Go's RE2 semantics (`re2`), where the engine would count bytes and use Rust's regex classes.
- No cost budget: every rule runs to completion.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from migrate.apiserver import fielderrors as fe
from migrate.apiserver.celsource import escape, narrow, reach, rewrite
from migrate.apiserver.fielderrors import ErrorType, FieldError, MapKey, Path
from migrate.apiserver.re2 import compile_go
from migrate.apiserver.schema import Node, Rule

CEL_MODULE = "cel"


def _k8s_size(value: Any) -> int:
    if isinstance(value, str | bytes | list | dict):
        return len(value)
    raise TypeError("no such overload: size")


def _k8s_matches(text: Any, pattern: Any) -> bool:
    if not isinstance(text, str) or not isinstance(pattern, str):
        raise TypeError("no such overload: matches")
    return bool(compile_go(pattern).search(text))


# -- the engine ---------------------------------------------------------------------------------------------


class Unchecked(Exception):
    """The engine cannot evaluate a rule (syntax or function it lacks); the rule is reported, not the object."""


class EvaluationError(Exception):
    """The rule raised an error while evaluating, as it would on the apiserver."""


@dataclass
class _Compiled:
    program: Any
    uses_old_self: bool


@dataclass
class Engine:
    """Compiles each rule once and evaluates it; collects the rules it could not check."""

    module: Any
    unchecked: dict[str, str] = field(default_factory=dict)  # rule -> why
    _programs: dict[str, _Compiled | str] = field(default_factory=dict)
    _together: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from migrate.apiserver.cel_library import FORMAT_VARIABLE, functions  # only with an engine: keeps --help fast

        library = functions(self.module.OptionalValue)
        library.update({"_k8s_size": _k8s_size, "_k8s_matches": _k8s_matches})
        # oldSelf is none() for every rule: on create only rules with optionalOldSelf run with it.
        none = self.module.OptionalValue.none()
        self._context = self.module.Context(variables={"format": FORMAT_VARIABLE, "oldSelf": none}, functions=library)

    def compiled(self, expression: str) -> _Compiled:
        found = self._programs.get(expression)
        if found is None:
            try:
                program = self.module.compile(rewrite(expression))
                found = _Compiled(program, "oldSelf" in program.variables())
            except Exception as exc:  # the engine raises ValueError and others for syntax it lacks
                found = f"the CEL engine cannot compile it: {_clean(str(exc))}"
            self._programs[expression] = found
        if isinstance(found, str):
            raise Unchecked(found)
        return found

    def bind(self, value: Any) -> None:
        """Set `self` for the rules evaluated next (converting a value into the engine costs more than a rule)."""
        self._context.add_variable("self", value)

    def evaluate_together(self, rules: tuple[str, ...]) -> list[Any] | None:
        """The results of several rules in one execution (each call into the engine has a cost), or None when
        one of them raises: evaluated one by one, each then gets its own error."""
        if len(rules) < 2:
            return None
        if rules not in self._together:
            # A newline ends each rule, so that a trailing `// comment` in one cannot swallow the next.
            text = "[" + ",".join(f"({rewrite(rule)}\n)" for rule in rules) + "]"
            try:
                self._together[rules] = self.module.compile(text)
            except Exception:  # evaluated one by one, where each compile problem is reported
                self._together[rules] = None
        program = self._together[rules]
        if program is None:
            return None
        try:
            results = program.execute(self._context)
        except Exception:
            return None
        return results if isinstance(results, list) and len(results) == len(rules) else None

    def evaluate(self, compiled: _Compiled) -> Any:
        try:
            return compiled.program.execute(self._context)
        except KeyError as exc:
            raise EvaluationError(f"no such key: {exc.args[0] if exc.args else ''}") from exc
        except TypeError as exc:  # operands of types no overload takes ("string + int")
            raise EvaluationError("no such overload") from exc
        except Exception as exc:
            text = str(exc)
            if "Undefined variable or function" in text:
                raise Unchecked(f"the CEL engine lacks a function it calls: {_clean(text)}") from exc
            if "overload" in text.lower():
                raise EvaluationError("no such overload") from exc
            raise EvaluationError(_clean(text)) from exc


def _clean(text: str) -> str:
    """The engine's message without its generic advice and wrapping."""
    text = text.strip().splitlines()[0] if text.strip() else "error"
    text = re.sub(r"^Function '\w+' error: (Python function call failed: )?(\w+Error: )?", "", text)
    for advice in (" Check ", " CEL does not coerce"):
        if advice in text:
            text = text[: text.index(advice)]
    return text.rstrip(".") or "error"


def load_engine() -> Engine | None:
    """The CEL engine, or None when the package is not installed."""
    try:
        module = importlib.import_module(CEL_MODULE)
    except ImportError:
        return None
    return Engine(module)


# -- the object as CEL sees it ------------------------------------------------------------------------------


def to_cel(value: Any, node: Node | None) -> Any:
    """The value as a CEL rule at `node` sees it: escaped property names, typed scalars."""
    if value is None or node is None:
        return value
    if isinstance(value, dict):
        if node.properties is not None:
            out = {}
            for key, item in value.items():
                child, name = node.properties.get(key), escape(key)
                if child is not None and name is not None:
                    out[name] = to_cel(item, child)
            return out
        if node.additional is not None:
            return {key: to_cel(item, node.additional) for key, item in value.items()}
        return value
    if isinstance(value, list):
        return [to_cel(item, node.items) for item in value]
    if node.type == "number" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if node.type == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if node.type == "string" and node.format in ("date-time", "datetime") and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def root_view(obj: dict[str, Any], root: Node) -> dict[str, Any]:
    view: dict[str, Any] = to_cel({k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}, root)
    meta = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
    view.update({k: obj[k] for k in ("apiVersion", "kind") if k in obj})
    view["metadata"] = {k: meta[k] for k in ("name", "generateName") if isinstance(meta.get(k), str)}
    return view


# -- running the rules --------------------------------------------------------------------------------------


def rule_errors(obj: dict[str, Any], root: Node, engine: Engine) -> list[FieldError]:
    """Every failing rule of a prepared object, in schema order."""
    errors: list[FieldError] = []
    if root.has_rules:
        _walk(obj, root_view(obj, root), root, (), engine, errors, resource=True)
    return errors


def _walk(
    value: Any, view: Any, node: Node, path: Path, engine: Engine, errors: list[FieldError], resource: bool = False
) -> None:
    if value is None:
        return
    if node.rules:
        names = reach(node)
        engine.bind(view if names is None else narrow(view, node, names))
        errors.extend(_node_errors(node, path, engine))
    if isinstance(value, dict):
        properties = node.properties or {}
        for key, item in value.items():
            if resource and key in ("apiVersion", "kind", "metadata"):
                continue
            child = properties.get(key)
            if child is not None:
                if child.has_rules:
                    # A property CEL cannot name is not in the view, but its own rules still run.
                    name = escape(key)
                    sub = view[name] if name is not None and name in view else to_cel(item, child)
                    _walk(item, sub, child, (*path, key), engine, errors)
            elif node.additional is not None and node.additional.has_rules:
                _walk(item, view.get(key), node.additional, (*path, MapKey(key)), engine, errors)
    elif isinstance(value, list) and node.items is not None and node.items.has_rules:
        for index, item in enumerate(value):
            _walk(item, view[index], node.items, (*path, index), engine, errors)


_UNSET = object()


def _node_errors(node: Node, path: Path, engine: Engine) -> list[FieldError]:
    live: list[Rule] = []
    for rule in node.rules:
        try:
            compiled = engine.compiled(rule.rule)
        except Unchecked as exc:
            engine.unchecked.setdefault(rule.rule, str(exc))
            continue
        if not compiled.uses_old_self or rule.optional_old_self:
            live.append(rule)  # a transition rule is skipped: there is no old object on create
    results = engine.evaluate_together(tuple(rule.rule for rule in live))
    found = (_run(rule, node, path, engine, _UNSET if results is None else results[i]) for i, rule in enumerate(live))
    return [error for error in found if error is not None]


def _run(rule: Rule, node: Node, path: Path, engine: Engine, result: Any) -> FieldError | None:
    try:
        if result is _UNSET:
            result = engine.evaluate(engine.compiled(rule.rule))
    except Unchecked as exc:
        engine.unchecked.setdefault(rule.rule, str(exc))
        return None
    except EvaluationError as exc:
        detail = str(exc)
        if detail == "no such overload":
            detail = (
                "'no such overload': call arguments did not match a supported operator, function or macro "
                f"signature for rule: {rule.rule.strip()}"
            )
        else:
            detail = f"{detail} evaluating rule: {rule.rule.strip()}"
        return fe.invalid(path, node.cel_type, detail, "cel")
    if result is True:
        return None
    if result is not False:
        return fe.invalid(path, node.cel_type, f"rule did not evaluate to a bool: {rule.rule.strip()}", "cel")
    return _failure(rule, node, _field_path(path, node, rule.field_path), engine)


def _failure(rule: Rule, node: Node, path: Path, engine: Engine) -> FieldError:
    message = rule.message.strip() if rule.message else f"failed rule: {rule.rule.strip()}"
    if rule.message_expression:
        # A messageExpression that fails, is blank or spans lines falls back to the message.
        try:
            computed = engine.evaluate(engine.compiled(rule.message_expression))
        except (Unchecked, EvaluationError):
            computed = None
        if isinstance(computed, str) and computed.strip() and "\n" not in computed and "\r" not in computed:
            message = computed
    shown = fe.show(node.cel_type)
    if rule.reason == "FieldValueForbidden":
        return FieldError(path, ErrorType.FORBIDDEN, f"Forbidden: {message}", "cel")
    if rule.reason == "FieldValueRequired":
        return FieldError(path, ErrorType.REQUIRED, f"Required value: {message}", "cel")
    if rule.reason == "FieldValueDuplicate":
        # The apiserver shows only `Duplicate value: "object"`; the message is what tells the user why.
        return FieldError(path, ErrorType.DUPLICATE, f"Duplicate value: {shown}: {message}", "cel")
    return FieldError(path, ErrorType.INVALID, f"Invalid value: {shown}: {message}", "cel")


_FIELD_PATH = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'((?:\\.|[^'])*)'\s*\]|\[\s*\"((?:\\.|[^\"])*)\"\s*\]")


def _field_path(path: Path, node: Node, field_path: str | None) -> Path:
    """The error path with a rule's `fieldPath` (`.spec.ports['http']`) appended, resolved on the schema."""
    if not field_path:
        return path
    out: list[str | int] = list(path)
    current: Node | None = node
    position = 0
    while position < len(field_path):
        match = _FIELD_PATH.match(field_path, position)
        if match is None:
            return path  # the apiserver refuses such a fieldPath when the CRD is created
        name = next(g for g in match.groups() if g is not None)
        position = match.end()
        declared = current is not None and current.properties is not None and name in current.properties
        out.append(name if declared or current is None or current.additional is None else MapKey(name))
        current = current.child(name) if current is not None else None
    return tuple(out)
