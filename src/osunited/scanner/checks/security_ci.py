"""security.ci: the project builds and tests in continuous integration."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check

_FILES = {
    ".gitlab-ci.yml": "GitLab CI",
    "jenkinsfile": "Jenkins",
    ".circleci/config.yml": "CircleCI",
    "azure-pipelines.yml": "Azure Pipelines",
    ".travis.yml": "Travis CI",
    "bitbucket-pipelines.yml": "Bitbucket Pipelines",
    ".drone.yml": "Drone",
    ".woodpecker.yml": "Woodpecker",
    ".buildkite/pipeline.yml": "Buildkite",
    "appveyor.yml": "AppVeyor",
    ".cirrus.yml": "Cirrus CI",
}
_FOLDERS = {
    ".github/workflows/": "GitHub Actions",
    ".woodpecker/": "Woodpecker",
    ".forgejo/workflows/": "Forgejo Actions",
    ".gitea/workflows/": "Gitea Actions",
}
_YAML = (".yml", ".yaml")


def ci_systems(paths: list[str]) -> dict[str, str]:
    """CI configuration files by path, with the system each belongs to."""
    found: dict[str, str] = {}
    for path in paths:
        lowered = path.lower()
        if lowered in _FILES:
            found[path] = _FILES[lowered]
            continue
        for folder, system in _FOLDERS.items():
            if (
                lowered.startswith(folder)
                and lowered.endswith(_YAML)
                and lowered.count("/") == folder.count("/")
            ):
                found[path] = system
    return found


class ContinuousIntegration(Check):
    id = "security.ci"
    title = _("Continuous integration")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = ci_systems([f.path for f in context.tree.files if f.depth <= 2])
        data = {"systems": sorted(set(found.values())), "paths": sorted(found)}
        if found:
            systems = ", ".join(data["systems"])
            summary = _("Continuous integration: {systems}.", systems=systems)
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            _("No continuous integration configuration was found."),
            Severity.WARNING,
            _(
                "Run the build, the tests and `osu scan` on every change, e.g. with a "
                ".gitlab-ci.yml or a GitHub Actions workflow (see docs/ci.md)."
            ),
            rule="missing",
        )
        return self.result(Outcome.FAIL, _("No continuous integration."), [finding], data)
