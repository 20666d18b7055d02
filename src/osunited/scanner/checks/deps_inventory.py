"""deps.inventory: the dependencies of the project, from its manifests and lockfiles (CPF 4.3.2
asks that registrations list them). Files that cannot be read are findings, not crashes."""

from __future__ import annotations

import re
from collections import Counter

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Scope

_SHOWN = 20
# Manifests of ecosystems whose dependencies are not read (R, Scala, Swift, C/C++, .NET projects
# without a lockfile...), and manifests whose lockfile alone is read (composer.json, Gemfile).
_UNREAD = re.compile(
    r"^(?:build\.sbt|project\.clj|deps\.edn|mix\.exs|Package\.swift|Podfile|Cartfile|"
    r"conanfile\.(?:txt|py)|vcpkg\.json|meson\.build|DESCRIPTION|stack\.yaml|rebar\.config|"
    r"environment\.ya?ml|Gemfile|composer\.json|pubspec\.yaml|setup\.py|setup\.cfg|Pipfile|"
    r"renv\.lock|packages\.config|[\w.-]+\.(?:csproj|fsproj|vbproj|cabal|gemspec|nimble))$"
)
_VENDORED = frozenset({"node_modules", "vendor", "third_party", ".venv", "venv", "site-packages"})


class DependencyInventory(Check):
    id = "deps.inventory"
    title = _("Dependencies")
    pillar = Pillar.REUSABILITY

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.dependencies
        deps = analysis.dependencies
        findings = [
            self.finding(
                _(
                    "{path} could not be read: {problem}",
                    path=problem.path,
                    problem=problem.message,
                ),
                Severity.WARNING,
                _(
                    "Fix the file (regenerate the lockfile with its package manager), so that "
                    "its dependencies can be checked."
                ),
                [Evidence(problem.path, problem.line)],
                rule="unreadable",
            )
            for problem in analysis.problems
        ]
        by_ecosystem = Counter(d.ecosystem for d in deps)
        data = {
            "files": analysis.files,
            "total": len(deps),
            "direct": sum(1 for d in deps if d.direct),
            "development": sum(1 for d in deps if d.scope == Scope.DEVELOPMENT),
            "ecosystems": dict(sorted(by_ecosystem.items())),
        }
        unread = _unread_manifests(context, analysis.files)
        data["unread"] = unread[:_SHOWN]
        if not analysis.files and unread:
            why = _("Dependencies not read: {why}", why=_unread_summary(unread))
            return self.not_available(why)
        if not analysis.files:
            summary = _("No manifest or lockfile: no dependencies.")
            return self.result(Outcome.PASS, summary, data=data)
        summary = _(
            "{count} dependencies ({direct} direct) in {files} file(s).",
            count=len(deps),
            direct=sum(1 for d in deps if d.direct),
            files=len(analysis.files),
        )
        if unread:
            summary = _("{summary} Not read: {why}", summary=summary, why=_unread_summary(unread))
        return self.result(Outcome.FAIL if findings else Outcome.PASS, summary, findings, data)


def _unread_manifests(context: ScanContext, read: list[str]) -> list[str]:
    """Manifests of ecosystems the scanner does not read, in folders where it read nothing: their
    dependencies are unknown, which is not the same as none."""
    folders = {path.rpartition("/")[0] for path in read}
    return [
        f.path
        for f in context.tree.files
        if _UNREAD.match(f.name)
        and f.path.rpartition("/")[0] not in folders
        and not _VENDORED.intersection(f.path.lower().split("/")[:-1])
    ]


def _unread_summary(unread: list[str]) -> str:
    names = sorted({path.rpartition("/")[2] for path in unread})
    return _(
        "the scanner does not read {names} ({count} file(s)).",
        names=", ".join(names),
        count=len(unread),
    )
