"""What Gateway API v1.6.1 and Kubernetes reject: hostnames, placeholders, paths and object names."""

from __future__ import annotations

import pytest
from support import check_gateway_api, codes, dump, ingress, rendered, rule, run_pipeline

from migrate.validation import hostname_problem, name_problem, path_problem


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("example.com", id="apex"),
        pytest.param("shop.example.com", id="subdomain"),
        pytest.param("*.example.com", id="wildcard"),
        pytest.param("localhost", id="single-label"),
        pytest.param("a-b.c-d.example", id="dashes"),
        pytest.param("xn--bcher-kva.example", id="punycode"),
        pytest.param("1password.com", id="leading-digit"),
        pytest.param("a" * 63 + ".example.com", id="63-character-label"),
    ],
)
def test_valid_hostnames(host: str) -> None:
    assert hostname_problem(host) is None


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        pytest.param("${domain}", "placeholder", id="shell-placeholder"),
        pytest.param("api.${DOMAIN}", "placeholder", id="shell-placeholder-suffix"),
        pytest.param("<SUB_DOMAIN>.example.com", "placeholder", id="angle-placeholder"),
        pytest.param("$(HOST)", "placeholder", id="make-placeholder"),
        pytest.param("{{ .Values.host }}", "placeholder", id="helm-placeholder"),
        pytest.param("%{host}", "placeholder", id="percent-placeholder"),
        pytest.param("__HOST__.example.com", "placeholder", id="underscore-placeholder"),
        pytest.param("$HOST", "placeholder", id="dollar-variable"),
        pytest.param("Shop.Example.com", "upper-case", id="upper-case"),
        pytest.param("10.0.0.1", "IP address", id="ipv4"),
        pytest.param("a.*.example.com", "wildcard", id="inner-wildcard"),
        pytest.param("*example.com", "wildcard", id="partial-wildcard"),
        pytest.param("*", "wildcard", id="bare-star"),
        pytest.param("under_score.example.com", "not a valid DNS name", id="underscore"),
        pytest.param("-leading.example.com", "not a valid DNS name", id="leading-dash"),
        pytest.param("trailing.example.com.", "not a valid DNS name", id="trailing-dot"),
        pytest.param("a b.example.com", "not a valid DNS name", id="space"),
        pytest.param("bücher.example", "not a valid DNS name", id="unicode"),
        pytest.param("a" * 250 + ".com", "longer than 253", id="too-long"),
    ],
)
def test_invalid_hostnames(host: str, reason: str) -> None:
    problem = hostname_problem(host)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="root"),
        pytest.param("/api/v1", id="segments"),
        pytest.param("/docs/", id="trailing-slash"),
        pytest.param("/~user/it's:here@!$&()*+,;=", id="sub-delims"),
        pytest.param("/caf%C3%A9", id="percent-encoded"),
        pytest.param("/v1/(.*)", id="regex-looking-but-allowed"),
        pytest.param("/" + "a" * 1023, id="1024-characters"),
    ],
)
def test_valid_paths(path: str) -> None:
    assert path_problem(path) is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        pytest.param("api", "does not start with '/'", id="relative"),
        pytest.param("/a//b", "'//'", id="double-slash"),
        pytest.param("/a/./b", "'/./'", id="dot-segment"),
        pytest.param("/a/../b", "'/../'", id="dot-dot-segment"),
        pytest.param("/a/..", "dot segment", id="ends-with-dot-dot"),
        pytest.param("/a/.", "dot segment", id="ends-with-dot"),
        pytest.param("/a%2fb", "'%2f'", id="encoded-slash"),
        pytest.param("/a%2Fb", "'%2F'", id="encoded-slash-upper"),
        pytest.param("/a#b", "'#'", id="fragment"),
        pytest.param("/with space", "' '", id="space"),
        pytest.param("/café", "'é'", id="unicode"),
        pytest.param("/v2/[a-z]+", "'['", id="brackets"),
        pytest.param("/a%zz", "bad %-escape", id="bad-escape"),
        pytest.param('/"quoted"', "'\"'", id="double-quote"),
        pytest.param("/a\nb", "'\\n'", id="newline"),
        pytest.param("/" + "a" * 1024, "longer than 1024", id="too-long"),
    ],
)
def test_invalid_paths(path: str, reason: str) -> None:
    problem = path_problem(path)
    assert problem is not None and reason in problem, problem


@pytest.mark.parametrize(
    ("value", "kind", "valid"),
    [
        pytest.param("web", "subdomain", True, id="subdomain"),
        pytest.param("web.v2", "subdomain", True, id="subdomain-with-dot"),
        pytest.param("Web", "subdomain", False, id="subdomain-upper"),
        pytest.param("a" * 254, "subdomain", False, id="subdomain-too-long"),
        pytest.param("team-a", "label", True, id="label"),
        pytest.param("team.a", "label", False, id="label-with-dot"),
        pytest.param("a" * 64, "label", False, id="label-too-long"),
        pytest.param("api", "service", True, id="service"),
        pytest.param("1api", "service", False, id="service-leading-digit"),
        pytest.param("api.v1", "service", False, id="service-with-dot"),
    ],
)
def test_object_names(value: str, kind: str, valid: bool) -> None:
    assert (name_problem(value, kind) is None) is valid


def test_rejected_hosts_and_paths_are_left_out_with_a_finding() -> None:
    """Through the whole pipeline: every bad host or path gets a finding where it is written and is absent
    from the output, the rest converts, and the output keeps Gateway API's rules."""
    manifest = ingress(
        "mixed",
        [
            rule("${domain}", ("/", "Prefix", "web", 80)),
            rule("<SUB_DOMAIN>.example.com", ("/", "Prefix", "web", 80)),
            rule("ok.example.com", ("/good", "Prefix", "web", 80), ("/bad path", "Prefix", "web", 80)),
            rule("ok.example.com", ("/a//b", "Exact", "web", 80), ("/x#y", "Prefix", "web", 80)),
        ],
    )
    text = dump(manifest)
    result = run_pipeline(("in.yaml", text))
    assert codes(result.findings).count("IM201") == 2
    assert codes(result.findings).count("IM202") == 3
    lines = text.splitlines()
    for finding in result.findings:
        if finding.code.id in ("IM201", "IM202"):  # each points at the line that holds the rejected value
            assert finding.line is not None and finding.file == "in.yaml"
            written = lines[finding.line - 1]
            assert any(bad in written for bad in ("${domain}", "<SUB_DOMAIN>", "/bad path", "/a//b", "/x#y"))
    documents = rendered(result)
    check_gateway_api(documents)
    routes = [d for d in documents if d["kind"] == "HTTPRoute"]
    assert [r["spec"]["hostnames"] for r in routes] == [["ok.example.com"]]
    values = [m["path"]["value"] for r in routes for x in r["spec"]["rules"] for m in x["matches"]]
    assert values == ["/good"]
