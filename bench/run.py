"""Benchmark `ingress-migrate convert` on synthetic repositories, next to a floor measured in the same run.

    python bench/run.py [--repeat 3] [--cases startup,A,B,P,C,M] [--quick]

The floor is the time PyYAML's C loader (`yaml.CSafeLoader`, `load_all`) takes just to load the same
files. Every measurement runs in its own subprocess (wall time, peak RSS of that process through
`os.wait4`), is repeated, and is reported as best and median; targets are judged on the best run, since
other work on a shared machine only ever makes a run slower. Prints a table, writes bench/out/results.json
and exits 1 when a target is missed. See README, "Performance".
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import synth  # noqa: E402

from migrate.gateway.limits import problems as limit_problems  # noqa: E402

OUT = HERE / "out"
FLOOR = HERE / "floor.py"
TIMINGS = re.compile(r"^ingress-migrate: timings: (.*)$", re.MULTILINE)
# Modules `--help` must not import: they are only needed once a command runs.
HEAVY = (
    "yaml",
    "jinja2",
    "ruamel",
    "deepdiff",
    "rich",
    "celpy",
    "cel",
    "migrate.render",
    "migrate.convert",
    "migrate.annotations",
)
STARTUP_LIMIT = 0.3


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system time of the process and its workers
    rss_mb: float
    code: int
    phases: dict[str, float] = field(default_factory=dict)


@dataclass
class Row:
    case: str
    size: str
    ingresses: int
    floor: list[Run]
    convert: list[Run]
    target: str
    ok: bool
    note: str = ""

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.convert)

    @property
    def best_floor(self) -> float:
        return min(r.seconds for r in self.floor) if self.floor else 0.0


def measure(command: list[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `command` once: wall time, peak RSS of that very process, exit code, phase timings."""
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=sink, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, cwd=HERE.parent
    )
    assert process.stderr is not None
    errors = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        sink.close()  # type: ignore[union-attr]
    phases: dict[str, float] = {}
    if match := TIMINGS.search(errors):
        phases = {k: float(v) for k, v in (item.split("=") for item in match.group(1).split())}
    if process.returncode not in (0, 1):
        print(f"  ! {' '.join(command)} exited {process.returncode}:\n{errors[-2000:]}", file=sys.stderr)
    # Linux's wait4 reports the child together with the children it waited for (the worker pool).
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, phases)


