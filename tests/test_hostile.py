"""Hostile input is harmless: one clear line naming the file (and line), the rest of the run converts.

Each case puts one hostile file beside `good.yaml` and runs `convert` on the folder through the CLI. It
checks the exit code, that the finding is one line with the file, line, severity and code, that no
traceback escaped, and that the good Ingress was still converted. Cases that could crash the process
(deep nesting, alias bombs, huge values) run in a subprocess with a memory limit.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate.cli import app

REPO = Path(__file__).resolve().parents[1]
GOOD = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: good
  namespace: web
spec:
  ingressClassName: nginx
  rules:
  - host: good.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""
HEAD = "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
# A chain of nine-fold aliases: composing shares nodes, building would expand to 9**9 values.
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def _ingress(name: str, body: str) -> str:
    return f"{HEAD}metadata:\n  name: {name}\n  namespace: web\nspec:\n  ingressClassName: nginx\n{body}"


Make = Callable[[Path], None]


def text(name: str, content: str | bytes) -> Make:
    def make(folder: Path) -> None:
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)

    return make


def link(name: str, target: str, directory: bool = False) -> Make:
    def make(folder: Path) -> None:
        if directory:
            (folder / "elsewhere").mkdir()
            (folder / "elsewhere" / "x.yaml").write_text(GOOD.replace("good", "linked"))
        (folder / name).symlink_to(target, target_is_directory=directory)

    return make


@dataclass(frozen=True)
class Case:
    make: Make
    file: str  # the file the finding names
    code: str
    severity: str = "error"
    line: int | None = None
    exit_code: int = 1
    isolated: bool = False  # run in a subprocess with a memory limit


CASES = [
    pytest.param(Case(text("bad.yaml", "a: b: c\n"), "bad.yaml", "IM001", line=1), id="yaml-syntax-error"),
    pytest.param(
        Case(text("bad.yaml", GOOD.replace("good", "first") + "---\nkind: [Ingress\n"), "bad.yaml", "IM001", line=21),
        id="syntax-error-in-second-document",
    ),
    pytest.param(
        Case(
            text("bad.yaml", "{{- if .Values.ingress.enabled }}\n" + GOOD + "{{- end }}\n"), "bad.yaml", "IM002", line=1
        ),
        id="helm-template-file",
    ),
    pytest.param(
        Case(text("bad.yaml", f"{HEAD}metadata:\n  name: {{{{ .Release.Name }}}}\n"), "bad.yaml", "IM002", line=4),
        id="helm-template-parsed-as-flow-mapping",
    ),
    pytest.param(Case(text("bad.yaml", ""), "bad.yaml", "IM005", "warning", exit_code=0), id="empty-file"),
    pytest.param(
        Case(text("bad.yaml", "# nothing here yet\n---\n"), "bad.yaml", "IM005", "warning", exit_code=0),
        id="comments-only-file",
    ),
    pytest.param(Case(text("bad.yaml", b"\x7fELF\x02\x01\x00\x00"), "bad.yaml", "IM003", line=1), id="binary-file"),
    pytest.param(
        Case(
            text("bad.yaml", "kind: Ingress\nmetadata:\n  name: caf\xe9\n".encode("latin-1")),
            "bad.yaml",
            "IM004",
            line=3,
        ),
        id="latin-1-file",
    ),
    pytest.param(
        Case(text("bad.yaml", b"\xff\xfe" + "kind: [\n".encode("utf-16-le")), "bad.yaml", "IM001", line=2),
        id="utf-16-file-with-a-syntax-error",
    ),
    pytest.param(
        Case(text("bad.json", '{"kind": "Ingress",\n "metadata": {"name": "x"}'), "bad.json", "IM008", line=2),
        id="json-syntax-error",
    ),
    pytest.param(
        Case(text("bad.yaml", BOMB + "kind: Ingress\n"), "bad.yaml", "IM009", line=1, isolated=True), id="alias-bomb"
    ),
    pytest.param(
        Case(
            text("bad.yaml", "kind: Ingress\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"),
            "bad.yaml",
            "IM001",
            line=2,
            isolated=True,
        ),
        id="100k-deep-flow-nesting",
    ),
    pytest.param(
        Case(text("bad.json", "[" * 100_000 + "]" * 100_000), "bad.json", "IM009", isolated=True),
        id="100k-deep-json",
    ),
    pytest.param(
        Case(text("bad.yaml", _ingress("deep", "  x: " + "[" * 500 + "]" * 500 + "\n")), "bad.yaml", "IM009", line=1),
        id="deeper-than-kubernetes-objects-nest",
    ),
    pytest.param(
        Case(
            text("bad.yaml", f"{HEAD}metadata:\n  name: huge\n  annotations:\n    x: {'a' * (50 << 20)}\n"),
            "bad.yaml",
            "IM009",
            line=1,
            isolated=True,
        ),
        id="50-mb-scalar",
    ),
    pytest.param(
        Case(
            text(
                "bad.yaml",
                GOOD.replace("good", "dup").replace("  namespace: web\n", "  namespace: web\n  namespace: web\n"),
            ),
            "bad.yaml",
            "IM006",
            "warning",
            line=6,
            exit_code=0,
        ),
        id="duplicate-key",
    ),
    pytest.param(
        Case(
            text("bad.yaml", _ingress("t", "  rules:\n  - host: a.example.com\n    http:\n      paths: x\n")),
            "bad.yaml",
            "IM101",
            line=11,
        ),
        id="paths-is-a-string",
    ),
    pytest.param(
        Case(text("bad.yaml", _ingress("t", "  rules:\n  - host: 42\n")), "bad.yaml", "IM101", line=9),
        id="host-is-a-number",
    ),
    pytest.param(
        Case(text("bad.yaml", f"{HEAD}metadata:\n  name: t\nspec: []\n"), "bad.yaml", "IM101", line=5),
        id="spec-is-a-list",
    ),
    pytest.param(
        Case(text("bad.yaml", f"{HEAD}metadata: x\n"), "bad.yaml", "IM101", line=3), id="metadata-is-a-string"
    ),
    pytest.param(
        Case(text("bad.yaml", f"{HEAD}metadata:\n  name: t\n  annotations: [a, b]\n"), "bad.yaml", "IM101", line=5),
        id="annotations-is-a-list",
    ),
    pytest.param(
        Case(text("bad.yaml", f"{HEAD}metadata:\n  namespace: web\n"), "bad.yaml", "IM101", line=4),
        id="name-missing",
    ),
    pytest.param(
        Case(
            text(
                "bad.yaml",
                _ingress(
                    "t",
                    "  rules:\n  - host: a.example.com\n    http:\n      paths:\n"
                    "      - path: /\n        pathType: Prefix\n",
                ),
            ),
            "bad.yaml",
            "IM101",
            line=12,
        ),
        id="backend-missing",
    ),
    pytest.param(
        Case(text("bad.yaml", _ingress("t", "  ? [a, b]\n  : 1\n")), "bad.yaml", "IM002", line=8), id="complex-key"
    ),
    pytest.param(Case(link("bad.yaml", "bad.yaml"), "bad.yaml", "IM010", "warning", exit_code=0), id="symlink-loop"),
    pytest.param(
        Case(link("bad.yaml", "/etc/hostname"), "bad.yaml", "IM010", "warning", exit_code=0), id="symlink-outside-root"
    ),
    pytest.param(
        Case(link("linked", "elsewhere", directory=True), "linked", "IM010", "warning", exit_code=0),
        id="symlink-to-a-folder",
    ),
]


def _run(folder: Path, isolated: bool) -> tuple[int, str, str]:
    if not isolated:
        result = CliRunner().invoke(app, ["convert", str(folder)], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    def limit_memory() -> None:  # a runaway expansion fails with MemoryError (exit 3) instead of thrashing
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    process = subprocess.run(
        [sys.executable, "-m", "migrate", "convert", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, not a measurement
        preexec_fn=limit_memory,
        cwd=REPO,
        check=False,
    )
    return process.returncode, process.stdout, process.stderr


@pytest.mark.parametrize("case", CASES)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    case.make(tmp_path)
    code, stdout, stderr = _run(tmp_path, case.isolated)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert code == case.exit_code, stderr
    where = f"{tmp_path.as_posix()}/{case.file}" + (f":{case.line}:" if case.line else ":")
    lines = [line for line in stderr.splitlines() if line.startswith(where) and f" {case.code} " in line]
    assert lines, f"no {case.code} finding at {where} in:\n{stderr}"
    assert f": {case.severity} {case.code} " in lines[0]
    assert '- "good.example.com"' in stdout  # the good Ingress beside it was converted


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    unreadable = tmp_path / "secret.yaml"
    unreadable.write_text(GOOD.replace("good", "secret"))
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for anyone else
        original = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "secret.yaml":
                raise PermissionError(13, "Permission denied", str(self))
            return original(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(app, ["convert", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{tmp_path.as_posix()}/secret.yaml: error IM007 cannot read the file: Permission denied" in result.stderr
    assert "good.example.com" in result.stdout


def test_crlf_file_converts_like_lf(tmp_path: Path) -> None:
    lf, crlf = tmp_path / "lf", tmp_path / "crlf"
    for folder, ending in ((lf, "\n"), (crlf, "\r\n")):
        folder.mkdir()
        commented = GOOD.replace("  rules:\n", "  # the public site\n  rules:\n")
        (folder / "good.yaml").write_bytes(commented.replace("\n", ending).encode())
    runs = [CliRunner().invoke(app, ["convert", str(folder)], catch_exceptions=False) for folder in (lf, crlf)]
    assert [run.exit_code for run in runs] == [0, 0]
    assert "# the public site" in runs[0].stdout
    assert runs[1].stdout == runs[0].stdout  # no stray \r in comments or values
    assert runs[1].stderr.replace("crlf/", "lf/") == runs[0].stderr


@pytest.mark.parametrize(
    "name", [pytest.param("../escape.yaml", id="dot-dot"), pytest.param("/tmp/x.yaml", id="absolute")]
)
def test_nothing_is_written_outside_the_output_directory(tmp_path: Path, name: str) -> None:
    from migrate.cli.writer import WriteError, apply_changes
    from migrate.workflow.changes import Change

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(WriteError, match="leads outside"):
        apply_changes(out, [Change("ok.yaml", None, b"y\n"), Change(name, None, b"x\n")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert list(out.iterdir()) == []  # nothing half-done either: the good file was not written alone


def test_odd_file_names_stay_inside_the_output_directory(tmp_path: Path) -> None:
    source = tmp_path / "in" / "odd #name .." / "a..b.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["convert", str(tmp_path / "in"), "--output-dir", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["gateway-system.nginx.gateway.yaml", "odd #name ../a..b.routes.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_ctrl_c_while_writing_leaves_no_half_written_file(tmp_path: Path) -> None:
    """SIGINT as soon as the first output file appears: exit 130, and every file there is complete."""
    repo, out = tmp_path / "repo", tmp_path / "out"
    for number in range(400):
        folder = repo / f"team-{number % 20}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"app-{number}.yaml").write_text(GOOD.replace("good", f"app-{number}"))
    reference = tmp_path / "reference"
    subprocess.run(
        [sys.executable, "-m", "migrate", "convert", str(repo), "--output-dir", str(reference)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "migrate", "convert", str(repo), "--output-dir", str(out)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and any(out.rglob("*.yaml"))) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr
    if process.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    for path in out.rglob("*"):
        if path.is_file():
            assert not path.name.endswith(".tmp"), f"temporary file left: {path}"
            assert path.read_bytes() == (reference / path.relative_to(out)).read_bytes(), f"half-written: {path}"


def test_crlf_source_keeps_its_line_endings_in_place(tmp_path: Path) -> None:
    """In place, the routes written beside a CRLF file use CRLF too, and the file itself is not touched."""
    source = tmp_path / "app.yaml"
    original = GOOD.replace("  rules:\n", "  # the public site\n  rules:\n").replace("\n", "\r\n").encode()
    source.write_bytes(original)
    result = CliRunner().invoke(app, ["convert", "--in-place", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert source.read_bytes() == original
    routes = (tmp_path / "app.routes.yaml").read_bytes()
    assert b"# the public site\r\n" in routes
    assert routes.count(b"\n") == routes.count(b"\r\n") > 0
