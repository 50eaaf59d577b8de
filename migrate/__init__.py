"""ingress-migrate: move ingress-nginx Ingress manifests to Gateway API."""

__version__ = "0.1.0"
