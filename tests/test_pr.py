"""`pr` in real git repositories: branch, in-place migration, commit, description, push, open."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from workflow_trees import ingress, run, write


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
