"""The registry of finding codes.

Codes are stable: an id keeps its meaning forever; a retired code is never reused. Numbering groups them:
IM0xx input files, IM1xx Ingress objects and class selection, IM2xx hosts, paths and backends, IM3xx the
Gateway, listeners and TLS. Annotation families own the IM4xx-IM9xx range (see `migrate.annotations`),
except IM81x-IM82x, ingress-nginx's implicit behaviours, declared below for `migrate.gateway.implicit`, and
IM95x, the request-level verification (`migrate.verify`), declared below too.
"""

from __future__ import annotations

from migrate.findings import Code, Severity

E = Severity.ERROR
W = Severity.WARNING
I = Severity.INFO  # noqa: E741 - reads as the severity letter in the table below

# -- input files -----------------------------------------------------------------------------------------
YAML_SYNTAX = Code("IM001", "yaml-syntax", E, "the file is not valid YAML")
HELM_TEMPLATE = Code("IM002", "helm-template", E, "the file is a Go/Helm template, not a manifest")
BINARY_FILE = Code("IM003", "binary-file", E, "the file holds binary data")
NOT_UTF8 = Code("IM004", "not-utf8", E, "the file is not UTF-8 text")
EMPTY_FILE = Code("IM005", "empty-file", W, "the file holds no document")
DUPLICATE_KEY = Code("IM006", "duplicate-key", W, "a mapping repeats a key; the last value is used")
UNREADABLE = Code("IM007", "unreadable", E, "the file or directory could not be read")
JSON_SYNTAX = Code("IM008", "json-syntax", E, "the file is not valid JSON")
TOO_COMPLEX = Code("IM009", "too-complex", E, "the document exceeds the alias, depth or size budget")
SKIPPED_PATH = Code("IM010", "skipped-path", W, "a path was not followed (symlink loop or outside the root)")
NO_INPUT = Code("IM011", "no-input", W, "no YAML or JSON file was found under a path")
OUTPUT_REFUSED = Code("IM012", "output-refused", E, "an output file was not written, to keep what is there")

# -- Ingress objects and class selection -----------------------------------------------------------------
INVALID_INGRESS = Code("IM101", "invalid-ingress", E, "an Ingress field has the wrong type or is missing")
CLASS_NOT_NGINX = Code("IM110", "class-not-selected", I, "the Ingress belongs to another ingress class")
CLASS_MISSING = Code("IM111", "class-missing", W, "the Ingress has no class and no default class applies")
CLASS_DEFAULT = Code("IM112", "class-default", I, "the Ingress has no class; the default IngressClass applies")
CLASS_CONFLICT = Code("IM113", "class-conflict", W, "ingressClassName and the class annotation disagree")
CLASS_FOREIGN = Code("IM114", "class-foreign-controller", I, "the IngressClass names another controller")
DEFAULT_CLASS_AMBIGUOUS = Code("IM115", "default-class-ambiguous", W, "several IngressClasses are default")
ANNOTATION_NOT_STRING = Code("IM116", "annotation-not-string", W, "an annotation value is not a string")
DUPLICATE_INGRESS = Code("IM117", "duplicate-ingress", W, "the same Ingress appears twice in the input")

# -- hosts, paths and backends ---------------------------------------------------------------------------
HOST_INVALID = Code("IM201", "host-invalid", E, "a host Gateway API would reject was left out")
PATH_INVALID = Code("IM202", "path-invalid", E, "a path Gateway API would reject was left out")
PATH_MISSING = Code("IM203", "path-missing", W, "a path is missing")
PATHTYPE_MISSING = Code("IM204", "pathtype-missing", W, "a path has no pathType")
PATH_LITERAL_REGEX = Code("IM205", "path-regex-literal", W, "a regex-looking path is matched literally")
TRAILING_SLASH = Code("IM206", "trailing-slash-redirect", I, "a 301 for the path without its slash is kept")
PORT_NAME_UNRESOLVED = Code("IM210", "port-name-unresolved", E, "a named Service port could not be resolved")
PORT_RESOLVED = Code("IM211", "port-resolved", I, "a Service port was resolved through the Service")
RESOURCE_BACKEND = Code("IM212", "resource-backend", W, "a resource backend has no Gateway API equivalent")
EXTERNAL_NAME = Code("IM213", "externalname-service", W, "the backend is an ExternalName Service")
PORT_NOT_FOUND = Code("IM215", "port-not-found", E, "the Service in the input has no such port")
PATH_CONFLICT = Code("IM220", "path-conflict", W, "two Ingresses declare the same host and path")
DUPLICATE_LOCATION = Code(
    "IM227", "duplicate-location", W, "a repeated path became a second nginx location, which nginx refuses"
)
DEFAULT_BACKEND_CONFLICT = Code("IM221", "default-backend-conflict", W, "several catch-all default backends")
DEFAULT_BACKEND_UNUSED = Code("IM222", "default-backend-unused", I, "a defaultBackend serves no host")
CATCH_ALL_FALLTHROUGH = Code("IM223", "catch-all-fallthrough", W, "known hosts may fall through to the catch-all")
WILDCARD_FALLTHROUGH = Code(
    "IM224", "wildcard-fallthrough", W, "a host's undeclared paths may fall through to a wildcard host's routes"
)
CANARY_POLICY_TAKEN = Code(
    "IM226", "canary-policy-taken", W, "a canary Service port keeps the canary settings of its oldest canary Ingress"
)
CATCH_ALL_ANNOTATIONS = Code(
    "IM225", "catch-all-annotations-ignored", W, "the catch-all defaultBackend ignores redirect and rewrite annotations"
)

