"""The check a converting command runs on the output it just rendered: `convert` prints its one-line
summary, `pr` and `report --format markdown` add it to the review. The Ingresses and the rendered
documents come from the conversion itself, so nothing is converted twice; a failure inside verify is
reported and never changes what the command did or its exit code."""

from __future__ import annotations

import os
import shlex
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

from migrate import codes
from migrate.cli.converted import Converted
from migrate.options import Options

if TYPE_CHECKING:  # the models are imported when a command verifies, so that --help stays quick
    from migrate.formats.markdown import Verification
    from migrate.verify.compare import Report


@dataclass(frozen=True)
class Verified:
    report: Report | None
    failure: str | None = None  # what went wrong inside verify, when it did

    def line(self) -> str:
        """The one-line summary for stderr."""
        from migrate.verify.report import summary

        if self.report is None:
            return (
                f"ingress-migrate: verify: {self.failure}; the conversion is not affected. "
                "This is a bug: please report it"
            )
        return summary(self.report)

    @property
    def unexplained(self) -> bool:
        return self.report is not None and bool(self.report.unexplained)

    def review(self, arguments: list[str], where: str = "from the repository root") -> Verification:
        """The review's Verification section; `arguments` are the paths and flags of the same conversion."""
        from migrate.formats.markdown import Verification
        from migrate.verify.report import findings

        command = shlex.join(["ingress-migrate", "verify", *arguments])
        if self.report is None:
            return Verification(0, 0, (), (), command, where, failure=self.failure)
        found = findings(self.report, explained=False)
        unexplained = sorted((f for f in found if f.code is codes.VERIFY_DIFFERENCE), key=lambda f: f.sort_key())
        not_checked = sorted((f for f in found if f.code is codes.VERIFY_NOT_CHECKED), key=lambda f: f.sort_key())
        return Verification(self.report.probes, self.report.different, unexplained, not_checked, command, where)


def verify_output(converted: Converted, options: Options) -> Verified:
    """Check the rendered output against the Ingresses read; explained differences are only counted."""
    from migrate.cli.pool import fork_map
    from migrate.verify.compare import by_place, verify

    inputs = converted.manifests
    assert inputs is not None
    with converted.timings.phase("verify"):
        if converted.ahead is not None:
            report, failure = converted.ahead.finish(converted.rendered, converted.result.findings)
            if report is None:
                return Verified(None, failure)
            report.ingresses = by_place(inputs.ingresses)  # kept here: the process sent none back
            return Verified(report)
        try:
            report = verify(
                inputs.ingresses,
                inputs.services,
                inputs.ingress_classes,
                options,
                [r.data for r in converted.rendered],
                converted.result.findings,
                fork_map,
                details=False,
            )
        except Exception as exc:
            return Verified(None, internal_failure(exc))
    return Verified(report)


def internal_failure(exc: Exception) -> str:
    """What went wrong inside verify, for the summary line (the traceback too, when debugging)."""
    from migrate.cli.run import DEBUG_VARIABLE

    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exc()
    return f"internal error ({type(exc).__name__}: {exc})"
