"""Synthetic manifest repositories for the benchmark: deterministic (seeded), realistic in shape and size.

Each generator writes a folder tree and returns how many Ingresses (and TLS hosts) it holds. Text is built
with plain string formatting, so generating costs little next to what is measured.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

TEAMS = ("payments", "search", "catalog", "identity", "checkout", "media", "growth", "platform", "data", "ops")
WORDS = ("api", "web", "admin", "static", "auth", "img", "cdn", "docs", "status", "hooks", "graphql", "ws")
ANNOTATIONS = (
    ("cert-manager.io/cluster-issuer", "letsencrypt-prod"),
    ("nginx.ingress.kubernetes.io/proxy-body-size", "16m"),
    ("nginx.ingress.kubernetes.io/proxy-read-timeout", '"120"'),
    ("external-dns.alpha.kubernetes.io/ttl", '"300"'),
    ("nginx.ingress.kubernetes.io/ssl-redirect", '"true"'),
)


@dataclass(frozen=True)
class Generated:
    files: int
    documents: int
    ingresses: int
    tls_hosts: int
    size: int  # bytes


def _ingress(rng: random.Random, number: int, namespace: str, hosts: list[str], paths: int, tls: bool) -> str:
    team = TEAMS[number % len(TEAMS)]
    name = f"{team}-{WORDS[number % len(WORDS)]}-{number}"
    out = [
        f"# Ingress {name}: public entry point of the {team} team's service.",
        f"# Owner: {team}@example.com. Change requests go through the {team} on-call rotation.",
        "apiVersion: networking.k8s.io/v1",
        "kind: Ingress",
        "metadata:",
        f"  name: {name}  # referenced by the {team} dashboards",
        f"  namespace: {namespace}",
        "  labels:",
        f"    app.kubernetes.io/name: {name}",
        f"    app.kubernetes.io/part-of: {team}",
        "  annotations:",
        "    # the issuer of the certificate below",
    ]
    for key, value in rng.sample(ANNOTATIONS, 3):
        out.append(f"    {key}: {value}")
    out += ["spec:", "  ingressClassName: nginx"]
    if tls:
        out += ["  # one certificate for every host of this Ingress", "  tls:", "  - hosts:"]
        out += [f"    - {host}" for host in hosts]
        out.append(f"    secretName: {name}-tls")
    out.append("  rules:")
    for host in hosts:
        out += [f"  # {host}: served by the {team} pods", f"  - host: {host}", "    http:", "      paths:"]
        for index in range(paths):
            word = WORDS[(number + index) % len(WORDS)]
            path = "/" if index == 0 else f"/{word}/v{index}"
            kind = ("Prefix", "Exact", "ImplementationSpecific")[rng.randrange(3)] if index else "Prefix"
            out += [
                f"      # {word}: version {index} of the {word} endpoints",
                f"      - path: {path}",
                f"        pathType: {kind}",
                "        backend:",
                "          service:",
                f"            name: {word}-{team}  # see the Service of the same name",
                "            port:",
                f"              number: {8080 + index}",
            ]
    return "\n".join(out) + "\n"


def _deployment(rng: random.Random, name: str, namespace: str) -> str:
    env = "\n".join(
        f'        - name: {key}\n          value: "{rng.randrange(10**6)}"' for key in ("POOL_SIZE", "TIMEOUT", "SEED")
    )
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
  labels:
    app.kubernetes.io/name: {name}
    app.kubernetes.io/version: "1.{rng.randrange(40)}.{rng.randrange(10)}"
spec:
  replicas: {rng.randrange(1, 6)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: {name}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
      containers:
      - name: app
        image: registry.example.com/{namespace}/{name}:1.{rng.randrange(40)}.{rng.randrange(10)}
        imagePullPolicy: IfNotPresent
        args: ["--listen=:8080", "--metrics=:9090", "--log-format=json"]
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
        env:
{env}
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        resources:
          requests:
            cpu: {rng.randrange(50, 500)}m
            memory: {rng.randrange(64, 1024)}Mi
          limits:
            memory: {rng.randrange(1024, 4096)}Mi
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 10
        livenessProbe:
          httpGet:
            path: /livez
            port: http
          initialDelaySeconds: 15
        volumeMounts:
        - name: config
          mountPath: /etc/{name}
          readOnly: true
      volumes:
      - name: config
        configMap:
          name: {name}-config
"""


def _service(name: str, namespace: str) -> str:
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {namespace}
  labels:
    app.kubernetes.io/name: {name}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: {name}
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: metrics
    port: 9090
    targetPort: metrics
"""


def _config_map(rng: random.Random, name: str, namespace: str) -> str:
    lines = "\n".join(f"    {key}.enabled = {str(rng.random() < 0.5).lower()}" for key in WORDS)
    return f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  namespace: {namespace}
data:
  LOG_LEVEL: info
  CACHE_TTL: "{rng.randrange(30, 3600)}"
  app.properties: |
{lines}
    listen.port = 8080
"""


