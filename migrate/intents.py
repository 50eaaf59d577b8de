"""What an Ingress's annotations ask for, as intents the converter turns into Gateway API.

Annotation handlers (`migrate.annotations`) fill one `IngressIntents` per Ingress; nothing else writes it.
`location` applies to every location the Ingress creates (ingress-nginx shares an Ingress's annotations
among its paths); `server` applies to the whole host, and only the oldest Ingress of a host sets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LocationIntents:
    # rewrite family: https redirects (the implicit one included)
    ssl_redirect: bool = True
    force_ssl_redirect: bool = False


@dataclass
class ServerIntents:
    pass


@dataclass
class IngressIntents:
    location: LocationIntents = field(default_factory=LocationIntents)
    server: ServerIntents = field(default_factory=ServerIntents)
    canary: bool = False
    # Names (without prefix) of the annotations ingress-nginx applied: present, not refused by its validators,
    # not ignored on a canary. Set by the dispatcher; read where a default applies only without the annotation.
    effective: frozenset[str] = frozenset()
