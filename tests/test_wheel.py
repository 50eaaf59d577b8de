"""The built wheel works on its own: installed in a fresh venv, run from another directory, templates inside.

Building and installing need the package index (the build backend and the dependencies). Offline, the test
is skipped; in CI (`CI` set) it must run. Deselect it with `-m "not wheel"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.wheel

_NETWORK_TROUBLE = (
    "No matching distribution",
    "Could not find a version",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
    "ReadTimeout",
)


def _pip(*args: str, cwd: Path, into: Path | None = None) -> None:
    """This environment's pip; `into` names the Python of another environment to install into."""
    target = ["--python", str(into)] if into is not None else []
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *target, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return
    output = done.stdout + done.stderr
    if not os.environ.get("CI") and any(sign in output for sign in _NETWORK_TROUBLE):
        pytest.skip(f"the package index is not reachable: pip {args[0]} failed")
    raise AssertionError(f"pip {' '.join(args)} failed:\n{output[-3000:]}")


def test_wheel_installs_and_runs_from_elsewhere(tmp_path: Path) -> None:
    # Build from a copy of the sources, so that nothing of the checkout (an editable install, caches) helps.
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    dist = tmp_path / "dist"
    _pip("wheel", "--no-deps", "--wheel-dir", str(dist), str(source), cwd=tmp_path)
    wheels = list(dist.glob("ingress_migrate-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as archive:
        names = archive.namelist()
    bundled = {Path(n).name for n in names if n.startswith("migrate/templates/")}
    assert {path.name for path in (REPO / "templates").iterdir()} <= bundled
    assert not any(n.startswith(("tests/", "golden/", "templates/")) for n in names)

    environment = tmp_path / "env"
    # A fresh environment without a pip of its own (ensurepip costs seconds): this one installs into it.
    venv.create(environment, with_pip=False)
    python = environment / ("Scripts" if os.name == "nt" else "bin") / "python"
    # --no-compile: the commands below import (and so compile) what they run; byte-compiling every
    # dependency at install time only costs time.
    _pip("install", "--quiet", "--no-compile", str(wheels[0]), cwd=tmp_path, into=python)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(REPO / "examples" / "shop", elsewhere / "shop")
    command = environment / "bin" / "ingress-migrate"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(command), "convert", "shop"], cwd=elsewhere, capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    kinds = [d["kind"] for d in yaml.safe_load_all(done.stdout) if d]
    assert kinds.count("Gateway") == 1 and "HTTPRoute" in kinds
    where = subprocess.run(
        [str(python), "-c", "from migrate.render import builtin_templates; print(builtin_templates())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    templates = Path(where.stdout.strip())
    assert templates.is_relative_to(environment) and (templates / "httproute.yaml.j2").is_file()
    module = subprocess.run(
        [str(python), "-m", "migrate", "convert", "shop"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert module.returncode == 0 and module.stdout == done.stdout
