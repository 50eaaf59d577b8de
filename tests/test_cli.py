"""The command: inputs, stdout and stderr, exit codes 0/1/2/3, --strict, output files, `python -m migrate`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import Run, cli, dedent, dump, ingress, rule, write

from migrate import __version__

GOOD = dump(ingress("web", [rule("web.example.com", ("/", "Prefix", "web", 80))], namespace="web"))
BROKEN = "apiVersion: v1\nkind: Ingress\nmetadata: [\n"
_LOOSE = ingress("loose", [rule("loose.example.com", ("/", "Prefix", "x", 80))])
del _LOOSE["spec"]["rules"][0]["http"]["paths"][0]["pathType"]  # a warning (IM204), nothing worse
WARNING = dump(_LOOSE)


def _line(run: Run, code: str) -> str:
    """The one finding line with this code."""
    (found,) = [line for line in run.finding_lines if f" {code} " in line]
    return found


def test_output_on_stdout_findings_on_stderr(tmp_path: Path) -> None:
    run = cli("convert", str(write(tmp_path, {"web.yaml": GOOD}) / "web.yaml"))
    assert run.exit_code == 0
    assert [d["kind"] for d in run.documents] == ["Gateway", "HTTPRoute"]
    assert "IM313" not in run.stdout and "ingress-migrate:" not in run.stdout
    lines = run.stderr.splitlines()
    https = _line(run, "IM313")
    assert https.endswith("pass --default-certificate to keep 443") and " info IM313 [web/web] " in https
    infos = sum(" info " in line for line in lines[:-1])
    assert lines[-1] == f"ingress-migrate: 1 Ingress converted into 2 objects; 0 errors, 0 warnings, {infos} infos"


def test_finding_line_format(tmp_path: Path) -> None:
    write(tmp_path, {"apps/web.yaml": GOOD})
    run = cli("convert", str(tmp_path / "apps"))
    # file:line:column: severity CODE [namespace/name] message, the file as the user can open it
    assert _line(run, "IM313") == (
        f"{tmp_path / 'apps' / 'web.yaml'}:18:11: info IM313 [web/web] host web.example.com has no tls, but "
        "ingress-nginx still answered it on port 443 with its default (self-signed) certificate; the Gateway "
        "serves it on port 80 only: pass --default-certificate to keep 443"
    )


def test_relative_paths_are_shown_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"apps/web.yaml": GOOD})
    monkeypatch.chdir(tmp_path)
    run = cli("convert", "apps")
    assert _line(run, "IM313").startswith("apps/web.yaml:18:11: ")
    assert run.documents[1]["metadata"]["annotations"]["ingress-migrate.io/source-file"] == "web.yaml"


def test_stdin(tmp_path: Path) -> None:
    run = cli("convert", "-", stdin=GOOD)
    assert run.exit_code == 0
    assert run.documents[1]["metadata"]["annotations"]["ingress-migrate.io/source-file"] == "<stdin>"
    assert _line(run, "IM313").startswith("<stdin>:18:11: ")


def test_stdin_together_with_files(tmp_path: Path) -> None:
    other = dump(ingress("api", [rule("api.example.com", ("/", "Prefix", "api", 80))], namespace="web"))
    run = cli("convert", str(write(tmp_path, {"web.yaml": GOOD}) / "web.yaml"), "-", stdin=other)
    assert sorted(d["metadata"]["name"] for d in run.documents if d["kind"] == "HTTPRoute") == [
        "api.example.com",
        "web.example.com",
    ]


def test_directory_walk_skips_hidden_and_other_files(tmp_path: Path) -> None:
    api = dump(ingress("api", [rule("api.example.com", ("/", "Prefix", "api", 80))], namespace="web"))
    hidden = dump(ingress("hidden", [rule("hidden.example.com", ("/", "Prefix", "h", 80))], namespace="web"))
    as_json = json.dumps(ingress("js", [rule("js.example.com", ("/", "Prefix", "j", 80))], namespace="web"))
    write(
        tmp_path,
        {
            "a/web.yaml": GOOD,
            "a/b/api.yml": api,
            "a/b/c/js.json": as_json,
            ".git/hidden.yaml": hidden,
            "a/.hidden.yaml": hidden,
            "a/notes.txt": hidden,
            "a/README.md": "# not a manifest",
        },
    )
    run = cli("convert", str(tmp_path))
    hosts = sorted(d["spec"]["hostnames"][0] for d in run.documents if d["kind"] == "HTTPRoute")
    assert hosts == ["api.example.com", "js.example.com", "web.example.com"]


def test_multi_document_list_and_json(tmp_path: Path) -> None:
    listed = {"apiVersion": "v1", "kind": "List", "items": [yaml.safe_load(GOOD)]}
    run = cli("convert", str(write(tmp_path, {"dump.json": json.dumps(listed)}) / "dump.json"))
    assert run.exit_code == 0 and [d["kind"] for d in run.documents] == ["Gateway", "HTTPRoute"]


@pytest.mark.parametrize(
    ("files", "args", "code"),
    [
        pytest.param({"ok.yaml": GOOD}, [], 0, id="converted"),
        pytest.param({"ok.yaml": GOOD, "broken.yaml": BROKEN}, [], 1, id="bad-input-rest-converted"),
        pytest.param({"warn.yaml": WARNING}, [], 0, id="warning"),
        pytest.param({"warn.yaml": WARNING}, ["--strict"], 1, id="warning-strict"),
        pytest.param({"ok.yaml": GOOD}, ["--strict"], 0, id="info-strict"),
        pytest.param({"tpl.yaml": "{{ if .Values.x }}\nkind: Ingress\n"}, [], 1, id="helm-template"),
        pytest.param({"ok.yaml": GOOD}, ["--gateway", "nope"], 2, id="bad-reference"),
        pytest.param({"ok.yaml": GOOD}, ["--default-certificate", "a/B"], 2, id="bad-certificate"),
        pytest.param({"ok.yaml": GOOD}, ["--namespace", "Bad_NS"], 2, id="bad-namespace"),
        pytest.param({"ok.yaml": GOOD}, ["--gateway-namespace", "x.y"], 2, id="bad-gateway-namespace"),
        pytest.param({"ok.yaml": GOOD}, ["--gateway-name", "UPPER"], 2, id="bad-gateway-name"),
        pytest.param({"ok.yaml": GOOD}, ["--no-such-option"], 2, id="unknown-option"),
        pytest.param({"ok.yaml": GOOD}, ["-o", "xml"], 2, id="unknown-format"),
    ],
)
def test_exit_codes(tmp_path: Path, files: dict[str, str], args: list[str], code: int) -> None:
    write(tmp_path, files)
    run = cli("convert", *args, str(tmp_path))
    assert run.exit_code == code, run.stderr
    if code == 1:  # what could be converted still is
        assert ("ok.yaml" not in files) or run.documents
    if code == 2:
        assert run.stdout == "" and "Usage:" in run.stderr


def test_bad_input_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"ok.yaml": GOOD, "broken.yaml": BROKEN})
    run = cli("convert", str(tmp_path))
    broken = [line for line in run.finding_lines if "IM001" in line]
    assert len(broken) == 1 and broken[0].startswith(f"{tmp_path / 'broken.yaml'}:4:1: error IM001 ")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-path"),
        pytest.param(["does-not-exist.yaml"], id="missing-path"),
        pytest.param(["-", "-"], id="stdin-twice"),
    ],
)
def test_usage_errors(args: list[str]) -> None:
    run = cli("convert", *args)
    assert run.exit_code == 2 and run.stdout == ""


def test_internal_error_is_exit_3_with_a_request_to_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import migrate.convert

    def broken(*_: object) -> object:
        raise RuntimeError("a bug in the servers model")

    monkeypatch.setattr(migrate.convert, "convert_inputs", broken)
    monkeypatch.delenv("INGRESS_MIGRATE_DEBUG", raising=False)
    run = cli("convert", str(write(tmp_path, {"ok.yaml": GOOD})))
    assert run.exit_code == 3
    assert run.stdout == ""
    assert run.stderr.startswith("ingress-migrate: internal error: RuntimeError: a bug in the servers model.")
    assert "please report it" in run.stderr and "Traceback" not in run.stderr
    monkeypatch.setenv("INGRESS_MIGRATE_DEBUG", "1")
    assert "Traceback" in cli("convert", str(tmp_path)).stderr


def test_internal_error_in_a_bundled_template_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from migrate import render

    monkeypatch.setitem(render.TEMPLATES, "HTTPRoute", ("gateway.yaml.j2", "route"))
    run = cli("convert", str(write(tmp_path, {"ok.yaml": GOOD})))
    assert run.exit_code == 3 and "internal error" in run.stderr


def test_interrupt_is_exit_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import migrate.convert

    def interrupted(*_: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(migrate.convert, "convert_inputs", interrupted)
    run = cli("convert", str(write(tmp_path, {"ok.yaml": GOOD})))
    assert run.exit_code == 130


def test_json_output(tmp_path: Path) -> None:
    run = cli("convert", "-o", "json", str(write(tmp_path, {"ok.yaml": GOOD})))
    document = json.loads(run.stdout)
    assert document["kind"] == "List" and [i["kind"] for i in document["items"]] == ["Gateway", "HTTPRoute"]
    yaml_run = cli("convert", str(tmp_path))
    assert document["items"] == yaml_run.documents


def test_json_output_with_nothing_converted(tmp_path: Path) -> None:
    run = cli("convert", "-o", "json", str(write(tmp_path, {"svc.yaml": "apiVersion: v1\nkind: Service\n"})))
    assert json.loads(run.stdout) == {"apiVersion": "v1", "kind": "List", "items": []}


def test_version() -> None:
    run = cli("--version")
    assert run.exit_code == 0 and run.stdout == f"ingress-migrate {__version__}\n"


# --- --output-dir ----------------------------------------------------------------------------------------


def test_output_dir_layout(tmp_path: Path) -> None:
    api = dump(ingress("api", [rule("api.example.com", ("/", "Prefix", "api", 80))], namespace="web"))
    source = write(tmp_path / "repo", {"apps/web/ingress.yaml": GOOD, "apps/api.yml": api})
    out = tmp_path / "out"
    run = cli("convert", str(source), "--output-dir", str(out))
    assert run.exit_code == 0 and run.stdout == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["apps/api.routes.yaml", "apps/web/ingress.routes.yaml", "gateway-system.nginx.gateway.yaml"]
    header = (out / "apps/web/ingress.routes.yaml").read_text().splitlines()[0]
    assert header.startswith("# Generated by ingress-migrate (sha256:")
    assert " from apps/web/ingress.yaml; edit the Ingresses and convert again" in header


def test_output_dir_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("convert", "-o", "json", str(write(tmp_path / "in", {"web.yaml": GOOD})), "--output-dir", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["gateway-system.nginx.gateway.json", "web.routes.json"]


def test_output_dir_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("convert", "-", "--output-dir", str(out), stdin=GOOD)
    assert sorted(p.name for p in out.iterdir()) == ["gateway-system.nginx.gateway.yaml", "stdin.routes.yaml"]


def test_output_dir_keeps_files_it_did_not_write(tmp_path: Path) -> None:
    out = write(tmp_path / "out", {"web.routes.yaml": "# mine\nkind: ConfigMap\n"})
    source = write(tmp_path / "in", {"web.yaml": GOOD})
    run = cli("convert", str(source), "--output-dir", str(out))
    assert run.exit_code == 1 and "IM012" in run.stderr
    assert (out / "web.routes.yaml").read_text() == "# mine\nkind: ConfigMap\n"
    assert (out / "gateway-system.nginx.gateway.yaml").exists()  # the rest is still written
    forced = cli("convert", str(source), "--output-dir", str(out), "--force")
    assert forced.exit_code == 0 and "HTTPRoute" in (out / "web.routes.yaml").read_text()


def test_output_dir_inside_the_input_never_overwrites_an_input(tmp_path: Path) -> None:
    source = write(tmp_path, {"web.routes.yaml": GOOD, "web.yaml": GOOD.replace("web.example", "www.example")})
    before = (source / "web.routes.yaml").read_text()
    run = cli("convert", str(source), "--output-dir", str(source), "--force")
    assert (source / "web.routes.yaml").read_text() == before
    assert "IM012" in run.stderr and "would overwrite an input file" in run.stderr


# --- python -m migrate -----------------------------------------------------------------------------------


def test_python_dash_m_works_like_the_command(tmp_path: Path) -> None:
    source = write(tmp_path, {"web.yaml": GOOD})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    module = subprocess.run(
        [sys.executable, "-m", "migrate", "convert", str(source)], capture_output=True, text=True, env=env, check=False
    )
    direct = cli("convert", str(source))
    assert module.returncode == direct.exit_code == 0
    assert module.stdout == direct.stdout
    assert module.stderr == direct.stderr
    usage = subprocess.run([sys.executable, "-m", "migrate", "convert"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "Usage: " in usage.stderr


def test_help_mentions_every_option() -> None:
    run = cli("convert", "--help")
    for option in dedent(
        """
        --output --output-dir --ingress-class --watch-ingress-without-class --namespace --gateway-namespace
        --gateway-name --gateway-class --gateway --default-certificate --templates --strict --force
        """
    ).split():
        assert option in run.stdout