def repeat(times: int, command: list[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> list[Run]:
    settings = {"INGRESS_MIGRATE_TIMINGS": "1", **(env or {})}
    return [measure(command, stdout, settings) for _ in range(times)]


def interleaved(times: int, repo: Path, output: Path) -> tuple[list[Run], list[Run]]:
    """Floor and convert runs alternate, so that both see the same load on a shared machine."""
    floor: list[Run] = []
    runs: list[Run] = []
    for _ in range(times):
        floor += repeat(1, floor_command(repo))
        runs += repeat(1, convert_command(repo), output)
    return floor, runs


def convert_command(repo: Path) -> list[str]:
    return [sys.executable, "-m", "migrate", "convert", str(repo)]


def floor_command(repo: Path) -> list[str]:
    return [sys.executable, str(FLOOR), str(repo)]


def generate(name: str, make: Callable[[Path], synth.Generated]) -> tuple[Path, synth.Generated]:
    """Generate a repository once per parameters (deterministic), reusing it on later runs."""
    root = OUT / "repos" / name
    stamp = root / ".generated.json"
    version = hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()
    if stamp.exists() and json.loads(stamp.read_text()).get("version") == version:
        return root, synth.Generated(**json.loads(stamp.read_text())["made"])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    made = make(root)
    stamp.write_text(json.dumps({"version": version, "made": asdict(made)}))
    return root, made


def ratio_case(case: str, made: synth.Generated, repo: Path, limit: float, times: int) -> Row:
    floor, runs = interleaved(times, repo, OUT / f"{case}.yaml")
    row = Row(case, _size(made), made.ingresses, floor, runs, f"<= {limit:g}x floor", True)
    ratio = row.best / row.best_floor
    cpu = min(r.cpu for r in runs) / min(r.cpu for r in floor)
    row.ok = ratio <= limit and all(r.code == 0 for r in runs)
    row.note = f"{ratio:.2f}x floor (CPU time {cpu:.2f}x)"
    return row


def limits_of(output: Path) -> list[str]:
    with output.open("rb") as stream:
        objects = [d for d in yaml.load_all(stream, Loader=yaml.CSafeLoader) if d]
    return limit_problems(objects)


def case_c(times: int, quick: bool) -> list[Row]:
    sizes = (200, 1000) if quick else (1000, 5000)
    tiny, _ = generate("C-tiny", lambda r: synth.case_c(r, hosts=5))
    base = min(r.seconds for r in repeat(times, convert_command(tiny)))
    rows = []
    for hosts in sizes:
        repo, made = generate(f"C-{hosts}", lambda r, h=hosts: synth.case_c(r, hosts=h))
        output = OUT / f"C-{hosts}.yaml"
        floor, runs = interleaved(times, repo, output)
        broken = limits_of(output)
        row = Row("C", f"{made.tls_hosts} TLS hosts", made.ingresses, floor, runs, "within limits", not broken)
        row.ok = not broken and all(r.code == 0 for r in runs)
        row.note = "; ".join(broken[:3]) or "all objects within Gateway API limits"
        rows.append(row)
    small, large = rows
    growth = (large.best - base) / max(small.best - base, 1e-9)
    allowed = sizes[1] / sizes[0] * 1.25
    rows.append(
        Row(
            "C",
            f"growth {sizes[0]}->{sizes[1]}",
            0,
            [],
            large.convert,
            f"<= {allowed:g}x (linear)",
            growth <= allowed,
            f"{growth:.2f}x the time above start-up ({base:.2f} s) for {sizes[1] / sizes[0]:g}x the hosts",
        )
    )
    return rows


def case_memory(times: int, quick: bool) -> list[Row]:
    """Peak RSS at two repository sizes with the same Ingresses: the files added hold only Deployments,
    so a reader that streams file by file keeps nothing more."""
    sizes = (250, 1000) if quick else (1000, 4000)
    rows = []
    made_list = []
    for files in sizes:
        repo, made = generate(f"M-{files}", lambda r, n=files: synth.case_m(r, filler_files=n))
        runs = repeat(times, convert_command(repo), OUT / f"M-{files}.yaml")
        rows.append(Row("M", _size(made), made.ingresses, [], runs, "", all(r.code == 0 for r in runs)))
        made_list.append(made)
    small, large = rows
    grown = min(r.rss_mb for r in large.convert) - min(r.rss_mb for r in small.convert)
    read = (made_list[1].size - made_list[0].size) / 2**20
    share = grown / read
    for row in rows:
        row.target = "RSS growth <= 0.1x input growth"
        row.note = f"{grown:+.1f} MB RSS for +{read:.1f} MB of input ({share:.2f}x)"
        row.ok = row.ok and share <= 0.1
    return rows


def case_retained(times: int, quick: bool) -> list[Row]:
    """Case B at half and full size: what is kept per Ingress (the model every later stage needs)."""
    sizes = (2000, 4000) if quick else (10000, 20000)
    rows = []
    for documents in sizes:
        repo, made = generate(f"B-{documents}", lambda r, d=documents: synth.case_b(r, documents=d))
        runs = repeat(times, convert_command(repo), OUT / f"B-{documents}.yaml")
        rows.append(Row("B/RSS", _size(made), made.ingresses, [], runs, "reported", all(r.code == 0 for r in runs)))
    small, large = rows
    grown = min(r.rss_mb for r in large.convert) - min(r.rss_mb for r in small.convert)
    per = grown * 1024 / max(large.ingresses - small.ingresses, 1)
    for row in rows:
        row.note = f"{per:.0f} KB more per added Ingress (with its 19 other documents)"
    return rows


def startup(times: int) -> list[Row]:
    runs = [measure([sys.executable, "-m", "migrate", "--help"]) for _ in range(times)]
    row = Row("startup", "--help", 0, [], runs, f"< {STARTUP_LIMIT} s", True)
    row.ok = row.best < STARTUP_LIMIT
    row.note = f"{row.best:.3f} s"
    imported = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "migrate", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    ).stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in imported.splitlines() if line.startswith("import time:")}
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    lazy = Row("startup", "lazy imports", 0, [], runs, "no heavy module at --help", not heavy)
    lazy.note = f"imported: {', '.join(heavy)}" if heavy else "none of " + ", ".join(HEAVY[:6]) + "..."
    return [row, lazy]


