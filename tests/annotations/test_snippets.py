"""snippets: each one an error that quotes it and says under which controller settings the Ingress was served."""

from __future__ import annotations

import json

import pytest
from ingress_findings import PREFIX, about, findings_of, ingress

SETTINGS = "annotations-risk-level: High, allow-snippet-annotations: false"

CASES = [
    pytest.param(
        "configuration-snippet",
        'more_set_headers "X-Frame-Options: DENY";\nmore_set_headers "X-A: b";\n',
        ["2 lines, first", json.dumps('more_set_headers "X-Frame-Options: DENY";'), "SnippetsFilter"],
        id="configuration-snippet-quotes-its-first-line",
    ),
    pytest.param(
        "server-snippet",
        "\n\n  location /metrics { deny all; }\n",
        ['1 line, first "location /metrics { deny all; }"', "only the oldest Ingress's server-snippet counted"],
        id="server-snippet-skips-blank-lines",
    ),
    pytest.param(
        "stream-snippet",
        "server { listen 5432; proxy_pass db; }",
        ["TCPRoute or UDPRoute"],
        id="stream-snippet",
    ),
    pytest.param(
        "auth-snippet",
        "proxy_set_header X-Extra 1;",
        ["without auth-url it had no effect at all"],
        id="auth-snippet-without-auth-url",
    ),
    pytest.param(
        "modsecurity-snippet",
        "SecRuleEngine On",
        ["applied only where ModSecurity was on"],
        id="modsecurity-snippet",
    ),
    pytest.param(
        "configuration-snippet", "", ["empty, yet its presence alone counts"], id="empty-snippet-still-counts"
    ),
    pytest.param(
        "configuration-snippet",
        "x" * 200,
        [json.dumps("x" * 59 + "…", ensure_ascii=False)],
        id="long-first-line-is-cut",
    ),
]


@pytest.mark.parametrize(("key", "text", "fragments"), CASES)
def test_snippet_is_an_error_that_quotes_it(key: str, text: str, fragments: list[str]) -> None:
    found = about(findings_of(ingress({key: text})), key)
    assert [(f.code[:4], f.severity) for f in found] == [("IM59", "error")]
    message = found[0].message
    assert SETTINGS in message and "refused this whole Ingress" in message
    assert "annotations-risk-level: Critical" in message
    for fragment in fragments:
        assert fragment in message


def test_routing_of_an_ingress_with_a_snippet_is_still_converted() -> None:
    from migrate.convert import convert
    from migrate.options import Options
    from migrate.source import SourceFile

    text = ingress({"configuration-snippet": "return 403;"})
    result = convert([SourceFile("input.yaml", text.encode())], Options())
    assert [obj.kind for obj in result.objects] == ["Gateway", "HTTPRoute"]


def test_snippet_on_a_canary_still_refuses_the_ingress() -> None:
    primary = ingress({}, name="primary")
    canary = ingress({"canary": "true", "canary-weight": "10", "server-snippet": "return 403;"}, name="canary")
    found = findings_of(primary, canary)
    snippet = [f for f in found if f.field == f"{PREFIX}/server-snippet"]
    assert [f.code for f in snippet] == ["IM591"]
    assert "on a canary Ingress the snippet itself was ignored" in snippet[0].message
