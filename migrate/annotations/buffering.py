"""Body size and buffering (ingress-nginx internal/ingress/annotations/proxy, clientbodybuffersize).

Gateway API has no request-size limit and no buffering settings, so nothing here is converted. The one that
bites is proxy-body-size: ingress-nginx refused bodies over 1m with 413 unless told otherwise, Envoy-based
gateways accept any size by default (the implicit default is reported per Gateway, see
`migrate.gateway.implicit`).

    nginx.ingress.kubernetes.io/proxy-body-size: 50m

raised the limit of every path of the Ingress from 1m to 50m. NGINX Gateway Fabric carries it exactly as a
ClientSettingsPolicy (body.maxSize 50m) on the HTTPRoute; Envoy Gateway as a BackendTrafficPolicy
requestBuffer.limit (which also buffers the whole request); kgateway as a TrafficPolicy buffer.maxRequestSize.

ingress-nginx's proxy buffering is off by default: the proxy-buffers-* sizes matter only with
`proxy-buffering: on`; NGINX Gateway Fabric buffers by default, Envoy streams.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, not_converted
from migrate.annotations.parsing import DEFAULT_BODY_SIZE, human_size, nginx_size
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

_STREAMS = "Envoy Gateway and kgateway have none (Envoy streams responses)"
KEYS = (
    Key(
        "proxy-body-size",
        Status.POLICY,
        "IM620",
        "nothing standard; implementation request-size policies",
        why="request size limits are left to implementation policies",
        use=(
            "NGINX Gateway Fabric ClientSettingsPolicy.spec.body.maxSize (the same nginx directive; 0 disables), "
            "Envoy Gateway BackendTrafficPolicy.spec.requestBuffer.limit (approx: it also buffers the whole request; "
            "413 above it), kgateway TrafficPolicy.spec.buffer.maxRequestSize (approx: buffers the body; 413 above it)"
        ),
    ),
    Key(
        "client-body-buffer-size",
        Status.POLICY,
        "IM621",
        "nothing standard; implementation buffer settings",
        why="nginx's in-memory request body buffer has no Gateway API field",
        use=(
            "Envoy Gateway ClientTrafficPolicy.spec.connection.bufferLimit (approx: a per-connection buffer limit), "
            "kgateway ListenerPolicy.spec.default.perConnectionBufferLimitBytes (approx), NGINX Gateway Fabric only a "
            "SnippetsFilter (client_body_buffer_size)"
        ),
    ),
    Key(
        "proxy-buffering",
        Status.POLICY,
        "IM622",
        "nothing standard; implementation buffering settings",
        why="response buffering is an nginx setting without Gateway API field",
        use=(
            "NGINX Gateway Fabric ProxySettingsPolicy.spec.buffering.disable (NGF buffers by default where "
            f"ingress-nginx did not: write disable: true to keep ingress-nginx's behaviour); {_STREAMS}"
        ),
    ),
    Key(
        "proxy-buffer-size",
        Status.POLICY,
        "IM623",
        "nothing standard; implementation buffering settings",
        why="the response-header buffer is an nginx setting without Gateway API field",
        use=f"NGINX Gateway Fabric ProxySettingsPolicy.spec.buffering.bufferSize; {_STREAMS}",
    ),
    Key(
        "proxy-buffers-number",
        Status.POLICY,
        "IM624",
        "nothing standard; implementation buffering settings",
        why="response buffers are an nginx setting without Gateway API field",
        use=(
            "NGINX Gateway Fabric ProxySettingsPolicy.spec.buffering.buffers.number (buffers.size is required with "
            f"it); {_STREAMS}"
        ),
    ),
    Key(
        "proxy-busy-buffers-size",
        Status.POLICY,
        "IM625",
        "nothing standard; implementation buffering settings",
        why="response buffers are an nginx setting without Gateway API field",
        use=f"NGINX Gateway Fabric ProxySettingsPolicy.spec.buffering.busyBuffersSize; {_STREAMS}",
    ),
    Key(
        "proxy-request-buffering",
        Status.POLICY,
        "IM626",
        "nothing standard; implementation request-buffering settings",
        why="request buffering is an implementation setting without Gateway API field",
        use=(
            "Envoy Gateway BackendTrafficPolicy.spec.requestBuffer.limit (approx: on sets a limit, off leaves it out, "
            "as Envoy streams), kgateway TrafficPolicy.spec.buffer (approx: maxRequestSize, or disable), NGINX Gateway "
            "Fabric only a SnippetsFilter (proxy_request_buffering)"
        ),
    ),
    Key(
        "proxy-max-temp-file-size",
        Status.NONE,
        "IM627",
        "nothing",
        why="nginx's temporary-file limit for buffered responses has no equivalent",
        use=(
            "nothing: Envoy-based gateways do not spool responses to disk; NGINX Gateway Fabric only a SnippetsFilter "
            "(proxy_max_temp_file_size)"
        ),
    ),
)
BODY, CLIENT_BUFFER, BUFFERING, BUFFER_SIZE, BUFFERS, BUSY, REQUEST_BUFFERING, TEMP_FILE = KEYS

DEFAULT_VALUE = Code("IM628", "buffering-default", Severity.INFO, "a body or buffering value equal to the default")
_DEFAULTS = {BUFFERING.name: "off", REQUEST_BUFFERING.name: "on"}  # config.go ProxyBuffering, ProxyRequestBuffering


def _body(ctx: Context) -> None:
    value = ctx.get(BODY.name)
    if value is None:
        return
    size = nginx_size(normal(value.text))
    if size is None:  # `10b`: the validator let it through, nginx refuses it at reload
        ctx.report(
            BODY,
            f"{value.key} is not a size nginx reads (it takes digits with k, m or g), so the controller could not "
            "load its configuration with it: fix it",
        )
    elif size == 0:
        ctx.report(
            BODY,
            f"{not_converted(BODY, value.key)}. It removed the 1m limit: Envoy Gateway and kgateway have no limit "
            "by default, so nothing to do there; NGINX Gateway Fabric needs ClientSettingsPolicy.spec.body.maxSize "
            '"0" (nginx\'s own default is 1m)',
        )
    elif size == DEFAULT_BODY_SIZE:
        ctx.report(
            BODY,
            f"{value.key} is 1m, ingress-nginx's default: the limit to keep is the one the Gateway finding on the 1m "
            "default describes",
            code=DEFAULT_VALUE,
        )
    else:
        change = "raised" if size > DEFAULT_BODY_SIZE else "lowered"
        ctx.report(
            BODY,
            f"{not_converted(BODY, value.key)}. It {change} the limit on request bodies of every path of this "
            f"Ingress from 1m to {human_size(size)}: larger bodies got 413",
        )


def _apply(ctx: Context) -> None:
    _body(ctx)
    for name, default in _DEFAULTS.items():
        value = ctx.get(name)
        if value is not None and normal(value.text) == default:
            key = BUFFERING if name == BUFFERING.name else REQUEST_BUFFERING
            ctx.report(
                key, f"{value.key} is {default}, ingress-nginx's default: nothing to migrate", code=DEFAULT_VALUE
            )
    buffering = ctx.get(BUFFERING.name)
    if buffering is None or normal(buffering.text) != "on":
        for key in (BUFFERS, BUSY):
            value = ctx.get(key.name)
            if value is not None:
                ctx.report(
                    key,
                    f"{not_converted(key, value.key)}. It mattered only with proxy-buffering: on, and ingress-nginx "
                    "buffers no responses by default",
                )


FAMILY = Family("Body size and buffering", KEYS, _apply, codes=(DEFAULT_VALUE,))