def _write(root: Path, relative: str, documents: list[str]) -> int:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "---\n".join(documents)
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def case_a(root: Path, ingresses: int = 2000, files: int = 500, seed: int = 1) -> Generated:
    """Ingresses with comments and 3 annotations each, spread evenly over `files` files."""
    rng = random.Random(seed)
    size = 0
    per_file = max(1, ingresses // files)
    for index in range(files):
        namespace = f"{TEAMS[index % len(TEAMS)]}-{index % 37}"
        docs = []
        for offset in range(per_file):
            number = index * per_file + offset
            hosts = [f"{WORDS[number % len(WORDS)]}-{number}.{TEAMS[index % len(TEAMS)]}.example.com"]
            if number % 3 == 0:
                hosts.append(f"www-{number}.{TEAMS[index % len(TEAMS)]}.example.com")
            docs.append(_ingress(rng, number, namespace, hosts, paths=4, tls=number % 4 != 0))
        size += _write(root, f"apps/{namespace}/ingress-{index:04d}.yaml", docs)
    return Generated(files, files * per_file, files * per_file, 0, size)


def case_b(root: Path, documents: int = 20000, seed: int = 2) -> Generated:
    """Application folders of Deployments, Services and ConfigMaps; one document in twenty is an Ingress."""
    rng = random.Random(seed)
    size = files = ingresses = written = 0
    app = 0
    while written < documents:
        namespace = f"{TEAMS[app % len(TEAMS)]}-{app % 53}"
        name = f"{WORDS[app % len(WORDS)]}-{app}"
        docs = []
        # Per application, 19 documents of other kinds to 1 Ingress: 5 % Ingresses overall.
        for part in range(6):
            suffix = f"{name}-{part}"
            docs += [
                _deployment(rng, suffix, namespace),
                _service(suffix, namespace),
                _config_map(rng, suffix, namespace),
            ]
        docs.append(_service(f"{name}-extra", namespace))
        host = f"{name}.{TEAMS[app % len(TEAMS)]}.example.com"
        docs.append(_ingress(rng, app, namespace, [host], paths=2, tls=app % 2 == 0))
        ingresses += 1
        size += _write(root, f"apps/{namespace}/{name}/manifests.yaml", docs)
        files += 1
        written += len(docs)
        app += 1
    return Generated(files, written, ingresses, 0, size)


def case_c(root: Path, hosts: int = 5000, per_ingress: int = 5, seed: int = 3) -> Generated:
    """`hosts` TLS hosts in one namespace: a fifth of them in one Ingress with one tls entry (one big
    shared Ingress), the rest `per_ingress` per Ingress, one Ingress per file; the first small Ingress
    has enough paths per host that its routes must be split."""
    rng = random.Random(seed)
    shared = hosts // 5
    names = [f"shared-{k}.saas.example.com" for k in range(shared)]
    size = _write(root, "tenants/shared.yaml", [_ingress(rng, 0, "tenants", names, paths=2, tls=True)])
    files = 1
    count = (hosts - shared) // per_ingress
    for number in range(1, count + 1):
        names = [f"tenant-{number * per_ingress + k}.saas.example.com" for k in range(per_ingress)]
        text = _ingress(rng, number, "tenants", names, paths=300 if number == 1 else 2, tls=True)
        size += _write(root, f"tenants/tenant-{number:05d}.yaml", [text])
        files += 1
    return Generated(files, count + 1, count + 1, shared + count * per_ingress, size)


def case_m(root: Path, filler_files: int, ingresses: int = 200, seed: int = 4) -> Generated:
    """The same `ingresses` Ingresses (and their Services) beside `filler_files` files of Deployments: what
    a streaming reader keeps does not depend on the filler."""
    rng = random.Random(seed)
    size = 0
    for number in range(ingresses):
        namespace = f"{TEAMS[number % len(TEAMS)]}-{number % 7}"
        host = f"app-{number}.{TEAMS[number % len(TEAMS)]}.example.com"
        docs = [_ingress(rng, number, namespace, [host], paths=2, tls=True), _service(f"app-{number}", namespace)]
        size += _write(root, f"ingresses/{namespace}/app-{number}.yaml", docs)
    for number in range(filler_files):
        namespace = f"{TEAMS[number % len(TEAMS)]}-{number % 7}"
        docs = [_deployment(rng, f"worker-{number}-{k}", namespace) for k in range(5)]
        size += _write(root, f"workloads/{namespace}/worker-{number:05d}.yaml", docs)
    return Generated(ingresses + filler_files, 2 * ingresses + 5 * filler_files, ingresses, 0, size)
