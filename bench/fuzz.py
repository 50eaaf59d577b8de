"""Fuzz `ingress-migrate convert` with mutated manifests for a fixed time; fail on any crash.

    python bench/fuzz.py --seconds 300 [--corpus DIR]... [--seed N]

Seeds are the golden inputs plus every manifest under each `--corpus` folder. Each case writes one to
three mutated seeds to a folder and converts it with random options, in-process. Mutations: byte flips,
inserts and truncations; line edits (duplicate, drop, swap, re-indent, `---`, anchors and aliases, tabs,
CRLF); structure edits on the parsed documents (a value replaced by one of another type or a hostile
string, keys dropped, lists grown); and splices of two seeds. A failure is exit code 3 (an internal
error), any exception escaping the command, a traceback in the output, a case slower than --timeout
seconds, or the worker process dying: its input is kept under bench/out/fuzz/failures/. Exits 1 if
anything failed. Not part of CI: run it by hand after changing the parser or the reader.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out" / "fuzz"
CURRENT = OUT / "current"
FAILURES = OUT / "failures"
EXTENSIONS = (".yaml", ".yml", ".json")

HOSTILE = [
    "",
    "*",
    "*.",
    "/",
    "//",
    "/../etc",
    "../../x",
    "{{ .Values.host }}",
    "${HOST}",
    "a" * 300,
    "é.example.com",
    "line\nbreak",
    "yes",
    "null",
    "1e3",
    "0x1F",
    "-",
    "# not a comment",
    "key: value",
    "\u2028",
    "\x00",
    "*.*.example.com",
    "EXAMPLE.COM",
    "-1",
    "99999999999999999999",
]


def seeds(corpora: list[Path]) -> list[tuple[str, bytes]]:
    found = []
    for top in [REPO / "golden", *corpora]:
        for path in sorted(top.rglob("*")):
            if path.is_file() and path.suffix in EXTENSIONS and "expected" not in path.name:
                found.append((path.name, path.read_bytes()))
    return found


def random_value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 5)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 80, 65536, 2**63, 1.5])
    if choice in (3, 4):
        return rng.choice(HOSTILE)
    if choice in (5, 6):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        rng.choice(["name", "host", "path", "paths", "service", "port", "number", "tls", "hosts", "x"]): random_value(
            rng, depth + 1
        )
        for _ in range(rng.randrange(4))
    }


def mutate_tree(rng: random.Random, value: Any, rate: float) -> Any:
    if rng.random() < rate:
        return random_value(rng)
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if rng.random() < rate / 2:
                continue  # drop the key
            result[key] = mutate_tree(rng, item, rate)
        return result
    if isinstance(value, list):
        items = [mutate_tree(rng, item, rate) for item in value]
        if items and rng.random() < rate:
            items.extend(items * rng.randrange(1, 30))  # grow a list: many hosts, paths, tls entries
        return items
    if isinstance(value, str) and rng.random() < rate:
        return rng.choice(HOSTILE)
    return value


def structure(rng: random.Random, data: bytes) -> bytes:
    try:
        documents = list(yaml.safe_load_all(data))
    except Exception:
        return data
    rate = rng.choice([0.02, 0.05, 0.15])
    mutated = [mutate_tree(rng, doc, rate) for doc in documents]
    try:
        return yaml.safe_dump_all(mutated, sort_keys=False, allow_unicode=rng.random() < 0.5).encode()
    except Exception:
        return data


def lines(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace").splitlines(keepends=True) or ["\n"]
    for _ in range(rng.randrange(1, 6)):
        index = rng.randrange(len(text))
        operation = rng.randrange(9)
        if operation == 0:
            text.insert(index, text[index])
        elif operation == 1 and len(text) > 1:
            del text[index]
        elif operation == 2:
            other = rng.randrange(len(text))
            text[index], text[other] = text[other], text[index]
        elif operation == 3:
            text[index] = " " * rng.randrange(1, 5) + text[index]
        elif operation == 4:
            text.insert(index, "---\n")
        elif operation == 5:
            text[index] = text[index].replace(": ", ": &a ", 1)
            text.insert(rng.randrange(len(text)), f"{' ' * rng.randrange(0, 8, 2)}x: *a\n")
        elif operation == 6:
            text[index] = "\t" + text[index]
        elif operation == 7:
            text = [line.replace("\n", "\r\n") for line in text]
        else:
            text[index] = text[index].rstrip("\n") + f"  # {rng.choice(HOSTILE)!r}\n"
    return "".join(text).encode("utf-8", "surrogateescape")


def bytes_level(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data or b"\n")
    for _ in range(rng.randrange(1, 8)):
        if not buffer:
            break
        index = rng.randrange(len(buffer))
        operation = rng.randrange(4)
        if operation == 0:
            buffer[index] ^= 1 << rng.randrange(8)
        elif operation == 1:
            buffer.insert(index, rng.randrange(256))
        elif operation == 2:
            del buffer[index]
        else:
            buffer = buffer[: index + 1]
    return bytes(buffer)


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def mutated(rng: random.Random, corpus: list[tuple[str, bytes]]) -> bytes:
    _, data = rng.choice(corpus)
    for _ in range(rng.randrange(1, 3)):
        kind = rng.randrange(10)
        if kind < 4:
            data = structure(rng, data)
        elif kind < 7:
            data = lines(rng, data)
        elif kind < 9:
            data = bytes_level(rng, data)
        else:
            data = splice(rng, data, rng.choice(corpus)[1])
    return data


def options(rng: random.Random, out: Path) -> list[str]:
    chosen = []
    for flags in (
        ["--default-certificate", "gateway-system/default-cert"],
        ["--namespace", "fuzz"],
        ["-o", "json"],
        ["--watch-ingress-without-class"],
        ["--gateway", "infra/shared"],
        ["--ingress-class", "internal"],
        ["--output-dir", str(out)],
        ["--strict"],
    ):
        if rng.random() < 0.2:
            chosen += flags
    return chosen


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def worker(args: argparse.Namespace) -> int:
    from typer.testing import CliRunner

    from migrate.cli import app

    corpus = seeds(args.corpus)
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds
    signal.signal(signal.SIGALRM, _alarm)
    cases = failures = 0
    while time.monotonic() < deadline:
        shutil.rmtree(CURRENT, ignore_errors=True)
        folder = CURRENT / "input"
        folder.mkdir(parents=True)
        for number in range(rng.randrange(1, 4)):
            suffix = ".json" if rng.random() < 0.1 else ".yaml"
            (folder / f"case-{number}{suffix}").write_bytes(mutated(rng, corpus))
        argv = ["convert", *options(rng, CURRENT / "out"), str(folder)]
        (CURRENT / "argv.json").write_text(json.dumps(argv))
        problem = None
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            result = CliRunner().invoke(app, argv, catch_exceptions=True)
            if result.exit_code == 3:
                problem = f"exit 3: {result.stderr.strip().splitlines()[-2:]}"
            elif result.exception is not None and not isinstance(result.exception, SystemExit):
                problem = f"{type(result.exception).__name__}: {result.exception}"
            elif "Traceback" in result.stderr:
                problem = "traceback in the output"
        except Timeout:
            problem = f"slower than {args.timeout} s"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        cases += 1
        if problem is not None:
            failures += 1
            keep = FAILURES / f"{args.seed}-{cases}"
            shutil.copytree(CURRENT, keep, dirs_exist_ok=True)
            (keep / "problem.txt").write_text(problem + "\n")
            print(f"FAILURE {keep}: {problem}", flush=True)
    print(f"fuzz: {cases} cases in {args.seconds:g} s (seed {args.seed}), {failures} failures", flush=True)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of seed manifests")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds one case may take (default 20)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    # The cases run in a worker process: if it dies (a crash in C, the kernel's OOM killer), the input it
    # was converting is still on disk, and the parent keeps it and goes on with another seed.
    end = time.monotonic() + args.seconds
    seed = args.seed if args.seed is not None else int(time.time())
    failed = False
    while (left := end - time.monotonic()) > 1:
        command = [sys.executable, __file__, "--worker", "--seconds", f"{left:.1f}", "--seed", str(seed)]
        command += ["--timeout", str(args.timeout)]
        for corpus in args.corpus:
            command += ["--corpus", str(corpus)]
        code = subprocess.call(command, cwd=REPO)
        if code < 0 or code not in (0, 1):
            failed = True
            FAILURES.mkdir(parents=True, exist_ok=True)
            keep = Path(tempfile.mkdtemp(prefix=f"died-{seed}-", dir=FAILURES))
            shutil.copytree(CURRENT, keep, dirs_exist_ok=True)
            print(f"FAILURE {keep}: the worker died ({code})", flush=True)
        failed = failed or code == 1
        seed += 1
        if code in (0, 1):
            break
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("INGRESS_MIGRATE_WORKERS", "1")
    sys.exit(main())
