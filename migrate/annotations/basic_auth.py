"""Basic and Digest authentication (ingress-nginx internal/ingress/annotations/auth).

Gateway API has no authentication filter in the standard channel, so nothing here is converted; each key
gets a finding that says what ingress-nginx did with it and what carries it on each implementation.

    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: basic-auth          # htpasswd file under the key `auth`
    nginx.ingress.kubernetes.io/auth-realm: "Authentication Required"

becomes, for NGINX Gateway Fabric, an AuthenticationFilter (type Basic, basic.secretRef basic-auth,
basic.realm) referenced from each rule by an ExtensionRef filter; for Envoy Gateway a SecurityPolicy with
basicAuth.users; for kgateway a TrafficPolicy with basicAuth.secretRef. The routes are converted without it.

How ingress-nginx read them (auth.Parse): nothing happens without auth-type; then a missing or unusable
auth-secret denies every path (503); auth-secret-type says whether the Secret is an htpasswd file (key
`auth`) or one key per user; only the exact value `basic` selects Basic, every other accepted value Digest.
"""

from __future__ import annotations

from migrate.annotations.base import Context, Family, Key, Status, Value, not_converted
from migrate.annotations.validation_table import normal
from migrate.findings import Code, Severity

_NGF = "NGINX Gateway Fabric AuthenticationFilter"
KEYS = (
    Key(
        "auth-type",
        Status.POLICY,
        "IM560",
        "nothing standard; implementation basic-auth policies",
        why="authentication is left to implementation policies",
        use=(
            "Envoy Gateway SecurityPolicy.spec.basicAuth (Basic only), "
            f"{_NGF}.spec.type Basic referenced by an ExtensionRef filter, "
            "kgateway TrafficPolicy.spec.basicAuth (Basic only)"
        ),
    ),
    Key(
        "auth-secret",
        Status.POLICY,
        "IM561",
        "nothing standard; implementation basic-auth policies",
        why="the credentials Secret belongs to the implementation's authentication policy",
        use=(
            f"{_NGF}.spec.basic.secretRef (reads the same Secret, key auth, same namespace), "
            "Envoy Gateway SecurityPolicy.spec.basicAuth.users (approx: key .htpasswd, {SHA} hashes only), "
            "kgateway TrafficPolicy.spec.basicAuth.secretRef (approx: key auth, SHA-1 hashes only)"
        ),
    ),
    Key(
        "auth-secret-type",
        Status.POLICY,
        "IM562",
        "nothing standard; implementation basic-auth policies",
        why="how the credentials Secret is laid out is implementation-specific",
        use=(
            f"for auth-file, {_NGF}.spec.basic.secretRef as it is; for auth-map, an htpasswd file built from it "
            "(Envoy Gateway SecurityPolicy.spec.basicAuth.users, kgateway TrafficPolicy.spec.basicAuth.users)"
        ),
    ),
    Key(
        "auth-realm",
        Status.POLICY,
        "IM563",
        "nothing standard; implementation basic-auth policies",
        why="the WWW-Authenticate realm is part of the implementation's authentication policy",
        use=f"{_NGF}.spec.basic.realm; Envoy Gateway and kgateway basic auth have no realm",
    ),
)
TYPE, SECRET, SECRET_TYPE, REALM = KEYS

WITHOUT_TYPE = Code("IM564", "auth-without-type", Severity.INFO, "a basic-auth option without auth-type")
SECRET_MISSING = Code("IM565", "auth-secret-missing", Severity.ERROR, "auth-type without auth-secret: every path 503")
SECRET_UNUSABLE = Code("IM566", "auth-secret-unusable", Severity.ERROR, "an auth-secret ingress-nginx could not use")


def _secret_reference(ctx: Context, value: Value) -> tuple[str | None, str] | None:
    """The Secret `namespace/name` as cache.SplitMetaNamespaceKey reads it; None when it cannot."""
    text = normal(value.text)
    parts = text.split("/")
    if len(parts) == 1:
        return ctx.ingress.namespace, parts[0]
    if len(parts) == 2 and parts[1]:
        return parts[0] or ctx.ingress.namespace, parts[1]
    return None


def _apply(ctx: Context) -> None:
    auth_type = ctx.get("auth-type")
    if auth_type is None:
        for key in (SECRET, SECRET_TYPE, REALM):
            if (value := ctx.get(key.name)) is not None:
                ctx.report(
                    key,
                    f"{value.key} is ignored: ingress-nginx turned authentication on only with auth-type, which "
                    "this Ingress does not set, so there is nothing to convert: remove it, or add auth-type",
                    code=WITHOUT_TYPE,
                )
        return
    basic = normal(auth_type.text) == "basic"
    if basic:
        ctx.report(TYPE, f"{not_converted(TYPE, auth_type.key)}. Every path of this Ingress asked for HTTP Basic")
    else:
        ctx.report(
            TYPE,
            f"{auth_type.key} is not converted: ingress-nginx did HTTP Digest authentication here (every value "
            "but exactly `basic` selects Digest), and neither Gateway API nor Envoy Gateway, NGINX Gateway Fabric "
            "or kgateway carries Digest (they do Basic only; Traefik has a digestAuth Middleware, unverified): "
            "move the clients to Basic or another scheme",
        )
    secret = ctx.get("auth-secret")
    if secret is None:
        ctx.flag(
            TYPE,
            f"{auth_type.key} is set without auth-secret, so ingress-nginx denied every path of this Ingress "
            "(503); the output routes them: add the Secret, or keep those paths closed",
            code=SECRET_MISSING,
        )
        return
    _secret(ctx, secret, basic)


def _secret(ctx: Context, secret: Value, basic: bool) -> None:
    reference = _secret_reference(ctx, secret)
    if reference is None:
        ctx.report(
            SECRET,
            f"{secret.key} is not a Secret name or namespace/name, so ingress-nginx denied every path of this "
            "Ingress (503): fix it",
            code=SECRET_UNUSABLE,
        )
        return
    namespace, name = reference
    if ctx.ingress.namespace is not None and namespace != ctx.ingress.namespace:
        ctx.report(
            SECRET,
            f"{secret.key} names a Secret in namespace {namespace}; with allow-cross-namespace-resources off (the "
            "controller default) ingress-nginx denied every path of this Ingress (503). Gateway implementations "
            "want the Secret in the route's namespace too: copy it there",
            code=SECRET_UNUSABLE,
        )
        return
    secret_type = ctx.get("auth-secret-type")
    layout = normal(secret_type.text) if secret_type is not None else "auth-file"
    where = f"{namespace}/{name}" if namespace else name
    if layout == "auth-map":
        held = (
            f"Secret {where} holds one key per user with the password hash as value (auth-map): build an "
            "htpasswd file from it (key auth for NGINX Gateway Fabric, .htpasswd for Envoy Gateway)"
        )
    else:
        held = (
            f"Secret {where} holds an htpasswd file under the key auth (auth-file): NGINX Gateway Fabric reads it "
            "unchanged; Envoy Gateway and kgateway accept only SHA-1 ({SHA}) entries, so apr1 or bcrypt hashes "
            "must be re-created from the passwords"
        )
    kind = "" if basic else " (for Digest, which nothing here carries)"
    ctx.report(SECRET, f"{not_converted(SECRET, secret.key)}. {held}{kind}")


FAMILY = Family("Basic authentication", KEYS, _apply, codes=(WITHOUT_TYPE, SECRET_MISSING, SECRET_UNUSABLE))
