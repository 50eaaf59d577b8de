"""The Gateway API side: the intermediate representation and how the ingress-nginx model becomes it."""
