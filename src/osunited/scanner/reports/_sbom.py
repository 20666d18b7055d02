"""What the SBOM formats (CycloneDX, SPDX) say about the project itself."""

from __future__ import annotations

import os
from dataclasses import dataclass

from osunited.licenses import ComponentKind, ComponentVerdict, ProjectVerdict
from osunited.scanner._model import ScanReport, Target
from osunited.scanner.licenses._compatibility import project_compatibility

TOOL_NAME = "osunited-scanner"


def project_name(target: Target) -> str:
    """The last segment of the target's location (a folder, repository or archive name); a
    relative folder (`.`) is named after where it is."""
    location = target.location
    if target.kind == "directory":
        location = os.path.normpath(os.path.abspath(os.path.expanduser(location)))
    last = location.rstrip("/\\").replace("\\", "/").rpartition("/")[2]
    return last.removesuffix(".git") or target.location or "project"


def project_expression(report: ScanReport) -> str | None:
    """The project's SPDX expression found by the `license.project` check, if it ran."""
    try:
        expression = report.result("license.project").data.get("expression")
    except KeyError:
        return None
    return expression if isinstance(expression, str) and expression.strip() else None


COMPATIBILITY = "osunited:license-compatibility"
COMPATIBILITY_REASON = "osunited:license-compatibility-reason"


@dataclass(frozen=True)
class CompatibilityNotes:
    """The license compatibility verdicts of a report, for the SBOMs to carry: the project's,
    and each dependency's (by purl) and file's (by path). None when the scan did not judge."""

    project: ProjectVerdict | None
    components: dict[tuple[ComponentKind, str], ComponentVerdict]

    def of_dependency(self, purl: str) -> ComponentVerdict | None:
        return self.components.get((ComponentKind.DEPENDENCY, purl))

    def of_file(self, path: str) -> ComponentVerdict | None:
        return self.components.get((ComponentKind.FILE, path))


def compatibility_notes(report: ScanReport) -> CompatibilityNotes:
    """The verdicts of the `license.compatibility` check; a package met twice (two lockfiles,
    two uses) takes its most cautious verdict. A stored verdict that cannot be read is left
    out of the SBOM rather than stopping it."""
    try:
        project = project_compatibility(report)
    except ValueError:
        project = None
    found: dict[tuple[ComponentKind, str], ComponentVerdict] = {}
    for judged in project.components if project else ():
        key = (judged.component.kind, judged.component.name)
        if key not in found or judged.verdict.caution > found[key].verdict.caution:
            found[key] = judged
    return CompatibilityNotes(project, found)


def project_reason(project: ProjectVerdict) -> str:
    """The project's verdict in words: what it was judged against, and the counts."""
    if project.outbound is None:
        return "The project has no license to judge its components against."
    return (
        f"{len(project.components)} component(s) judged against {project.outbound}: "
        f"{len(project.conflicts)} in conflict, {len(project.unknown)} unknown."
    )
