"""Comments land next to the generated construct that came from the field they described."""

from __future__ import annotations

import pytest
from support import cli, dedent, run_pipeline, write

from migrate.render import Renderer

MANIFEST = dedent(
    """
    # File header of web.yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web  # on the name
      namespace: web
      annotations:
        # about the issuer
        cert-manager.io/cluster-issuer: "letsencrypt # not a comment"
        example.com/note: |
          # inside a block scalar, not a comment
          text
    spec:
      ingressClassName: nginx
      tls:
      # about the certificate
      - hosts: [web.example.com]  # the only host
        secretName: web-tls
      rules:
      # about the web rule
      - host: web.example.com  # trailing on host
        http:
          paths:
          # about the api path
          - path: /api  # trailing on the api path
            pathType: Prefix
            backend:
              # about the api backend
              service:
                name: api  # trailing on the service name
                port:
                  number: 80  # trailing on the port
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
          # - path: /old
          #   pathType: Prefix
      # about the docs rule
      - host: docs.example.com
        http:
          paths:
          - path: /  # docs root
            pathType: Prefix
            backend:
              service: {name: docs, port: {number: 80}}
    # end of the document
    """
)


def _output() -> str:
    result = run_pipeline(("web.yaml", MANIFEST))
    renderer = Renderer()
    return "---\n".join(renderer.render(obj).text for obj in result.objects)


def _next_construct(text: str, comment: str) -> str:
    """The first line after `# comment` that is not a comment: what the comment sits on."""
    lines = text.splitlines()
    index = lines.index(next(line for line in lines if line.strip() == f"# {comment}"))
    return next(line for line in lines[index + 1 :] if not line.lstrip().startswith("#")).strip()


@pytest.mark.parametrize(
    ("comment", "construct"),
    [
        pytest.param("about the certificate", '- name: "https.web.example.com"', id="above-tls-entry"),
        pytest.param("the only host", '- name: "https.web.example.com"', id="trailing-on-tls-host"),
        pytest.param("about the api path", "- path:", id="above-path"),
        pytest.param("trailing on the api path", "- path:", id="trailing-on-path"),
        pytest.param("about the api backend", '- name: "api"', id="above-backend"),
        pytest.param("trailing on the service name", '- name: "api"', id="trailing-in-backend"),
        pytest.param("trailing on the port", '- name: "api"', id="trailing-on-port"),
        pytest.param("docs root", "- path:", id="trailing-on-docs-path"),
    ],
)
def test_comment_sits_on_its_construct(comment: str, construct: str) -> None:
    assert _next_construct(_output(), comment) == construct


def _route_header(text: str, host: str) -> list[str]:
    """The comments written above the HTTPRoute for `host` (on the HTTPS listener)."""
    for document in text.split("---\n"):
        if f'  name: "{host}"\n' in document and 'kind: "HTTPRoute"' in document:
            return [line[2:] for line in document.splitlines() if line.startswith("# ")]
    raise AssertionError(f"no route for {host}")


def test_route_comments() -> None:
    text = _output()
    web = _route_header(text, "web.example.com")
    docs = _route_header(text, "docs.example.com")
    shared = ["File header of web.yaml", "on the name", "about the issuer"]
    # Comments about the whole Ingress go to each route it produced; a rule's comments only to its host.
    assert web[:3] == shared and docs[:3] == shared
    assert "about the web rule" in web and "trailing on host" in web
    assert "about the docs rule" in docs and "about the web rule" not in docs
    # Commented-out YAML at the end of the web host's paths belongs to that host, not to docs.
    assert "- path: /old" in web and "  pathType: Prefix" in web
    assert "- path: /old" not in docs
    assert "end of the document" in web


def test_hash_inside_values_is_not_a_comment() -> None:
    text = _output()
    assert "not a comment" not in text
    assert "inside a block scalar" not in text


def test_every_comment_is_kept() -> None:
    text = _output()
    comments = [
        line.split("#", 1)[1].removeprefix(" ").rstrip()  # the author's indentation inside the comment stays
        for line in MANIFEST.splitlines()
        if "#" in line and "not a comment" not in line and "inside a block scalar" not in line
    ]
    assert len(comments) == 17
    for comment in comments:
        assert f"# {comment}\n" in text, comment


def test_comments_with_crlf_and_tabs(tmp_path: object) -> None:
    directory = write(tmp_path, {"crlf.yaml": MANIFEST.replace("\n", "\r\n")})  # type: ignore[arg-type]
    run = cli("convert", str(directory / "crlf.yaml"))
    assert run.exit_code == 0
    assert "\r" not in run.stdout
    assert "# about the api path" in run.stdout


def test_tool_directives_are_not_copied() -> None:
    manifest = MANIFEST.replace("# File header of web.yaml", "# yaml-language-server: $schema=ingress.json")
    result = run_pipeline(("web.yaml", manifest))
    text = "".join(Renderer().render(obj).text for obj in result.objects)
    assert "yaml-language-server" not in text
