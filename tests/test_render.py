"""The quoting filter, hostile values through the whole conversion, and template overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import check_gateway_api, cli, dump, ingress, rule, write

from migrate.render import RenderError, comment, quote

HOSTILE = [
    pytest.param("plain", id="plain"),
    pytest.param("a\nkind: Secret", id="newline-injection"),
    pytest.param("a\r\nb", id="crlf"),
    pytest.param("key: value", id="colon-space"),
    pytest.param("# not a comment", id="hash"),
    pytest.param("a #b", id="space-hash"),
    pytest.param("*alias", id="alias"),
    pytest.param("&anchor", id="anchor"),
    pytest.param("!!python/object:os.system", id="tag"),
    pytest.param("*", id="star"),
    pytest.param("yes", id="yes"),
    pytest.param("no", id="no"),
    pytest.param("on", id="on"),
    pytest.param("off", id="off"),
    pytest.param("y", id="y"),
    pytest.param("true", id="true"),
    pytest.param("null", id="null"),
    pytest.param("~", id="tilde"),
    pytest.param("", id="empty"),
    pytest.param("1e3", id="float-exponent"),
    pytest.param("0x1F", id="hex"),
    pytest.param("0o17", id="octal"),
    pytest.param("012", id="yaml11-octal"),
    pytest.param("1_000", id="underscore-number"),
    pytest.param("12:30:00", id="sexagesimal"),
    pytest.param("2024-01-01", id="date"),
    pytest.param(".inf", id="infinity"),
    pytest.param("---", id="document-start"),
    pytest.param("...", id="document-end"),
    pytest.param("- item", id="sequence"),
    pytest.param("{a: 1}", id="flow-mapping"),
    pytest.param("[1, 2]", id="flow-sequence"),
    pytest.param("'single'", id="single-quotes"),
    pytest.param('"double"', id="double-quotes"),
    pytest.param("back\\slash", id="backslash"),
    pytest.param("|", id="literal-block"),
    pytest.param(">", id="folded-block"),
    pytest.param("% directive", id="directive"),
    pytest.param("@reserved", id="reserved"),
    pytest.param("`reserved", id="backtick"),
    pytest.param("  padded  ", id="spaces"),
    pytest.param("\ttab", id="tab"),
    pytest.param("café ünïcödé 日本語 🚀", id="unicode"),
    pytest.param("\x00\x01\x07\x1b", id="c0-controls"),
    pytest.param("\x7f\x85\x9f", id="del-nel-c1"),
    pytest.param("\u2028\u2029", id="unicode-line-separators"),
    pytest.param("\ufeffbom", id="byte-order-mark"),
    pytest.param("\ud800", id="lone-surrogate"),
    pytest.param("{{ .Values.x }}", id="template"),
]


@pytest.mark.parametrize("value", HOSTILE)
def test_quote_reads_back_as_itself(value: str) -> None:
    text = quote(value)
    assert "\n" not in text and "\r" not in text
    assert yaml.safe_load(f"key: {text}\nother: 1\n") == {"key": value, "other": 1}
    assert yaml.safe_load(f"- {text}\n") == [value]


@pytest.mark.parametrize("value", [pytest.param(0, id="zero"), pytest.param(443, id="port")])
def test_quote_numbers(value: int) -> None:
    assert yaml.safe_load(f"key: {quote(value)}") == {"key": value}


@pytest.mark.parametrize(
    "value",
    [pytest.param(None, id="none"), pytest.param({"a": 1}, id="dict"), pytest.param([1], id="list")],
)
def test_quote_refuses_structures(value: object) -> None:
    with pytest.raises(RenderError):
        quote(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_comment_stays_one_comment_line(value: str) -> None:
    text = f"# {comment(value)}\nkey: 1\n"
    assert yaml.safe_load(text) == {"key": 1}


def _hostile_repo(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository whose file name, comments and paths are hostile; only valid values can reach the
    output, and they must come back exactly."""
    odd = "we: ird #\n- kind: Secret 日本.yaml"
    path = "/yes:no@1e3!null$&'()*+,;=~"
    manifest = ingress(
        "hostile",
        [rule("on.example.com", (path, "Prefix", "web", 80), ("/null", "Exact", "web", 8080))],
        namespace="yes",
        tls=[{"hosts": ["on.example.com"], "secretName": "1e3"}],
    )
    header = "# ---\n# key: value\n# 'quotes' \"double\" {{ braces }} *star &anchor !tag\n"
    write(tmp_path, {odd: header + dump(manifest)})
    return tmp_path, odd, path


