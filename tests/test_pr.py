"""`pr` in real git repositories: branch, in-place migration, commit, description, push, open."""

from __future__ import annotations

import dataclasses
import os
import shlex
import stat
import subprocess
from pathlib import Path

import pytest
from workflow_trees import ingress, run, write

from migrate.verify import compare


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    write(
        root,
        {
            "apps/web/ingress.yaml": ingress("web", "shop.example.com", namespace="shop", tls=True),
            "apps/api/ingress.yaml": ingress("api", "api.example.com", namespace="api"),
            "apps/web/kustomization.yaml": "resources:\n- ingress.yaml\n",
            "README.md": "manifests\n",
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "manifests")
    monkeypatch.chdir(root)
    return root


def test_branch_commit_and_description(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    code, stdout, stderr = run("pr", ".", "--branch", "migrate/gateway-api", "--remove-ingress")
    assert code == 0, stderr
    assert git(repo, "branch", "--show-current") == "migrate/gateway-api"
    assert git(repo, "status", "--porcelain") == "", "everything is committed"
    assert git(repo, "rev-parse", "HEAD~1") == base
    message = git(repo, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "Migrate 2 Ingresses to Gateway API"
    assert "- 2 Ingresses in 2 namespaces (api: 1, shop: 1)" in message
    assert "- into 1 Gateway, 1 ReferenceGrant, 3 HTTPRoutes" in message
    assert "removed from their files" in message
    changed = git(repo, "show", "--name-status", "--format=", "HEAD").splitlines()
    assert sorted(changed) == [
        "A\tapps/api/ingress.routes.yaml",
        "A\tapps/web/ingress.routes.yaml",
        "A\tgateway-system.nginx.gateway.yaml",
        "D\tapps/api/ingress.yaml",
        "D\tapps/web/ingress.yaml",
        "M\tapps/web/kustomization.yaml",
    ]
    head = git(repo, "rev-parse", "HEAD")
    assert stdout.startswith("## Migrate ingress-nginx Ingresses to Gateway API")
    assert f"(../blob/{base}/apps/web/ingress.yaml#L1)" in stdout, "sources link to the lines before removal"
    assert f"(../blob/{head}/apps/web/ingress.routes.yaml)" in stdout
    assert "| `shop` | 1 | 2 | 1 |" in stdout
    assert "### Manual steps that remain" in stdout
    assert git(repo, "show", "main:apps/web/ingress.yaml").startswith("apiVersion"), "main is untouched"


def test_message_and_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "release")
    write(repo, {"apps/extra.yaml": ingress("extra", "extra.example.com")})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "extra")
    git(repo, "checkout", "-q", "main")
    code, _, stderr = run("pr", "apps", "--branch", "gw", "--base", "release", "-m", "Move to Gateway API")
    assert code == 0, stderr
    assert git(repo, "log", "-1", "--format=%s") == "Move to Gateway API"
    assert git(repo, "rev-parse", "HEAD~1") == git(repo, "rev-parse", "release")
    assert (repo / "apps/extra.routes.yaml").exists()


def test_body_file(repo: Path) -> None:
    code, stdout, _ = run("pr", ".", "--branch", "gw", "--body-file", "../body.md")
    assert code == 0 and stdout == ""
    assert (repo.parent / "body.md").read_text().startswith("## Migrate")


@pytest.mark.parametrize(
    ("change", "paths"),
    [
        pytest.param(lambda r: (r / "README.md").write_text("edited\n"), ["."], id="tracked-change"),
        pytest.param(lambda r: (r / "apps/new.yaml").write_text("kind: ConfigMap\n"), ["apps"], id="untracked-input"),
    ],
)
def test_dirty_worktree_is_refused(repo: Path, change: object, paths: list[str]) -> None:
    change(repo)  # type: ignore[operator]
    code, _, stderr = run("pr", *paths, "--branch", "gw")
    assert code == 1
    assert "uncommitted changes" in stderr and "--allow-dirty" in stderr
    assert git(repo, "branch", "--list", "gw") == ""
    code, _, stderr = run("pr", *paths, "--branch", "gw", "--allow-dirty")
    assert code == 0, stderr
    assert git(repo, "branch", "--show-current") == "gw"


def test_untracked_files_elsewhere_are_fine(repo: Path) -> None:
    (repo / "notes.txt").write_text("mine\n")
    assert run("pr", "apps", "--branch", "gw")[0] == 0
    assert git(repo, "status", "--porcelain") == "?? notes.txt"


def test_existing_branch_is_refused(repo: Path) -> None:
    git(repo, "branch", "gw")
    code, _, stderr = run("pr", ".", "--branch", "gw")
    assert code == 1 and "exists already" in stderr
    assert git(repo, "branch", "--show-current") == "main"


def test_invalid_branch_name(repo: Path) -> None:
    assert run("pr", ".", "--branch", "bad..name")[0] == 2


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write(tmp_path / "plain", {"ingress.yaml": ingress("web", "web.example.com")})
    monkeypatch.chdir(tmp_path / "plain")
    code, _, stderr = run("pr", ".", "--branch", "gw")
    assert code == 2 and "not inside a git repository" in stderr


def test_nothing_to_migrate(repo: Path) -> None:
    run("pr", ".", "--branch", "first", "--remove-ingress")
    code, _, stderr = run("pr", ".", "--branch", "second", "--remove-ingress")
    assert code == 0 and "nothing to migrate" in stderr
    assert git(repo, "branch", "--show-current") == "first"
    assert git(repo, "branch", "--list", "second") == ""


def test_description_has_the_verification(repo: Path) -> None:
    code, stdout, stderr = run("pr", ".", "--branch", "gw")
    assert code == 0, stderr
    assert "ingress-migrate: verify: 14 requests checked, 2 answered differently: 2 explained, 0 unexplained" in stderr
    section = stdout.split("### Verification\n", 1)[1].split("\n### ", 1)[0]
    assert "the same 14 requests" in section
    assert "| 14 | 2 | 2 | 0 |" in section
    assert "Every difference is explained by a finding above or by a limit of Gateway API." in section
    assert "Unexplained" not in section.split("|\n\n", 1)[1]
    assert "```sh\ningress-migrate verify .\n```" in section, "the command that lists the explained ones"
    assert stdout.index("### Findings") < stdout.index("### Verification") < stdout.index("### Manual steps")


@pytest.fixture
def unexplained(monkeypatch: pytest.MonkeyPatch) -> None:
    """A verification that no finding explains (as a broken conversion would give)."""
    real = compare.verify

    def lossy(*args: object, **kwargs: object) -> compare.Report:
        report = real(*args, **{**kwargs, "details": True})  # type: ignore[arg-type]
        report.differences = [dataclasses.replace(d, explanation=None, limit=None) for d in report.differences]
        report.explained_only = 0
        return report

    monkeypatch.setattr("migrate.verify.compare.verify", lossy)


@pytest.mark.usefixtures("unexplained")
def test_unexplained_differences_are_listed_with_the_command(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("migrate.formats.markdown.MAX_VERIFY_LINES", 1)
    base = git(repo, "rev-parse", "HEAD")
    monkeypatch.chdir(repo / "apps")
    arguments = ["--gateway-namespace", "edge", "--remove-ingress"]
    code, stdout, stderr = run("pr", ".", "--branch", "gw", *arguments)
    assert code == 0, "verify never changes the exit code"
    assert "2 answered differently: 0 explained, 2 unexplained" in stderr
    section = stdout.split("### Verification\n", 1)[1].split("\n### ", 1)[0]
    assert "| 14 | 2 | 0 | 2 |" in section
    assert "#### Unexplained differences (2)\n" in section
    listed = [line for line in section.splitlines() if line.startswith("- ")]
    assert listed[0].startswith(
        f"- **IM950** verify-difference · [apps/api/ingress.yaml:12](../blob/{base}/apps/api/ingress.yaml#L12) "
        "`api/api`: GET https://api.example.com/"
    ), "linked to the path as it was before the migration"
    assert listed[1:] == ["- and 1 more"]
    assert f"run from the repository root at the base commit `{base[:12]}`, which still holds the Ingresses" in section
    command = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert command == "ingress-migrate verify apps --gateway-namespace edge"
    # The command lists them all, from the root at that commit.
    git(repo, "checkout", "-q", base)
    monkeypatch.chdir(repo)
    code, stdout, _ = run(*shlex.split(command)[1:])
    assert code == 1
    assert sum(" error IM950 " in line for line in stdout.splitlines()) == 2


def test_no_verify(repo: Path) -> None:
    code, stdout, stderr = run("pr", ".", "--branch", "gw", "--no-verify")
    assert code == 0, stderr
    assert "### Verification" not in stdout and "verify" not in stderr


def test_a_verify_failure_is_reported_and_changes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> compare.Report:
        raise RuntimeError("model bug")

    monkeypatch.setattr("migrate.verify.compare.verify", broken)
    code, stdout, stderr = run("pr", ".", "--branch", "gw")
    assert code == 0
    assert "ingress-migrate: verify: internal error (RuntimeError: model bug); the conversion is not affected" in stderr
    assert "The verification did not complete: internal error (RuntimeError: model bug). The migration" in stdout
    assert git(repo, "status", "--porcelain") == "", "the migration is committed all the same"


@pytest.fixture
def remote(repo: Path) -> Path:
    bare = repo.parent / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "origin", "main")
    return bare


def test_push(repo: Path, remote: Path) -> None:
    code, _, stderr = run("pr", ".", "--branch", "gw", "--push")
    assert code == 0, stderr
    assert git(remote, "rev-parse", "gw") == git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", "--abbrev-ref", "gw@{upstream}") == "origin/gw"


def _path_with(tmp_path: Path, programs: dict[str, str]) -> str:
    """A PATH holding git and the given scripts only."""
    folder = tmp_path / "bin"
    folder.mkdir()
    git_binary = subprocess.run(
        ["sh", "-c", "command -v git"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (folder / "git").symlink_to(git_binary)
    for name, script in programs.items():
        (folder / name).write_text(script)
        (folder / name).chmod(stat.S_IRWXU)
    return str(folder)


def test_open_without_gh_says_what_to_run(
    repo: Path, remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _path_with(tmp_path, {}))
    code, _, stderr = run("pr", ".", "--branch", "gw", "--open")
    assert code == 0, stderr
    assert "gh (the GitHub CLI) is not installed" in stderr
    assert "gh pr create --base main --head gw --title 'Migrate 2 Ingresses to Gateway API' --body-file " in stderr
    assert git(remote, "rev-parse", "gw"), "--open pushes first"
    assert (repo / ".git/ingress-migrate-pr.md").read_text().startswith("## Migrate")


def test_open_with_gh(repo: Path, remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "gh.log"
    monkeypatch.setenv("PATH", _path_with(tmp_path, {"gh": f'#!/bin/sh\necho "$@" > {log}\n'}))
    code, _, stderr = run("pr", ".", "--branch", "gw", "--open", "--body-file", str(tmp_path / "body.md"))
    assert code == 0, stderr
    assert log.read_text().split() == [
        "pr", "create", "--base", "main", "--head", "gw", "--title", "Migrate", "2", "Ingresses", "to", "Gateway",
        "API", "--body-file", str(tmp_path / "body.md"),
    ]  # fmt: skip
    assert os.path.exists(tmp_path / "body.md")
