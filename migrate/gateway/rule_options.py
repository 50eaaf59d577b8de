"""Per-rule settings from a location's annotations: timeouts, retry, session persistence, the mirror and
external-auth filters, and how the rule's backends are reached (TLS, gRPC).

`decorate` is called by `routes.translate` for each location, on the rules made for it, after the rules
exist; it changes only rules that have backends. Every finding names the annotation it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from migrate.annotations import affinity, backend_tls, timeouts
from migrate.annotations.base import Key
from migrate.comments import texts
from migrate.findings import Findings
from migrate.gateway import grpc, service_filters
from migrate.gateway.ir import (
    BackendTLS,
    Retry,
    Rule,
    SessionPersistence,
    Timeouts,
)
from migrate.gateway.sites import at_path, flag, site
from migrate.intents import Written
from migrate.model import Ingress
from migrate.nginx.backends import ServiceIndex
from migrate.nginx.model import Location, Server

MAX_HOURS = 99999  # Gateway API durations: at most 5 digits per unit
LONGEST = MAX_HOURS * 3600 + 3599  # the longest duration that can be written, in seconds


@dataclass(frozen=True)
class RuleContext:
    services: ServiceIndex
    grpc_hosts: frozenset[str]  # hosts whose every location is gRPC (see `grpc`)
    findings: Findings

    def grpc(self, location: Location, server: Server) -> bool:
        """Whether the location's rules go into a GRPCRoute."""
        protocol = location.intents.location.backend.protocol
        return protocol in grpc.GRPC_PROTOCOLS and server.hostname in self.grpc_hosts


def duration(seconds: int) -> str | None:
    """Seconds as a Gateway API duration (`90s` -> `1m30s`, `172800` -> `48h`); None when too long."""
    hours, rest = divmod(seconds, 3600)
    if hours > MAX_HOURS:
        return None
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"


def decorate(rules: list[Rule], location: Location, server: Server, ctx: RuleContext) -> None:
    protocol = location.intents.location.backend.protocol
    as_grpc = ctx.grpc(location, server)
    serving = [rule for rule in rules if rule.backend_refs]
    if as_grpc:
        for rule in rules:
            rule.grpc = True
        _grpc_paths(serving, location, ctx)
        _grpc_redirect(location, ctx)
    elif protocol in grpc.GRPC_PROTOCOLS and serving:
        _grpc_in_httproute(location, server, ctx)
    if not serving:
        return
    tls = _backend_tls(location, server)
    rule_timeouts = _timeouts(location, as_grpc, ctx)
    retry = _retry(location, as_grpc, ctx)
    session = _session(location, ctx)
    made = (
        service_filters.mirror_filter(location, server, ctx.services, ctx.findings),
        service_filters.auth_filter(location, server, as_grpc, ctx.services, ctx.findings),
    )
    added = [f for f in made if f is not None]
    for rule in serving:
        rule.backend_tls = tls
        rule.timeouts = rule_timeouts
        rule.retry = retry
        rule.session_persistence = session
        rule.filters = (*rule.filters, *added)
    if as_grpc:
        _grpc_filters(serving, location, ctx)


# -- how the backends are reached ---------------------------------------------------------------------------


def _backend_tls(location: Location, server: Server) -> BackendTLS | None:
    backend = location.intents.location.backend
    if backend.protocol not in backend_tls.TLS_PROTOCOLS:
        return None
    at = site(location.ingress, backend.protocol_at)
    # The location's own proxy-ssl-*, else the host's (nginx inherits the server-level directives).
    own = (location.ingress, backend.proxy_ssl) if backend.proxy_ssl else None
    chosen = own or server.proxy_ssl
    notes = _comments(location.ingress, backend_tls.KEYS)
    if chosen is None:
        return BackendTLS(backend.name_hint, None, False, False, at, comments=notes)
    ingress, proxy = chosen
    hostname = proxy.name or backend.name_hint
    if ingress is not location.ingress:
        notes = (*notes, *_comments(ingress, backend_tls.KEYS[1:]))
    return BackendTLS(
        hostname,
        proxy.secret,
        proxy.verify,
        proxy.server_name,
        at,
        site(ingress, proxy.at),
        tuple(dict.fromkeys(notes)),
    )


def _comments(ingress: Ingress, keys: Iterable[Key]) -> tuple[str, ...]:
    """The comments written on these annotations of an Ingress, in file order."""
    names = {key.name for key in keys}
    found = [c for key, items in ingress.annotation_comments.items() if key.rsplit("/", 1)[-1] in names for c in items]
    return tuple(texts(found))


