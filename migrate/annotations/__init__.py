"""ingress-nginx annotations: each family of keys has one owner module that turns them into intents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrate.findings import Findings
from migrate.intents import IngressIntents
from migrate.model import Ingress
from migrate.options import Options

if TYPE_CHECKING:
    from migrate.convert import Inputs


def apply(ingress: Ingress, inputs: Inputs, options: Options, findings: Findings) -> IngressIntents:
    return IngressIntents()
