"""The real `git` command, run in a repository; its failures become `GitError` with git's own words."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    pass


class Git:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def run(self, *args: str, stdin: str | None = None) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.directory), *args],
                input=stdin,
                capture_output=True,
                text=True,
                check=False,
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed") from exc
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise GitError(f"`git {' '.join(args)}` failed: {said[-1] if said else f'exit {done.returncode}'}")
        return done.stdout

    def ok(self, *args: str) -> bool:
        try:
            self.run(*args)
        except GitError:
            return False
        return True

    def top(self) -> Path:
        return Path(self.run("rev-parse", "--show-toplevel").strip())

    def current_branch(self) -> str | None:
        try:
            return self.run("symbolic-ref", "--quiet", "--short", "HEAD").strip() or None
        except GitError:
            return None  # detached HEAD

    def commit_of(self, revision: str) -> str:
        return self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()

    def dirty(self, paths: list[str]) -> list[str]:
        """Changes that would mix into the migration: tracked changes anywhere, untracked files under `paths`."""
        tracked = self.run("status", "--porcelain", "--untracked-files=no").splitlines()
        untracked = self.run("status", "--porcelain", "--untracked-files=all", "--", *paths).splitlines()
        return list(dict.fromkeys([*tracked, *(line for line in untracked if line.startswith("??"))]))