def _grpc_in_httproute(location: Location, server: Server, ctx: RuleContext) -> None:
    backend = location.intents.location.backend
    flag(
        ctx.findings,
        backend_tls.GRPC_H2C,
        f"{backend.protocol} backends on host {server.hostname or '(any)'}, which also serves HTTP paths: a "
        "Gateway cannot attach an HTTPRoute and a GRPCRoute to one hostname, so these gRPC paths stay in the "
        "HTTPRoute, and the Gateway speaks HTTP/2 to the backend only "
        + (
            "if its Service port says so: set appProtocol: kubernetes.io/h2c on it"
            if backend.protocol == "GRPC"
            else "if it negotiates HTTP/2 over TLS by ALPN (Gateway API has no appProtocol for it): check yours"
        )
        + ", or move the gRPC paths to a host of their own",
        site(location.ingress, backend.protocol_at),
    )


def _grpc_paths(serving: list[Rule], location: Location, ctx: RuleContext) -> None:
    for rule in serving:
        for match in rule.matches:
            problem = grpc.method_match(match.path)
            if isinstance(problem, str):
                flag(
                    ctx.findings,
                    backend_tls.GRPC_MATCH,
                    f"gRPC path {match.path.value!r} {problem}; ingress-nginx sent such requests to the gRPC "
                    "backend, but the GRPCRoute leaves this path out: write the path as /<package.Service>/ or "
                    "/<package.Service>/<Method>",
                    at_path(location),
                )


def _grpc_redirect(location: Location, ctx: RuleContext) -> None:
    redirect = location.intents.location.redirect
    if redirect is not None:
        flag(
            ctx.findings,
            backend_tls.GRPC_DROPPED,
            f"{redirect.annotation}: ingress-nginx answered this gRPC path's calls with a {redirect.code} to "
            f"{redirect.url}, but a GRPCRoute rule has no redirect filter, so the GRPCRoute leaves the path "
            "out and its calls go to the host's other gRPC rules (gRPC clients do not follow redirects "
            "anyway): remove the path, or send its calls to a backend that refuses them",
            at_path(location),
        )


def _grpc_filters(serving: list[Rule], location: Location, ctx: RuleContext) -> None:
    lost = sorted({f.type for rule in serving for f in rule.filters if f.type not in grpc.FILTERS})
    if lost:
        flag(
            ctx.findings,
            backend_tls.GRPC_DROPPED,
            f"this gRPC path's rule needs {', '.join(lost)}, which a GRPCRoute rule cannot carry (it has header "
            "modifiers and mirrors only); the GRPCRoute serves the path without it",
            at_path(location),
        )


# -- timeouts and retries ---------------------------------------------------------------------------------


def _timeouts(location: Location, as_grpc: bool, ctx: RuleContext) -> Timeouts | None:
    intents = location.intents.location
    timeout, retry = intents.timeout, intents.retry
    budget = retry.budget if retry is not None else 0
    if timeout is None and not budget:
        return None
    if as_grpc:
        at = timeout.at[0] if timeout is not None else retry.at[0] if retry is not None else None
        flag(
            ctx.findings,
            backend_tls.GRPC_DROPPED,
            "a GRPCRoute has no timeouts, so this timeout (ingress-nginx's grpc_read_timeout and "
            "grpc_send_timeout) is not converted: use your implementation's policy (Envoy Gateway "
            "BackendTrafficPolicy.spec.timeout, NGINX Gateway Fabric ProxySettingsPolicy.spec.timeout)",
            site(location.ingress, at),
        )
        return None
    # Longer than a Gateway duration can say (over 11 years) is as good as no limit: the longest one.
    backend = duration(min(timeout.seconds, LONGEST)) if timeout is not None else None
    total = max(budget, timeout.seconds if timeout is not None else 0)
    request = duration(min(total, LONGEST)) if budget else None
    if timeout is not None:
        for at in timeout.at:
            _timeout_semantics(location, at, timeout.seconds, backend, len(timeout.at) > 1, ctx)
    return Timeouts(request=request, backend_request=backend)


