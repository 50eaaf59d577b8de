"""How fast `ingress-migrate validate` is: generated HTTPRoutes and Gateways validated against the CRDs given.

    python bench/validate.py --crds PATH/TO/standard-install.yaml [--objects 5000]

Prints the time to read the CRDs and to validate, and objects per second. Run it alone on a quiet machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from migrate.apiserver.celrules import load_engine
from migrate.apiserver.crds import read_crds
from migrate.apiserver.validate import validate_objects
from migrate.source import SourceFile


def route(number: int) -> dict[str, Any]:
    rules = [
        {
            "matches": [
                {
                    "path": {"type": "PathPrefix", "value": f"/app{number}/{r}"},
                    "headers": [{"name": "x-v", "value": "1"}],
                }
            ],
            "filters": [
                {"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "x-a", "value": "b"}]}}
            ],
            "backendRefs": [{"name": f"svc-{number}", "port": 8080, "weight": 1}],
        }
        for r in range(4)
    ]
    return {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": f"route-{number}", "namespace": "bench"},
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra"}],
            "hostnames": [f"h{number}.example.com"],
            "rules": rules,
        },
    }


def gateway(number: int) -> dict[str, Any]:
    listeners = [
        {"name": f"https-{i}", "protocol": "HTTPS", "port": 443, "hostname": f"h{i}.example.com",
         "tls": {"certificateRefs": [{"name": f"cert-{i}"}]}, "allowedRoutes": {"namespaces": {"from": "All"}}}
        for i in range(16)
    ]  # fmt: skip
    return {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": f"gw-{number}", "namespace": "infra"},
        "spec": {"gatewayClassName": "eg", "listeners": listeners},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crds", type=Path, required=True, help="a CRD file or a folder of them")
    parser.add_argument("--objects", type=int, default=5000)
    args = parser.parse_args()
    files = sorted(args.crds.glob("*.yaml")) if args.crds.is_dir() else [args.crds]
    start = time.perf_counter()
    catalog, problems = read_crds(SourceFile(f.name, f.read_bytes()) for f in files)
    engine = load_engine()
    loaded = time.perf_counter() - start
    if problems:
        raise SystemExit(f"unusable CRDs: {problems}")
    objects = [gateway(i) if i % 10 == 0 else route(i) for i in range(args.objects)]
    start, cpu = time.perf_counter(), time.process_time()
    reports = validate_objects(objects, catalog, engine)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    invalid = sum(not r.valid for r in reports)
    cel = "with CEL" if engine is not None else "WITHOUT CEL (package not installed)"
    print(f"CRDs read and CEL engine loaded in {loaded:.2f}s")
    print(
        f"{len(reports)} objects validated {cel} in {took:.2f}s ({cpu:.2f}s of CPU): "
        f"{len(reports) / cpu:,.0f}/s of CPU, {invalid} invalid"
    )


if __name__ == "__main__":
    main()
