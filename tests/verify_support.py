"""Running the verify models on inline manifests, and describing their answers in one short line."""

from __future__ import annotations

from typing import Any

import yaml
from manifests import read

from migrate.options import DEFAULT_ANNOTATION_PREFIX
from migrate.verify import gateway_attach, gateway_read, nginx_servers
from migrate.verify.gateway_routing import GatewayModel
from migrate.verify.http import Answer, Backend, NoAnswer, Redirect, Request, Status
from migrate.verify.nginx_routing import NginxModel


def nginx_model(text: str, prefix: str = DEFAULT_ANNOTATION_PREFIX) -> NginxModel:
    inputs, _ = read(text)
    return NginxModel(nginx_servers.build(inputs.ingresses, inputs.services, prefix))


def gateway_model(text: str, gateway: tuple[str | None, str] = ("gw", "gw")) -> GatewayModel:
    objects = gateway_read.read(list(yaml.safe_load_all(text)))
    return GatewayModel(gateway_attach.entry(objects, gateway), objects)


def request(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Request:
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return Request(scheme, host, slash + path, tuple((headers or {}).items()), method)


def describe(answer: Answer, sent: Request) -> str:
    """`ns/svc:port /path` (plus ` host h` when the Host changed), `301 <location>`, `404`, `no answer`;
    a split lists each share."""
    parts = []
    for outcome, share in answer.shares:
        if isinstance(outcome, Backend):
            where = f"{outcome.namespace}/{outcome.service}" if outcome.namespace else outcome.service
            text = f"{where}:{outcome.port} {outcome.path}" + (
                f" host {outcome.host}" if outcome.host != sent.host else ""
            )
            if outcome.passthrough:
                text = f"TLS passthrough {where}:{outcome.port}"
        elif isinstance(outcome, Redirect):
            text = f"{outcome.code} {outcome.location}"
        elif isinstance(outcome, Status):
            text = str(outcome.code)
        else:
            assert isinstance(outcome, NoAnswer)
            text = "no answer"
        parts.append(text if len(answer.shares) == 1 else f"{float(share * 100):g}% {text}")
    return ", ".join(parts)


def ask(model: Any, url: str, headers: dict[str, str] | None = None) -> str:
    sent = request(url, headers)
    return describe(model.answer(sent), sent)
