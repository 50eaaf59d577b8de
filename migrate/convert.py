"""The conversion: manifests in, Gateway API objects and findings out. Pure: no printing, no files.

parse (`yamldoc`) -> model (`reader`) -> class selection (`classes`) -> annotations (`annotations`)
-> ingress-nginx servers (`nginx`) -> Gateway API IR (`gateway`). Rendering is `migrate.render`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from migrate import classes, codes
from migrate.annotations import apply as apply_annotations
from migrate.findings import Finding, Findings
from migrate.gateway import backends
from migrate.gateway.build import build_class
from migrate.gateway.ir import KIND_ORDER, Object
from migrate.gateway.names import Names
from migrate.intents import IngressIntents
from migrate.model import ConfigMap, Ingress, IngressClass, Service
from migrate.nginx.backends import ServiceIndex
from migrate.options import Options
from migrate.reader import read_config_map, read_ingress, read_ingress_class, read_service
from migrate.source import SourceFile
from migrate.yamldoc import load


@dataclass
class Inputs:
    """Everything read from the manifests that the conversion needs."""

    ingresses: list[Ingress]
    services: list[Service]
    ingress_classes: list[IngressClass]
    config_maps: list[ConfigMap]


@dataclass
class Result:
    objects: list[Object]
    findings: list[Finding]
    converted: list[Ingress]


Read = Ingress | Service | IngressClass | ConfigMap


def read_source(source: SourceFile, options: Options) -> tuple[list[Read], list[Finding]]:
    """The objects of one file that the conversion uses, and the findings about it. Depends on nothing
    but the file, so files can be read in any process, in any order."""
    findings = Findings()
    found: list[Read] = []
    for doc in load(source, findings):
        kind = doc.kind
        if kind == "Ingress":
            ingress = read_ingress(doc, findings)
            if ingress is not None:
                if ingress.namespace is None and options.namespace:
                    ingress.namespace = options.namespace
                found.append(ingress)
        elif kind == "Service" and (service := read_service(doc)) is not None:
            found.append(service)
        elif kind == "IngressClass" and (ingress_class := read_ingress_class(doc)) is not None:
            found.append(ingress_class)
        elif kind == "ConfigMap" and (config_map := read_config_map(doc)) is not None:
            found.append(config_map)
    return found, findings.items


def read_inputs(sources: Iterable[SourceFile], options: Options, findings: Findings) -> Inputs:
    """Read every file, one at a time, keeping only the objects the conversion uses."""
    return collect((read_source(source, options) for source in sources), findings)


def collect(results: Iterable[tuple[list[Read], list[Finding]]], findings: Findings) -> Inputs:
    """Put the files' objects together in input order: what depends on the order (which Ingress came
    first, which repeats another) is decided here, one file after the other."""
    inputs = Inputs([], [], [], [])
    seen: dict[tuple[str | None, str], Ingress] = {}
    for objects, found in results:
        findings.extend(found)
        for obj in objects:
            if isinstance(obj, Ingress):
                obj.sequence = len(inputs.ingresses)
                _note_duplicate(seen, obj, findings)
                inputs.ingresses.append(obj)
            elif isinstance(obj, Service):
                inputs.services.append(obj)
            elif isinstance(obj, IngressClass):
                inputs.ingress_classes.append(obj)
            else:
                inputs.config_maps.append(obj)
    # kubectl applies files in order: a repeated Ingress ends up as its last version.
    last = {id(ingress) for ingress in seen.values()}
    inputs.ingresses = [ingress for ingress in inputs.ingresses if id(ingress) in last]
    return inputs


def _note_duplicate(seen: dict[tuple[str | None, str], Ingress], ingress: Ingress, findings: Findings) -> None:
    key = (ingress.namespace, ingress.name)
    earlier = seen.get(key)
    seen[key] = ingress
    if earlier is not None:
        findings.add(
            codes.DUPLICATE_INGRESS,
            f"Ingress {ingress.ref} is also defined in {earlier.file}; applied in order, this later one replaces "
            "it, so only this one is converted: remove one of them",
            file=ingress.file,
            pos=ingress.key_pos(("metadata", "name")),
            ingress=ingress.ref,
        )


def convert(sources: Iterable[SourceFile], options: Options) -> Result:
    findings = Findings()
    inputs = read_inputs(sources, options, findings)
    return convert_inputs(inputs, options, findings)


def convert_inputs(inputs: Inputs, options: Options, findings: Findings) -> Result:
    selected = classes.select(inputs.ingresses, inputs.ingress_classes, options.classes, findings)
    by_class: dict[str, list[tuple[Ingress, IngressIntents]]] = {}
    for choice in selected:
        intents = apply_annotations(choice.ingress, inputs, options, findings)
        by_class.setdefault(choice.ingress_class, []).append((choice.ingress, intents))
    if len(by_class) > 1:
        options = dataclasses.replace(options, several_classes=True)
    services = ServiceIndex(inputs.services, options.namespace)
    names = Names()
    objects: list[Object] = []
    for ingress_class in sorted(by_class):
        objects.extend(build_class(ingress_class, by_class[ingress_class], services, options, names, findings))
    # Backend TLS is per Service, whatever Gateway reaches it: one set of policies for every class.
    objects.extend(backends.objects(objects, services, names, findings))
    objects.sort(key=_order)
    return Result(objects, findings.sorted(), [choice.ingress for choice in selected])


def _order(obj: Object) -> tuple[int, str, str]:
    return (KIND_ORDER.index(obj.kind), obj.metadata.namespace or "", obj.metadata.name)