def _timeout_semantics(
    location: Location, at: Written, seconds: int, backend: str | None, both: bool, ctx: RuleContext
) -> None:
    read = at.key.endswith("proxy-read-timeout")
    key = timeouts.READ if read else timeouts.SEND
    larger = " (the larger of proxy-read-timeout and proxy-send-timeout)" if both else ""
    flag(
        ctx.findings,
        key.code,
        f"{at.key}: ingress-nginx limited the time between two successive {'reads from' if read else 'writes to'} "
        f"the backend, so a slow but steady {'response' if read else 'upload'} never timed out; the rule's "
        f"timeouts.backendRequest {backend}{larger} limits the total time of each backend request instead "
        f"(backendRequest, not request, because like nginx's timeouts it applies to each attempt at a backend), "
        "so downloads, uploads, server-sent events or long polls that take longer are cut: raise it if they "
        "do (rules without these annotations get no timeout, so the implementation's default replaces "
        "ingress-nginx's 60s); NGINX Gateway Fabric ProxySettingsPolicy.spec.timeout.read/send keeps nginx's "
        "meaning",
        site(location.ingress, at),
    )


def _retry(location: Location, as_grpc: bool, ctx: RuleContext) -> Retry | None:
    retry = location.intents.location.retry
    if retry is None:
        return None
    at = site(location.ingress, retry.at[0])
    key = next(k for k in timeouts.KEYS if retry.at[0].key.endswith("/" + k.name))
    if as_grpc:
        flag(ctx.findings, backend_tls.GRPC_DROPPED, "a GRPCRoute has no retry, so it is not converted", at)
        return None
    if "off" in retry.conditions or retry.tries == 1:
        why = "proxy-next-upstream off" if "off" in retry.conditions else "proxy-next-upstream-tries 1"
        flag(
            ctx.findings,
            key.code,
            f'{why}: ingress-nginx never retried; a rule has no way to say "no retries", and without a retry '
            "field the implementation's default applies: check that it does not retry",
            at,
        )
        return None
    codes = tuple(sorted({int(c[5:]) for c in retry.conditions if c.startswith("http_")}))
    attempts = retry.tries - 1 if retry.tries > 1 else None
    notes = []
    if retry.tries == 0:
        notes.append("unlimited tries (0) cannot be written: the implementation's limit applies")
    moved_on = [c for c in retry.conditions if c in ("error", "timeout", "invalid_header")]
    if moved_on:
        notes.append(
            f"ingress-nginx also tried the next endpoint on {', '.join(moved_on)}; Gateway API retries name HTTP "
            "codes only, and whether connection failures and timeouts are retried is implementation-specific"
        )
    if any(code < 500 for code in codes):
        notes.append("implementations need not support retrying 4xx codes")
    if "non_idempotent" not in retry.conditions:
        notes.append(
            "ingress-nginx never retried non-idempotent requests (POST, LOCK, PATCH) without non_idempotent, "
            "while a Gateway retry applies to every method"
        )
    if retry.budget:
        notes.append(
            f"proxy-next-upstream-timeout {retry.budget}s bounded the retries; it becomes timeouts.request, which "
            "bounds the whole request instead"
        )
    if not codes and attempts is None:
        return None
    written = f"attempts {attempts}" if attempts is not None else "no attempts limit"
    flag(
        ctx.findings,
        key.code,
        f"proxy-next-upstream ({' '.join(retry.conditions)}, {retry.tries} tries) becomes the rule's retry "
        f"({written}, codes {list(codes) or 'none'}): " + "; ".join(notes),
        at,
    )
    return Retry(codes, attempts)


# -- session persistence ---------------------------------------------------------------------------------


def _session(location: Location, ctx: RuleContext) -> SessionPersistence | None:
    sticky = location.intents.location.affinity
    if sticky is None:
        return None
    at = site(location.ingress, sticky.at)
    lifetime = duration(sticky.lifetime) if sticky.lifetime is not None else None
    if sticky.lifetime is not None and lifetime is None:
        flag(ctx.findings, affinity.AFFINITY.code, "the cookie lifetime is too long for a Gateway duration", at)
    kept = f"a {lifetime} lifetime" if lifetime else "a session cookie"
    flag(
        ctx.findings,
        affinity.AFFINITY.code,
        f"affinity: cookie becomes the rule's sessionPersistence (cookie {sticky.cookie}, {kept}); the cookie's "
        "attributes are now the implementation's (ingress-nginx set Path to the Ingress path, HttpOnly, and "
        "Secure on HTTPS), and how sessionName is used is implementation-specific: existing cookies will not "
        "pin clients to the same endpoints after the move",
        at,
    )
    return SessionPersistence(sticky.cookie, "Permanent" if lifetime else "Session", lifetime)
