"""The CycloneDX 1.6 JSON SBOM: the project as the described component, one library component per
dependency, and a dependency graph from the project to its direct dependencies.

The project component contains one component of type `file` per file that states a license or a
copyright (the report's `files` inventory): its path, SHA-1, licenses and copyright statements.
They are nested in the project, as CycloneDX's `components` of a component are what it includes,
rather than listed beside the dependencies, whose graph they are not part of.

The output is deterministic: the serial number is derived from the target and the scan's start,
and the timestamp is the scan's start, so that two renders of one report are identical.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from cyclonedx.model import HashAlgorithm, HashType, Property
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.model.license import DisjunctiveLicense, License, LicenseExpression
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.spdx import fixup_id, is_expression
from packageurl import PackageURL

from osunited.licenses import ComponentVerdict
from osunited.scanner._model import FileFacts, ScanReport
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._sbom import (
    COMPATIBILITY,
    COMPATIBILITY_REASON,
    TOOL_NAME,
    CompatibilityNotes,
    compatibility_notes,
    project_expression,
    project_name,
    project_reason,
)

PROJECT_REF = "project"
# The namespace of serial numbers: UUID5 of the site, so that equal inputs give equal numbers.
_SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://opensourceunited.org/cyclonedx")
_SCOPES = {Scope.RUNTIME: ComponentScope.REQUIRED, Scope.DEVELOPMENT: ComponentScope.OPTIONAL}


class CycloneDxReport(ReportFormat):
    name = "cyclonedx"
    suffix = ".cdx.json"
    description = "CycloneDX 1.6 JSON software bill of materials"

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        return JsonV1Dot6(sbom(report)).output_as_string(indent=2) + "\n"


def sbom(report: ScanReport) -> Bom:
    """The CycloneDX document of `report`: its project, tool and dependencies, each with its
    license compatibility verdict when the scan judged it."""
    notes = compatibility_notes(report)
    project = _project_component(report, notes)
    components = _dependency_components(report.dependencies, notes)
    bom = Bom(
        serial_number=serial_number(report),
        metadata=BomMetaData(
            timestamp=datetime.fromisoformat(report.started_at),
            tools=ToolRepository(components=[_tool_component(report.tool_version)]),
            component=project,
            properties=_project_properties(notes),
        ),
        components=[component for _, component in components],
    )
    bom.register_dependency(project, _direct(components))
    for _, component in components:
        bom.register_dependency(component)
    return bom


def serial_number(report: ScanReport) -> uuid.UUID:
    """A UUID5 of the target, its revision and the scan's start: stable for one report."""
    target = report.target
    name = "\n".join((target.kind, target.location, target.revision or "", report.started_at))
    return uuid.uuid5(_SERIAL_NAMESPACE, name)


def _project_component(report: ScanReport, notes: CompatibilityNotes) -> Component:
    return Component(
        type=ComponentType.APPLICATION,
        name=project_name(report.target),
        version=report.target.revision,
        bom_ref=PROJECT_REF,
        licenses=_licenses(project_expression(report)),
        components=_file_components(report.files, notes),
    )


def _project_properties(notes: CompatibilityNotes) -> list[Property]:
    if notes.project is None:
        return []
    return [
        Property(name=COMPATIBILITY, value=notes.project.verdict.value),
        Property(name=COMPATIBILITY_REASON, value=project_reason(notes.project)),
    ]


def _verdict_properties(judged: ComponentVerdict | None) -> list[Property]:
    if judged is None:
        return []
    return [
        Property(name=COMPATIBILITY, value=judged.verdict.value),
        Property(name=COMPATIBILITY_REASON, value=judged.reason),
    ]


def _file_components(inventory: Iterable[FileFacts], notes: CompatibilityNotes) -> list[Component]:
    """One `file` component per inventory entry, named by its path, with the licenses and
    copyright statements found in it."""
    return [
        Component(
            type=ComponentType.FILE,
            name=facts.path,
            bom_ref=BomRef(f"file:{facts.path}"),
            hashes=[HashType(alg=HashAlgorithm.SHA_1, content=facts.sha1)],
            licenses=_file_licenses(facts),
            copyright="\n".join(c.statement for c in facts.copyrights) or None,
            properties=_verdict_properties(notes.of_file(facts.path)),
        )
        for facts in inventory
        if facts.sha1
    ]


def _file_licenses(facts: FileFacts) -> list[License]:
    """Each license the file states once. CycloneDX takes either license ids or one expression,
    so a file that also states a compound expression gets all of them joined with AND."""
    expressions = [
        stated
        for stated in dict.fromkeys(found.expression for found in facts.licenses)
        if _licenses(stated)
    ]
    licenses = [license for stated in expressions for license in _licenses(stated)]
    if len(expressions) < 2 or all(isinstance(x, DisjunctiveLicense) for x in licenses):
        return licenses
    joined = " AND ".join(f"({e})" if " " in e else e for e in expressions)
    return [LicenseExpression(joined)]


def _tool_component(version: str) -> Component:
    return Component(type=ComponentType.APPLICATION, name=TOOL_NAME, version=version)


def _dependency_components(
    dependencies: Iterable[Dependency], notes: CompatibilityNotes
) -> list[tuple[Dependency, Component]]:
    """One component per dependency, its bom-ref the purl and the file it came from, with a
    counter when one package appears twice in one file (runtime and development)."""
    taken: set[str] = set()
    pairs = []
    for dependency in dependencies:
        ref = base = f"{dependency.purl}#{dependency.path}"
        counter = 1
        while ref in taken:
            counter += 1
            ref = f"{base}#{counter}"
        taken.add(ref)
        judged = notes.of_dependency(dependency.purl)
        pairs.append((dependency, _component(dependency, ref, judged)))
    return pairs


def _component(dependency: Dependency, ref: str, judged: ComponentVerdict | None) -> Component:
    return Component(
        type=ComponentType.LIBRARY,
        name=dependency.name,
        version=dependency.version,
        purl=_purl(dependency.purl),
        bom_ref=BomRef(ref),
        scope=_SCOPES[dependency.scope],
        licenses=_licenses(dependency.license),
        properties=_verdict_properties(judged),
    )


def _purl(text: str) -> PackageURL | None:
    try:
        return PackageURL.from_string(text)
    except ValueError:
        return None


def _licenses(stated: str | None) -> list[License]:
    """The license as an SPDX id or expression; a free-text statement is left out."""
    if not stated or not stated.strip():
        return []
    spdx_id = fixup_id(stated.strip())
    if spdx_id:
        return [DisjunctiveLicense(id=spdx_id)]
    if is_expression(stated):
        return [LicenseExpression(stated.strip())]
    return []


def _direct(components: list[tuple[Dependency, Component]]) -> list[Component]:
    """The components the project depends on directly. When no manifest said which ones are
    direct (a lockfile alone), all of them, so that the graph still reaches every component."""
    direct = [component for dependency, component in components if dependency.direct]
    return direct or [component for _, component in components]