def _size(made: synth.Generated) -> str:
    return f"{made.documents:,} docs, {made.files:,} files, {made.size / 2**20:.1f} MB"


def table(rows: list[Row]) -> str:
    header = (
        "case",
        "input",
        "floor s",
        "convert s best/med",
        "CPU s",
        "Ingress/s",
        "peak RSS MB",
        "phases (best)",
        "target",
        "",
    )
    lines = [header]
    for row in rows:
        convert = sorted(r.seconds for r in row.convert)
        best = min(row.convert, key=lambda r: r.seconds)
        phases = " ".join(f"{k}={v:.2f}" for k, v in best.phases.items())
        lines.append(
            (
                row.case,
                row.size,
                f"{row.best_floor:.2f}" if row.floor else "-",
                f"{convert[0]:.2f}/{statistics.median(convert):.2f}",
                f"{min(r.cpu for r in row.convert):.2f}",
                f"{row.ingresses / convert[0]:,.0f}" if row.ingresses else "-",
                f"{min(r.rss_mb for r in row.convert):.0f}",
                phases or "-",
                row.target,
                ("ok " if row.ok else "MISSED ") + row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    rendered.insert(1, "-|-".join("-" * width for width in widths))
    return "\n".join(rendered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--cases", default="startup,A,B,P,C,M", help="comma-separated: startup,A,B,P,C,M")
    parser.add_argument("--quick", action="store_true", help="small sizes, for checking the script itself")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # Python compiles each module's byte code on the first run and keeps it; with PYTHONDONTWRITEBYTECODE
    # set (some machines set it for everything) every measured run would compile the package again.
    # Compiled once here, every run measures the tool as it runs from its second use on.
    compileall.compile_dir(HERE.parent / "migrate", quiet=1)
    cases = set(args.cases.split(","))
    rows: list[Row] = []
    if "startup" in cases:
        rows += startup(max(args.repeat, 5))
    if "A" in cases:
        ingresses, files = (400, 100) if args.quick else (2000, 500)
        repo, made = generate(f"A-{ingresses}", lambda r: synth.case_a(r, ingresses=ingresses, files=files))
        rows.append(ratio_case("A", made, repo, 8, args.repeat))
    if "B" in cases:
        documents = 4000 if args.quick else 20000
        repo, made = generate(f"B-{documents}", lambda r: synth.case_b(r, documents=documents))
        rows.append(ratio_case("B", made, repo, 2, args.repeat))
    if "P" in cases:
        # What the worker pool buys on this machine: case B read serially, next to the default.
        documents = 4000 if args.quick else 20000
        repo, made = generate(f"B-{documents}", lambda r: synth.case_b(r, documents=documents))
        runs = repeat(args.repeat, convert_command(repo), OUT / "B-serial.yaml", {"INGRESS_MIGRATE_WORKERS": "1"})
        row = Row("B serial", _size(made), made.ingresses, [], runs, "reported", all(r.code == 0 for r in runs))
        parallel = next((r for r in rows if r.case == "B"), None)
        if parallel is not None:
            row.note = f"the worker pool makes case B {row.best / parallel.best:.2f}x faster"
        rows.append(row)
    if "C" in cases:
        rows += case_c(args.repeat, args.quick)
    if "M" in cases:
        rows += case_memory(args.repeat, args.quick)
        rows += case_retained(args.repeat, args.quick)
    text = table(rows)
    print(text)
    (OUT / "results.txt").write_text(text + "\n")
    (OUT / "results.json").write_text(json.dumps([asdict(r) for r in rows], indent=2))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
