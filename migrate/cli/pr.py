"""`ingress-migrate pr`: migrate in place on a new branch, commit, and write (or open) the pull request.

Steps: refuse a dirty worktree (unless --allow-dirty); create the branch (from --base); convert in place
as `convert --in-place` does; commit what changed with a message that counts what was migrated; verify the
output (as `convert` does, unless --no-verify); write the pull request description (the review summary,
the verification in it); push with --push; open with --open through `gh`. Every git step is the real git
command, so hooks, signing and credentials work as the user set them up.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrate.cli.common import (
    AnnotationPrefix,
    Channel,
    Conversion,
    DefaultCertificate,
    ExistingGateway,
    Force,
    Format,
    GatewayClass,
    GatewayName,
    GatewayNamespace,
    IngressClasses,
    Namespace,
    OutputFormat,
    Paths,
    ReleaseChannel,
    RemoveIngress,
    Templates,
    WatchWithoutClass,
    check_paths,
    conversion,
    run,
)
from migrate.options import DEFAULT_ANNOTATION_PREFIX, DEFAULT_GATEWAY_NAMESPACE

if TYPE_CHECKING:
    from migrate.cli.converted import Converted
    from migrate.cli.git import Git
    from migrate.formats.markdown import Verification
    from migrate.workflow.changes import Change


def command(
    paths: Paths,
    branch: Annotated[str, typer.Option("--branch", help="Name of the branch to create.")],
    base: Annotated[
        str | None, typer.Option("--base", help="Branch (or commit) to start from. [default: the current one]")
    ] = None,
    message: Annotated[
        str | None,
        typer.Option("--message", "-m", help="First line of the commit message (and the pull request title)."),
    ] = None,
    body_file: Annotated[
        Path | None,
        typer.Option("--body-file", help="Write the pull request description here. [default: standard output]"),
    ] = None,
    allow_dirty: Annotated[
        bool, typer.Option("--allow-dirty", help="Go on with uncommitted changes (they may end up in the commit).")
    ] = False,
    push: Annotated[bool, typer.Option("--push", help="Push the branch (git push -u REMOTE BRANCH).")] = False,
    remote: Annotated[str, typer.Option("--remote", help="Remote to push to.")] = "origin",
    open_pr: Annotated[
        bool, typer.Option("--open", help="Push, then open the pull request with `gh pr create` when gh is installed.")
    ] = False,
    output: OutputFormat = Format.yaml,
    remove_ingress: RemoveIngress = False,
    ingress_class: IngressClasses = None,
    watch_without_class: WatchWithoutClass = False,
    namespace: Namespace = None,
    gateway_namespace: GatewayNamespace = DEFAULT_GATEWAY_NAMESPACE,
    gateway_name: GatewayName = None,
    gateway_class: GatewayClass = None,
    gateway: ExistingGateway = None,
    default_certificate: DefaultCertificate = None,
    templates: Templates = None,
    channel: ReleaseChannel = Channel.standard,
    annotation_prefix: AnnotationPrefix = DEFAULT_ANNOTATION_PREFIX,
    force: Force = False,
    verified: Annotated[
        bool,
        typer.Option(
            "--verify/--no-verify",
            help="Check that the output answers every probe request as ingress-nginx did and add the result to "
            "the description (the details: `ingress-migrate verify`); it never changes the exit code.",
        ),
    ] = True,
) -> None:
    """Migrate in place on a new git branch, commit, and write the pull request description."""
    check_paths(paths, stdin=False)
    given = conversion(paths, ingress_class, watch_without_class, namespace, gateway_namespace, gateway_name,
                       gateway_class, gateway, default_certificate, templates, channel, annotation_prefix)  # fmt: skip
    request = _Request(
        given,
        branch,
        base,
        message,
        body_file,
        allow_dirty,
        push or open_pr,
        remote,
        open_pr,
        output is Format.json,
        remove_ingress,
        force,
        verified,
    )
    run(given, lambda: _run(request))


@dataclass(frozen=True)
class _Request:
    conversion: Conversion
    branch: str
    base: str | None
    message: str | None
    body_file: Path | None
    allow_dirty: bool
    push: bool
    remote: str
    open_pr: bool
    as_json: bool
    remove_ingress: bool
    force: bool
    verify: bool


def _run(request: _Request) -> int:
    from migrate.cli.git import GitError

    try:
        return _migrate(request)
    except GitError as exc:
        return _fail(str(exc))


def _migrate(request: _Request) -> int:
    from migrate.cli.inplace import apply, plan_in_place
    from migrate.workflow.pullrequest import commit_message, default_subject

    ready = _preflight(request)
    if isinstance(ready, int):
        return ready
    git, top = ready
    original = git.current_branch()
    base_commit = git.commit_of(request.base or "HEAD")
    git.run("checkout", "-q", "-b", request.branch, *([request.base] if request.base else []))
    converted = request.conversion.convert(keep_sources=True, verified=request.verify)
    try:
        changes = plan_in_place(converted, request.as_json, request.remove_ingress, request.force)
        if not apply(converted.inputs.root, changes):
            return 1
        converted.echo_findings()
        if not changes:
            git.run("checkout", "-q", original or base_commit)
            git.run("branch", "-q", "-D", request.branch)
            typer.echo("ingress-migrate: nothing to migrate: no file would change; no branch was created", err=True)
            return 0
        root = converted.inputs.root
        git.run("add", "-A", "--", *(str((root / c.path).relative_to(top)) for c in changes))
        result = converted.result
        subject = request.message or default_subject(result.converted)
        text = commit_message(
            subject,
            result.converted,
            result.objects,
            changes,
            converted.reported(),
            request.remove_ingress,
            request.conversion.options.channel,
        )
        git.run("commit", "-q", "-F", "-", stdin=text)
        head = git.commit_of("HEAD")
        typer.echo(f"ingress-migrate: committed {head[:12]} on branch {request.branch}: {subject}", err=True)
        verification = _verification(request, converted, top, base_commit) if request.verify else None
        body = _body(converted, changes, top, base_commit, head, request, verification)
        _publish(git, top, request, original, subject, body)
        return 1 if converted.failing(strict=False) else 0
    finally:
        converted.close()


def _preflight(request: _Request) -> tuple[Git, Path] | int:
    """The repository, once it is safe to start: a valid new branch, every path inside, nothing uncommitted."""
    from migrate.cli.git import Git, GitError

    start = Path(request.conversion.paths[0]).resolve()
    try:
        top = Git(start if start.is_dir() else start.parent).top()
    except GitError:
        return _fail("not inside a git repository; run `git init` or change to one", 2)
    git = Git(top)
    if not git.ok("check-ref-format", "--branch", request.branch):
        return _fail(f"{request.branch!r} is not a valid branch name", 2)
    if git.ok("rev-parse", "--verify", "--quiet", f"refs/heads/{request.branch}"):
        return _fail(f"branch {request.branch} exists already: choose another --branch or delete it")
    resolved = [Path(p).resolve() for p in request.conversion.paths]
    if not all(path.is_relative_to(top) for path in resolved):
        return _fail(f"every PATH must be inside the repository {top}", 2)
    dirty = git.dirty([str(path.relative_to(top)) for path in resolved])
    if dirty and not request.allow_dirty:
        shown = "; ".join(line.strip() for line in dirty[:5]) + (" ..." if len(dirty) > 5 else "")
        return _fail(f"the worktree has uncommitted changes ({shown}): commit or stash them, or pass --allow-dirty")
    return git, top


def _publish(git: Git, top: Path, request: _Request, original: str | None, subject: str, body: str) -> None:
    """Write the description; push and open the pull request when asked."""
    body_file = request.body_file
    if body_file is None and request.open_pr:
        body_file = Path(git.run("rev-parse", "--absolute-git-dir").strip()) / "ingress-migrate-pr.md"
    if body_file is not None:
        body_file.write_text(body, encoding="utf-8")
        typer.echo(f"ingress-migrate: pull request description written to {body_file}", err=True)
    else:
        sys.stdout.write(body)
    if request.push:
        git.run("push", "-q", "-u", request.remote, request.branch)
        typer.echo(f"ingress-migrate: pushed {request.branch} to {request.remote}", err=True)
    if request.open_pr and body_file is not None:
        _open(top, request, original, subject, body_file)


def _verification(request: _Request, converted: Converted, top: Path, base: str) -> Verification | None:
    """Verify the migrated output (the conversion just made), for the description; its summary line on stderr.
    The command to list the differences runs from the repository root; after --remove-ingress the
    Ingresses it reads are those of the base commit."""
    from migrate.cli.verification import verify_output

    if not converted.result.converted:
        return None
    checked = verify_output(converted, request.conversion.options)
    typer.echo(checked.line(), err=True)
    arguments = request.conversion.arguments(top)
    where = "from the repository root"
    if request.remove_ingress:
        where += f" at the base commit `{base[:12]}`, which still holds the Ingresses"
    return checked.review(arguments, where)


def _body(
    converted: Converted,
    changes: list[Change],
    top: Path,
    base: str,
    head: str,
    request: _Request,
    verification: Verification | None,
) -> str:
    """The review summary, its links pinned to commits: source lines as they were before the migration
    (`../blob/<base>/…` resolves from a pull request page to the file at that commit)."""
    from migrate.formats.markdown import Review, review_markdown
    from migrate.output import layout

    root = converted.inputs.root

    def located(path: str) -> str:
        return (root / path).relative_to(top).as_posix()

    def at(commit: str) -> Callable[[str, int | None], str]:
        return lambda path, line: f"../blob/{commit}/{path}" + (f"#L{line}" if line else "")

    created = {located(c.path) for c in changes if c.action == "create"}

    def source(path: str, line: int | None) -> str:
        return at(head if path in created else base)(path, line)

    result = converted.result
    review = Review(
        result.converted,
        layout(result.objects, converted.rendered, False),
        converted.reported(),
        path=located,
        link=at(head),
        source_link=source,
        removed_ingresses=request.remove_ingress,
        channel=request.conversion.options.channel,
        verification=verification,
        title=f"Migrate ingress-nginx Ingresses to Gateway API ({len(changes)} files)",
    )
    return review_markdown(review)


def _open(top: Path, request: _Request, original: str | None, subject: str, body_file: Path) -> None:
    from migrate.cli.git import GitError

    base = request.base or original
    arguments = ["gh", "pr", "create", "--head", request.branch, "--title", subject, "--body-file", str(body_file)]
    if base:
        arguments[3:3] = ["--base", base]
    if shutil.which("gh") is None:
        typer.echo(
            "ingress-migrate: gh (the GitHub CLI) is not installed, so no pull request was opened; install it and "
            f"run:\n  {shlex.join(arguments)}\nor open one for branch {request.branch} in your forge's web page",
            err=True,
        )
        return
    done = subprocess.run(arguments, cwd=top, check=False)
    if done.returncode != 0:
        raise GitError(f"`{shlex.join(arguments)}` failed (exit {done.returncode})")


def _fail(text: str, code: int = 1) -> int:
    typer.echo(f"ingress-migrate: error: {text}", err=True)
    return code
