"""Small manifest trees for the workflow tests."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from migrate.cli import app


def ingress(name: str, host: str, namespace: str = "web", tls: bool = False) -> str:
    secret = f"  tls:\n  - hosts: [{host}]\n    secretName: {name}-tls\n" if tls else ""
    return (
        f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
        f"spec:\n  ingressClassName: nginx\n{secret}  rules:\n  - host: {host}\n    http:\n      paths:\n"
        f"      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: {name}\n"
        "            port:\n              number: 80\n"
    )


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def run(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(arguments), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
