"""The Gateway API model, part 2: one Gateway's listeners and the routes attached to each of them.

* Listeners: the Gateway's own, then those of the ListenerSets its `allowedListeners` admits, oldest
  ListenerSet first, ties by namespace/name; a listener that repeats the port, protocol and hostname of
  an earlier one is Conflicted and left out. An HTTPS listener serves only if one of its certificateRefs
  can be used (same namespace, or a ReferenceGrant).
* Attachment, per parentRef: a Gateway parentRef reaches the Gateway's own listeners, a ListenerSet
  parentRef the listeners of that ListenerSet (GEP-1713); `sectionName` and `port` narrow them; the
  listener must admit the route's kind (`allowedRoutes.kinds`, else what its protocol carries) and
  namespace (`allowedRoutes.namespaces`: Same, All, or a Selector evaluated on the namespace's
  `kubernetes.io/metadata.name` label, the only label a manifest shows); when both the listener and the
  route name hostnames, only the route's hostnames that intersect the listener's count, and without one
  the route does not attach there.
* A Gateway that is not in the objects (routes written for a Gateway that lives elsewhere) is assumed to
  serve HTTP on port 80 for any hostname and HTTPS on 443 for the hostnames of the routes attached there,
  accepting every route: a parentRef with `port` picks that port, a `sectionName` beginning with `https`
  picks 443 and one beginning with `http` picks 80, anything else picks both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.verify.gateway_objects import (
    GROUP,
    Listener,
    ListenerSetSpec,
    Namespaces,
    Objects,
    ParentRef,
    RouteSpec,
)

_PROTOCOL_KINDS = {
    "HTTP": ("HTTPRoute", "GRPCRoute"),
    "HTTPS": ("HTTPRoute", "GRPCRoute"),
    "TLS": ("TLSRoute",),
}


@dataclass
class Attached:
    route: RouteSpec
    hostnames: list[str]  # the route's hostnames that this listener serves; [] when the route names none


@dataclass
class Bound:
    listener: Listener
    owner: tuple[str, str | None, str]  # (kind, namespace, name) of the Gateway or ListenerSet
    ready: bool = True
    problem: str | None = None
    routes: list[Attached] = field(default_factory=list)
    attached: set[int] = field(default_factory=set)  # ids of the routes in `routes`


@dataclass
class Entry:
    """What serves one Gateway's traffic."""

    gateway: tuple[str | None, str]
    listeners: list[Bound]
    assumed: bool
    notes: list[str] = field(default_factory=list)
    _owners: dict[tuple[str, str | None, str], list[Bound]] | None = None

    def by_owner(self) -> dict[tuple[str, str | None, str], list[Bound]]:
        if self._owners is None:
            self._owners = {}
            for bound in self.listeners:
                self._owners.setdefault(bound.owner, []).append(bound)
        return self._owners


def hostname_matches(pattern: str | None, host: str) -> bool:
    """Listener and route hostnames: exact, or `*.suffix` for one or more labels before the suffix."""
    if pattern is None:
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


def intersects(listener: str | None, route: str) -> bool:
    if listener is None:
        return True
    if listener.startswith("*.") and route.startswith("*."):
        return route.endswith(listener[1:]) or listener.endswith(route[1:])
    if route.startswith("*."):
        return hostname_matches(route, listener)
    return hostname_matches(listener, route)


def entry(objects: Objects, gateway: tuple[str | None, str]) -> Entry:
    spec = objects.gateways.get(gateway)
    if spec is None:
        return _assumed(objects, gateway)
    result = Entry(gateway, [], assumed=False)
    owner = ("Gateway", spec.namespace, spec.name)
    candidates = [(listener, owner) for listener in spec.listeners]
    for listener_set in _listener_sets(objects, gateway, spec.allowed_listeners):
        set_owner = ("ListenerSet", listener_set.namespace, listener_set.name)
        candidates.extend((listener, set_owner) for listener in listener_set.listeners)
    seen: set[tuple[int, str, str | None]] = set()
    for listener, listener_owner in candidates:
        key = (listener.port, _family(listener.protocol), listener.hostname)
        if key in seen:
            result.notes.append(f"listener {listener.name} of {listener_owner[0]} {listener_owner[2]} is Conflicted")
            continue
        seen.add(key)
        bound = Bound(listener, listener_owner)
        _check_certificates(bound, objects)
        result.listeners.append(bound)
    for route in objects.routes:
        if route.problem is None:
            for parent in route.parents:
                _attach(result, route, parent)
    return result