def test_no_injection_through_the_whole_conversion(tmp_path: Path) -> None:
    directory, odd, path = _hostile_repo(tmp_path)
    run = cli("convert", str(directory))
    assert run.exit_code == 0, run.stderr
    documents = run.documents
    check_gateway_api(documents)
    assert [d["kind"] for d in documents] == ["Gateway", "ReferenceGrant", "HTTPRoute", "HTTPRoute"]
    route = next(d for d in documents if d["metadata"]["name"] == "on.example.com")
    assert route["metadata"]["namespace"] == "yes"
    assert route["metadata"]["annotations"]["ingress-migrate.io/source-file"] == odd
    values = [m["path"]["value"] for r in route["spec"]["rules"] for m in r["matches"]]
    assert values == [path, "/null"]
    secret = documents[0]["spec"]["listeners"][1]["tls"]["certificateRefs"][0]["name"]
    assert secret == "1e3" and isinstance(secret, str)
    # The comments are all still comments: the stream parses to the same objects without them.
    stripped = "\n".join(line for line in run.stdout.splitlines() if not line.lstrip().startswith("#"))
    assert list(yaml.safe_load_all(stripped)) == documents


def test_no_injection_into_output_files(tmp_path: Path) -> None:
    directory, odd, _ = _hostile_repo(tmp_path / "in")
    out = tmp_path / "out"
    run = cli("convert", str(directory), "--output-dir", str(out))
    assert run.exit_code == 0, run.stderr
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert sorted(p.name for p in files) == sorted(["gateway-system.nginx.gateway.yaml", odd[:-5] + ".routes.yaml"])
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text.startswith("# Generated by ingress-migrate")
        kinds = [d["kind"] for d in yaml.safe_load_all(text)]
        assert "Secret" not in kinds and kinds


# --- templates -----------------------------------------------------------------------------------------------

SITE = dump(
    ingress(
        "site",
        [rule("site.example.com", ("/", "Prefix", "web", 80))],
        tls=[{"hosts": ["site.example.com"], "secretName": "site-tls"}],
    )
)


def test_templates_override_one_template(tmp_path: Path) -> None:
    from migrate.render import builtin_templates

    bundled = (builtin_templates() / "referencegrant.yaml.j2").read_text(encoding="utf-8")
    overrides = write(tmp_path / "templates", {"referencegrant.yaml.j2": "# team override\n" + bundled})
    manifests = write(tmp_path / "in", {"site.yaml": SITE})
    plain = cli("convert", str(manifests))
    run = cli("convert", str(manifests), "--templates", str(overrides))
    assert run.exit_code == 0
    assert run.stdout.count("# team override") == 1
    assert run.stdout.replace("# team override\n", "") == plain.stdout  # the other templates are untouched
    assert run.documents == plain.documents


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param("{{ grant.no_such_field | q }}", "no attribute 'no_such_field'", id="undefined-field"),
        pytest.param("{% if %}", "template referencegrant.yaml.j2", id="syntax-error"),
        pytest.param("{{ 1 / 0 }}", "ZeroDivisionError", id="expression-raises"),
        pytest.param("{{ grant.grant_to | q }}", "as a scalar", id="structure-through-q"),
        pytest.param("kind: Nope\n", "rendered the wrong object", id="wrong-object"),
        pytest.param("a: [\n", "invalid YAML", id="invalid-yaml"),
        pytest.param("", "exactly one mapping", id="empty"),
        pytest.param("{% include 'missing.j2' %}", "missing.j2", id="missing-include"),
    ],
)
def test_broken_override_is_a_clear_error(tmp_path: Path, template: str, message: str) -> None:
    overrides = write(tmp_path / "templates", {"referencegrant.yaml.j2": template})
    manifests = write(tmp_path / "in", {"site.yaml": SITE})
    run = cli("convert", str(manifests), "--templates", str(overrides))
    assert run.exit_code == 1
    assert run.stdout == ""  # nothing half-written
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ingress-migrate: error: ")
    assert message in lines[0] and str(overrides) in lines[0]
    assert "Traceback" not in run.stderr


def test_templates_folder_must_exist(tmp_path: Path) -> None:
    run = cli("convert", str(write(tmp_path, {"site.yaml": SITE})), "--templates", str(tmp_path / "nope"))
    assert run.exit_code == 2


def test_a_finding_about_a_hostile_file_name_stays_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"bad\nname\u2028.yaml": "kind: Ingress\nspec: {{ .Values.spec }}\n"})
    run = cli("convert", str(tmp_path))
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 2 and "bad\\nname\\u2028.yaml:2:8: error IM002" in lines[0]