# -- the Gateway, listeners and TLS ---------------------------------------------------------------------
EXISTING_GATEWAY = Code("IM301", "existing-gateway", I, "what the existing Gateway must serve")
TLS_HOST_WITHOUT_RULE = Code("IM302", "tls-host-unused", I, "a tls host has no rule, so no listener")
HTTPS_DEFAULT_CERT = Code(
    "IM303", "https-default-certificate", W, "the host was served on 443 with the default certificate"
)
TLS_NO_SECRET = Code("IM304", "tls-secret-missing", W, "a tls entry has no secretName")
TLS_WILDCARD_ASSUMED = Code("IM305", "tls-wildcard-assumed", I, "a wildcard tls host was assumed to cover a host")
TLS_HOSTS_EMPTY = Code("IM306", "tls-hosts-empty", W, "a tls entry lists no hosts")
TLS_CONFLICT = Code("IM307", "tls-conflict", W, "Ingresses give one host different certificates")
LISTENER_SETS = Code("IM308", "listener-sets", I, "listeners beyond 64 were moved to ListenerSets")
ROUTES_ANY_NAMESPACE = Code("IM309", "routes-any-namespace", I, "routes without namespace need from: All")
ROUTE_SPLIT = Code("IM310", "route-split", I, "a host's rules were split over several HTTPRoutes")
TLS_SECRET_NAMESPACE = Code("IM312", "tls-secret-namespace", W, "a certificate's namespace is unknown")
HTTPS_NOT_SERVED = Code("IM313", "https-not-served", I, "a host without tls is not served on port 443")
HTTPS_WILDCARD_LISTENER = Code(
    "IM314", "https-wildcard-listener", W, "a host without a certificate of its own joins a wildcard's HTTPS listener"
)

# -- repository workflows: in place, kustomize, markers, diff (migrate.workflow) ---------------------------
GENERATED_EDITED = Code("IM020", "generated-file-edited", W, "a generated file was edited by hand; it was kept")
REGENERATION_DROPS = Code(
    "IM021", "regeneration-drops", W, "regenerating a file would drop what Ingresses not in the input produced"
)
INGRESS_KEPT = Code("IM022", "ingress-kept", W, "--remove-ingress kept an Ingress that was not fully converted")
INGRESS_NOT_REMOVED = Code("IM023", "ingress-not-removed", E, "an Ingress could not be removed from its file")
KUSTOMIZE_INGRESS_PATCH = Code("IM024", "kustomize-ingress-patch", W, "a kustomization patches a converted Ingress")
KUSTOMIZE_NAME_AFFIX = Code(
    "IM025", "kustomize-name-affix", W, "kustomize renames Services but not the HTTPRoute backendRefs"
)
KUSTOMIZE_NAMESPACE = Code(
    "IM026", "kustomize-namespace", W, "kustomize moves routes to a namespace the Gateway does not admit"
)
KUSTOMIZATION_UNREADABLE = Code("IM027", "kustomization-unreadable", W, "a kustomization could not be read or edited")
SHARED_FILES = Code("IM028", "shared-files", I, "where the objects shared by all routes were written")

# -- implicit ingress-nginx behaviours (reported by migrate.gateway.implicit) ------------------------------
IMPLICIT_BODY_LIMIT = Code("IM810", "implicit-body-limit", I, "ingress-nginx refused request bodies over 1m")
IMPLICIT_HSTS = Code("IM811", "implicit-hsts", I, "ingress-nginx sent Strict-Transport-Security on HTTPS")
IMPLICIT_TIMEOUTS = Code("IM812", "implicit-timeouts", I, "ingress-nginx's default backend timeouts")
IMPLICIT_RETRIES = Code("IM813", "implicit-retries", I, "ingress-nginx retried failed requests on another endpoint")
IMPLICIT_FORWARDED = Code("IM814", "implicit-forwarded-headers", I, "ingress-nginx rewrote X-Forwarded-* headers")
IMPLICIT_UNDERSCORES = Code("IM815", "implicit-underscore-headers", I, "ingress-nginx dropped headers with underscores")
WILDCARD_DEPTH = Code("IM816", "wildcard-depth", W, "a wildcard host now also matches deeper subdomains")
HOST_NAMESPACES = Code("IM817", "host-merged-namespaces", I, "a host whose paths come from several namespaces")

# -- verify: request-level equivalence (migrate.verify) ----------------------------------------------
VERIFY_DIFFERENCE = Code("IM950", "verify-difference", E, "a request is answered differently and no finding says why")
VERIFY_EXPLAINED = Code("IM951", "verify-explained", I, "a request is answered differently, as a finding announced")
VERIFY_GATEWAY_LIMIT = Code(
    "IM952", "verify-gateway-api-limit", I, "a request is answered differently, as no Gateway API output can avoid"
)
VERIFY_INPUT = Code("IM953", "verify-input", E, "the Gateway API objects to verify against could not be used")
VERIFY_NOT_CHECKED = Code("IM954", "verify-not-checked", I, "objects the verification does not model")

CORE_CODES: tuple[Code, ...] = tuple(v for v in globals().values() if isinstance(v, Code))

# Ids declared once and never emitted, so no user saw them; they stay unused. IM214 backend-missing: a path
# without a usable backend is refused by the Ingress schema check (IM101). IM311 tls-host-invalid: a tls host
# that is not a hostname matches no rule (IM302), and a rule host that is not one is IM201.
RETIRED = frozenset({"IM214", "IM311"})