def _family(protocol: str) -> str:
    return "tls" if protocol in ("HTTPS", "TLS") else protocol


def _listener_sets(objects: Objects, gateway: tuple[str | None, str], allowed: Namespaces) -> list[ListenerSetSpec]:
    found = [
        ls
        for ls in objects.listener_sets
        if (ls.parent.namespace, ls.parent.name) == gateway and allowed.admits(ls.namespace, gateway[0])
    ]
    found.sort(key=lambda ls: f"{ls.namespace}/{ls.name}")
    found.sort(key=lambda ls: (ls.created == "", ls.created))
    return found


def _check_certificates(bound: Bound, objects: Objects) -> None:
    listener = bound.listener
    if listener.protocol != "HTTPS" and not (listener.protocol == "TLS" and listener.tls_mode == "Terminate"):
        return
    kind, namespace, _ = bound.owner
    usable = [
        cert
        for cert in listener.certificates
        if cert[0] in ("", "core")
        and cert[1] == "Secret"
        and objects.granted((GROUP, kind, namespace), ("", "Secret", cert[2] or namespace, cert[3]))
    ]
    if not usable:
        bound.ready = False
        bound.problem = "no usable certificateRef (missing, or in another namespace without a ReferenceGrant)"


def _attach(result: Entry, route: RouteSpec, parent: ParentRef) -> None:
    for bound in result.by_owner().get((parent.kind, parent.namespace, parent.name), ()):
        namespace = bound.owner[1]
        listener = bound.listener
        if result.assumed:
            if not _assumed_selects(parent, listener):
                continue
        elif (parent.section_name and parent.section_name != listener.name) or (
            parent.port and parent.port != listener.port
        ):
            continue
        if route.kind not in (listener.kinds or _PROTOCOL_KINDS.get(listener.protocol, ())):
            continue
        if not listener.namespaces.admits(route.namespace, namespace):
            continue
        hostnames = [h for h in route.hostnames if intersects(listener.hostname, h)]
        if route.hostnames and not hostnames:
            continue
        if id(route) not in bound.attached:
            bound.attached.add(id(route))
            bound.routes.append(Attached(route, hostnames))


def _assumed_selects(parent: ParentRef, listener: Listener) -> bool:
    if parent.port is not None:
        return parent.port == listener.port
    section = (parent.section_name or "").lower()
    if section.startswith("https"):
        return listener.port == 443
    if section.startswith("http"):
        return listener.port == 80
    return True


def _assumed(objects: Objects, gateway: tuple[str | None, str]) -> Entry:
    result = Entry(gateway, [], assumed=True)
    owner = ("Gateway", gateway[0], gateway[1])
    everyone = Namespaces("All")
    result.listeners.append(Bound(Listener("http", 80, "HTTP", None, None, (), everyone, None), owner))
    https_hosts: dict[str | None, None] = {}
    for route in objects.routes:
        if route.problem is not None or route.kind not in ("HTTPRoute", "GRPCRoute"):
            continue
        probe = Listener("https", 443, "HTTPS", None, "Terminate", (), everyone, None)
        if any(
            p.kind == "Gateway" and (p.namespace, p.name) == gateway and _assumed_selects(p, probe)
            for p in route.parents
        ):
            names: list[str | None] = list(route.hostnames) or [None]
            for hostname in names:
                https_hosts.setdefault(hostname)
    for hostname in https_hosts:
        name = f"https-{hostname}" if hostname else "https"
        listener = Listener(name, 443, "HTTPS", hostname, "Terminate", (), everyone, None)
        result.listeners.append(Bound(listener, owner))
    for route in objects.routes:
        if route.problem is None:
            for parent in route.parents:
                _attach(result, route, parent)
    result.notes.append(
        f"Gateway {gateway[0]}/{gateway[1]} is not in the objects: assumed to serve HTTP on port 80 and HTTPS on "
        "443 for the hostnames of its routes, accepting all of them"
    )
    return result
