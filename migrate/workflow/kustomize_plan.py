"""Kustomizations in an in-place migration: list the new files, drop the deleted ones, and name what
kustomize would do to the routes. Pure.

- A kustomization whose `resources:` lists a source file gets the source's routes file right after it,
  and loses the source file's entry when `--remove-ingress` emptied and deleted it.
- The shared file (Gateway, ListenerSets, ReferenceGrants) lives in the Gateway's namespace and the
  Secrets' namespaces: it is added to the kustomization at the input root only when that one sets no
  `namespace:` (which would move those objects); otherwise a finding says where it is.
- Patches that target an Ingress no longer reach what serves the traffic (IM024); `namePrefix` /
  `nameSuffix` rename Services but kustomize has no name reference for HTTPRoute backendRefs (IM025);
  `namespace:` moves routes out of the namespaces the Gateway admits (IM026).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping

from migrate import codes
from migrate.findings import Findings
from migrate.gateway.ir import GRPCRoute, HTTPRoute, TLSRoute
from migrate.gateway.provenance import SOURCE_INGRESS
from migrate.output import OutputFile
from migrate.workflow import kustomize
from migrate.workflow.changes import Change, Request
from migrate.workflow.kustomize import Kustomization, KustomizeError


def plan_kustomizations(request: Request, changes: Mapping[str, Change], findings: Findings) -> list[Change]:
    parsed = _parse_all(request.kustomizations, findings)
    deleted = {path for path, change in changes.items() if change.after is None}
    by_home: dict[str, list[OutputFile]] = {}
    for output in request.outputs:
        if output.homes:
            by_home.setdefault(output.homes[0], []).append(output)
    shared = [o.path for o in request.outputs if not o.homes]
    listed_after: dict[str, set[str]] = {}
    result = []
    shared_listed = False
    for k in parsed:
        change, listed = _edit_for(k, by_home, deleted, shared)
        listed_after[k.path] = listed
        if not change:
            continue
        try:
            text = kustomize.edit(k, change)
        except KustomizeError as exc:
            findings.add(codes.KUSTOMIZATION_UNREADABLE, f"not edited ({exc}): add the new files by hand", file=k.path)
            continue
        shared_listed = shared_listed or bool(change.append)
        before = request.kustomizations[k.path]
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        result.append(Change(k.path, before, bom + text.encode("utf-8")))
    created = [path for path in shared if path in changes and changes[path].before is None]
    if created:
        _report_shared(created, parsed, shared_listed, findings)
    _report_patches(parsed, request, findings)
    _report_renames(parsed, listed_after, request.outputs, findings)
    return result


def _parse_all(files: Mapping[str, bytes], findings: Findings) -> list[Kustomization]:
    parsed = []
    for path, data in sorted(files.items()):
        try:
            parsed.append(kustomize.parse(path, data))
        except KustomizeError as exc:
            findings.add(codes.KUSTOMIZATION_UNREADABLE, f"cannot be read ({exc}); no file is added to it", file=path)
    return parsed


def _edit_for(
    k: Kustomization, by_home: dict[str, list[OutputFile]], deleted: set[str], shared: list[str]
) -> tuple[kustomize.Edit, set[str]]:
    change = kustomize.Edit()
    listed = {entry.path for entry in k.resources if entry.path is not None}
    for index, entry in enumerate(k.resources):
        if entry.path is None:
            continue
        for output in by_home.get(entry.path, []):
            if output.path not in listed:
                change.after.setdefault(index, []).append(_sibling(k, entry, output.path))
                listed.add(output.path)
        if entry.path in deleted:
            change.drop.add(index)
            listed.discard(entry.path)
    if k.directory == "" and "namespace" not in k.data:
        for path in shared:
            if path not in listed:
                change.append.append(kustomize.relative(k.directory, path))
                listed.add(path)
    return change, listed


def _sibling(k: Kustomization, entry: kustomize.Entry, path: str) -> str:
    """The entry for a file beside the one `entry` names, written the way `entry` is (`./x.yaml`)."""
    source = posixpath.basename(entry.path or "")
    if source and entry.value.endswith(source):
        return entry.value[: len(entry.value) - len(source)] + posixpath.basename(path)
    return kustomize.relative(k.directory, path)


def _report_shared(created: list[str], parsed: list[Kustomization], listed: bool, findings: Findings) -> None:
    files = ", ".join(created)
    if listed:
        message = f"the Gateway and the objects all routes share are in {files}, added to kustomization at the root"
    elif any(k.directory == "" for k in parsed):
        message = (
            f"the Gateway and the objects all routes share are in {files}; they were not added to the "
            "kustomization at the root because its `namespace:` would move them: apply them with the "
            "platform's own manifests, before the routes"
        )
    else:
        message = (
            f"the Gateway and the objects all routes share are in {files}: apply them (or add them where the "
            "platform's own manifests are kept) before the routes"
        )
    findings.add(codes.SHARED_FILES, message, file=created[0])


def _routes_by_ingress(outputs: list[OutputFile]) -> dict[str, list[str]]:
    """Ingress name -> `HTTPRoute ns/name (file)` for every route made from an Ingress of that name."""
    found: dict[str, list[str]] = {}
    for output in outputs:
        for obj in output.objects:
            if not isinstance(obj, HTTPRoute | GRPCRoute | TLSRoute):
                continue
            where = f"{obj.metadata.namespace}/" if obj.metadata.namespace else ""
            for ref in obj.metadata.annotations.get(SOURCE_INGRESS, "").split(", "):
                found.setdefault(ref.rpartition("/")[2], []).append(
                    f"{obj.kind} {where}{obj.metadata.name} ({output.path})"
                )
    return found


def _report_patches(parsed: list[Kustomization], request: Request, findings: Findings) -> None:
    names = {ingress.name for ingress in request.converted}
    routes = _routes_by_ingress(request.outputs)

    def read(path: str) -> bytes | None:
        return request.sources.get(path) or request.read(path)

    for k in parsed:
        for patch in kustomize.ingress_patches(k, read):
            if patch.ingress is not None and patch.ingress not in names:
                continue
            target = f"Ingress {patch.ingress}" if patch.ingress else "an Ingress"
            made = routes.get(patch.ingress or "", [])
            instead = f"write the same change as a patch of {', '.join(made[:3])}" if made else "patch the routes"
            gone = (
                " With --remove-ingress the Ingress is gone and `kustomize build` fails on this patch until it is "
                "removed."
                if request.remove_ingress
                else ""
            )
            findings.add(
                codes.KUSTOMIZE_INGRESS_PATCH,
                f"{patch.field} ({patch.source}) patches {target}, which is converted into Gateway API objects this "
                f"patch does not touch, so its change (hosts, paths, TLS, annotations) is lost on the gateway: "
                f"{instead}, or convert the built overlay (`kustomize build {k.directory or '.'} | ingress-migrate "
                f"convert -`).{gone}",
                file=k.path,
                pos=patch.pos,
                field=patch.field,
            )


def _report_renames(
    parsed: list[Kustomization], listed: dict[str, set[str]], outputs: list[OutputFile], findings: Findings
) -> None:
    by_directory = {k.directory: k for k in parsed}
    route_files = {o.path: o for o in outputs if o.homes}
    for k in parsed:
        reached = [path for r in kustomize.reachable(k, by_directory) for path in listed.get(r.path, ())]
        files = sorted({path for path in reached if path in route_files})
        if not files:
            continue
        for key in ("namePrefix", "nameSuffix"):
            value = k.data.get(key)
            if isinstance(value, str) and value:
                findings.add(
                    codes.KUSTOMIZE_NAME_AFFIX,
                    f"{key} {value!r} renames the Services, and kustomize rewrites Ingress backends to match but "
                    f"has no name reference for HTTPRoute backendRefs, so the routes of {files[0]} would point at "
                    "Services that do not exist: add a `configurations:` file with a nameReference from kind "
                    "Service to kind HTTPRoute, fieldSpec path spec/rules/backendRefs/name",
                    file=k.path,
                    pos=k.key_pos(key),
                    field=key,
                )
        namespace = k.data.get("namespace")
        if isinstance(namespace, str) and namespace:
            moved = sorted(set(_namespaces(route_files[path] for path in files)) - {namespace})
            if moved:
                findings.add(
                    codes.KUSTOMIZE_NAMESPACE,
                    f"namespace {namespace!r} moves the HTTPRoutes generated in namespace {', '.join(moved)}, "
                    f"but the Gateway admits routes only from the namespaces the Ingresses named: convert with "
                    f"--namespace {namespace}, or add {namespace} to the Gateway's allowedRoutes",
                    file=k.path,
                    pos=k.key_pos("namespace"),
                    field="namespace",
                )


def _namespaces(outputs: Iterable[OutputFile]) -> Iterator[str]:
    for output in outputs:
        for obj in output.objects:
            if isinstance(obj, HTTPRoute | GRPCRoute | TLSRoute) and obj.metadata.namespace:
                yield obj.metadata.namespace
