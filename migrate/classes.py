"""Which Ingresses ingress-nginx served: class selection as the controller and the apiserver did it.

ingress-nginx looks at `spec.ingressClassName` first and at the `kubernetes.io/ingress.class` annotation
only when the field is empty (internal/ingress/controller/store/store.go, GetIngressClass). An Ingress
with neither got the default IngressClass from the apiserver's DefaultIngressClass admission plugin when it
was created; the controller's `--watch-ingress-without-class` flag serves the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from migrate import codes
from migrate.findings import Findings
from migrate.model import Ingress, IngressClass


def is_ingress_nginx_controller(controller: str | None) -> bool:
    """`k8s.io/ingress-nginx`, or the variants that Helm values give to extra installations."""
    return controller is not None and controller.startswith("k8s.io/") and "ingress-nginx" in controller


@dataclass(frozen=True)
class ClassOptions:
    names: tuple[str, ...] = ("nginx",)
    explicit: bool = False  # the user named the classes; they are converted whatever the input says
    watch_without_class: bool = False


@dataclass(frozen=True)
class Selected:
    ingress: Ingress
    ingress_class: str


def select(
    ingresses: Iterable[Ingress], classes: list[IngressClass], options: ClassOptions, findings: Findings
) -> list[Selected]:
    served = _served_classes(classes, options, findings)
    default = _default_class(classes, findings)
    selected = []
    for ingress in ingresses:
        chosen = _class_of(ingress, served, default, options, findings)
        if chosen is not None:
            selected.append(Selected(ingress, chosen))
    return selected


def _served_classes(classes: list[IngressClass], options: ClassOptions, findings: Findings) -> set[str]:
    served = set(options.names)
    for ingress_class in classes:
        if is_ingress_nginx_controller(ingress_class.controller):
            served.add(ingress_class.name)
        elif ingress_class.name in served and not options.explicit:
            served.discard(ingress_class.name)
            findings.add(
                codes.CLASS_FOREIGN,
                f"IngressClass {ingress_class.name} belongs to controller {ingress_class.controller or '(none)'}, "
                "not ingress-nginx, so its Ingresses are not converted; pass --ingress-class "
                f"{ingress_class.name} to convert them anyway",
                file=ingress_class.file,
                pos=ingress_class.pos,
            )
    return served


def _default_class(classes: list[IngressClass], findings: Findings) -> str | None:
    defaults = sorted({c.name for c in classes if c.is_default})
    if len(defaults) > 1:
        first = next(c for c in classes if c.is_default)
        findings.add(
            codes.DEFAULT_CLASS_AMBIGUOUS,
            f"IngressClasses {', '.join(defaults)} are all marked default, so the apiserver gives new Ingresses "
            "without a class none of them; set ingressClassName on those Ingresses",
            file=first.file,
            pos=first.pos,
        )
        return None
    return defaults[0] if defaults else None


def _class_of(
    ingress: Ingress, served: set[str], default: str | None, options: ClassOptions, findings: Findings
) -> str | None:
    name, annotation = ingress.class_name, ingress.class_annotation
    if name and annotation and name != annotation:
        findings.add(
            codes.CLASS_CONFLICT,
            f"ingressClassName {name!r} and annotation kubernetes.io/ingress.class {annotation!r} disagree; "
            "ingress-nginx uses ingressClassName, so this does too: remove the annotation",
            file=ingress.file,
            pos=ingress.annotation_pos("kubernetes.io/ingress.class"),
            ingress=ingress.ref,
            field="kubernetes.io/ingress.class",
        )
    chosen = name or annotation
    where = (
        ingress.key_pos(("spec", "ingressClassName")) if name else ingress.annotation_pos("kubernetes.io/ingress.class")
    )
    if chosen is None:
        where = ingress.key_pos(("metadata", "name"))
        if default is not None:
            findings.add(
                codes.CLASS_DEFAULT,
                f"no ingress class: the apiserver gave it the default IngressClass {default!r}; set "
                f"ingressClassName: {default} to make that explicit",
                file=ingress.file,
                pos=where,
                ingress=ingress.ref,
            )
            chosen = default
        elif options.watch_without_class:
            return options.names[0]
        else:
            findings.add(
                codes.CLASS_MISSING,
                "not converted: the Ingress has no ingress class and the input has no default IngressClass; pass "
                "--watch-ingress-without-class if ingress-nginx served Ingresses without a class",
                file=ingress.file,
                pos=where,
                ingress=ingress.ref,
            )
            return None
    if chosen not in served:
        converting = f"converting {', '.join(sorted(served))}" if served else "no class is converted"
        findings.add(
            codes.CLASS_NOT_NGINX,
            f"not converted: ingress class {chosen!r} is not one ingress-nginx served ({converting}); if it was, "
            f"pass --ingress-class {chosen}",
            file=ingress.file,
            pos=where,
            ingress=ingress.ref,
            field="spec.ingressClassName" if name else "kubernetes.io/ingress.class",
        )
        return None
    return chosen
