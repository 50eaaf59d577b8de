"""Error pages and the per-Ingress default backend (ingress-nginx customhttperrors, defaultbackend,
disableproxyintercepterrors).

Gateway API neither replaces backend errors nor falls back to another Service, so nothing here is
converted.

    nginx.ingress.kubernetes.io/custom-http-errors: "404,503"
    nginx.ingress.kubernetes.io/default-backend: error-pages

made ingress-nginx intercept 404 and 503 answers of the backends and serve the error-pages Service's answer
instead; error-pages also served the paths whose Service had no endpoints. Envoy Gateway's nearest
equivalent is a BackendTrafficPolicy responseOverride (a static body or a redirect per status code, not a
call to a Service); Gateway API itself answers 500 or 503 for a backend without endpoints.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

KEYS = (
    Key(
        "custom-http-errors",
        Status.POLICY,
        "IM640",
        "nothing standard; implementation response overrides",
        why="replacing the backends' error responses is left to implementation policies",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.responseOverride[] (match.statusCodes, then a static "
            "response body or a redirect; approx: not a call to the default backend), NGINX Gateway Fabric only a "
            "SnippetsFilter (error_page and proxy_intercept_errors), kgateway: nothing, Traefik errors Middleware"
        ),
    ),
    Key(
        "default-backend",
        Status.POLICY,
        "IM641",
        "nothing standard; implementation fallback backends",
        why="a fallback Service for backends without endpoints is not part of Gateway API, which answers 500 or 503",
        use=(
            "Envoy Gateway Backend.spec.fallback (guess: used when the active backends are unhealthy, not when a "
            "Service has no endpoints); NGINX Gateway Fabric and kgateway: nothing"
        ),
    ),
    Key(
        "disable-proxy-intercept-errors",
        Status.NONE,
        "IM642",
        "nothing",
        why="it only tunes custom-http-errors",
        use="nothing: it goes with custom-http-errors (see its finding)",
    ),
)
CUSTOM_ERRORS, DEFAULT_BACKEND, NO_INTERCEPT = KEYS

NO_EFFECT = Code("IM643", "error-option-unused", Severity.INFO, "an error-page option without effect")


def _default_backend(ctx: Context) -> str | None:
    """The default-backend Service as the Ingress names it, with what the input says about it."""
    value = ctx.get(DEFAULT_BACKEND.name)
    if value is None:
        return None
    name = normal(value.text)
    where = f"{ctx.ingress.namespace}/{name}" if ctx.ingress.namespace else name
    found = [
        service
        for service in ctx.inputs.services
        if service.name == name and (service.namespace or ctx.options.namespace) == ctx.ingress.namespace
    ]
    if found:
        ports = ", ".join(str(port.port) for port in found[0].ports) or "no port"
        return f"Service {where} (port {ports}, in the input)"
    if ctx.inputs.services:
        return f"Service {where} (not in the input: if it did not exist, ingress-nginx ignored the annotation)"
    return f"Service {where}"


def _apply(ctx: Context) -> None:
    backend = _default_backend(ctx)
    errors = ctx.get(CUSTOM_ERRORS.name)
    if errors is not None:
        codes = [piece for piece in normal(errors.text).split(",") if piece]
        target = backend or "the controller's default backend"
        ctx.report(
            CUSTOM_ERRORS,
            f"{not_converted(CUSTOM_ERRORS, errors.key)}. ingress-nginx replaced the backends' {', '.join(codes)} "
            f"answers on every path of this Ingress with the answer of {target}",
        )
    value = ctx.get(DEFAULT_BACKEND.name)
    if value is not None and backend is not None:
        also = " and the target of custom-http-errors" if errors is not None else ""
        ctx.report(
            DEFAULT_BACKEND,
            f"{not_converted(DEFAULT_BACKEND, value.key)}. {backend[0].upper()}{backend[1:]} served the paths of this "
            f"Ingress whose Service had no endpoints{also}; the Gateway answers 500 or 503 for those",
        )
    no_intercept = ctx.get(NO_INTERCEPT.name)
    if no_intercept is not None and errors is None:
        ctx.report(
            NO_INTERCEPT, f"{no_intercept.key} did nothing without custom-http-errors: remove it", code=NO_EFFECT
        )


FAMILY = Family("Error pages and default backend", KEYS, _apply, codes=(NO_EFFECT,))
