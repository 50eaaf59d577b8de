"""A model of how ingress-nginx served a set of Ingresses: its servers (one per host) and locations.

The converter translates this model, not the raw Ingresses, so that every decision ingress-nginx made
across Ingresses and namespaces (oldest Ingress wins, host-wide settings, the implicit root location)
is made once, here, the way the controller made it.
"""
