"""The SPDX 2.3 JSON SBOM: a root package for the project, which the document DESCRIBES, and one
package per dependency, related to the project by DEPENDS_ON (runtime) or DEV_DEPENDENCY_OF
(development). The scanner does not know which package pulled in an indirect dependency, so every
dependency is related to the project.

Licenses are SPDX expressions of known identifiers, else NOASSERTION. The namespace and the
creation time come from the report, so that two renders of one report are identical.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from datetime import datetime

from license_expression import (  # type: ignore[import-untyped]
    ExpressionError,
    LicenseExpression,
)
from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.annotation import Annotation, AnnotationType
from spdx_tools.spdx.model.checksum import Checksum, ChecksumAlgorithm
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import (
    ExternalPackageRef,
    ExternalPackageRefCategory,
    Package,
)
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.validation.external_package_ref_validator import (
    validate_external_package_ref,
)
from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

from osunited.scanner._model import FileFacts, ScanReport
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._sbom import (
    TOOL_NAME,
    CompatibilityNotes,
    compatibility_notes,
    project_expression,
    project_name,
    project_reason,
)

SPDX_VERSION = "SPDX-2.3"
DOCUMENT_ID = "SPDXRef-DOCUMENT"
PROJECT_ID = "SPDXRef-Project"
NAMESPACE_BASE = "https://opensourceunited.org/spdx/"
# SPDX identifiers allow letters, digits, `.` and `-` only.
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9.-]+")


class SpdxReport(ReportFormat):
    name = "spdx"
    suffix = ".spdx.json"
    description = "SPDX 2.3 JSON software bill of materials"

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        stream = io.StringIO()
        write_document_to_stream(spdx_document(report), stream, validate=False)
        return stream.getvalue() + "\n"


def spdx_document(report: ScanReport) -> Document:
    """The SPDX document of `report`: the project, the files that state a license or a
    copyright, its dependencies and their relationships."""
    packages = _dependency_packages(report.dependencies)
    files = _files(report.files)
    relationships = [Relationship(DOCUMENT_ID, RelationshipType.DESCRIBES, PROJECT_ID)]
    relationships += [Relationship(PROJECT_ID, RelationshipType.CONTAINS, f.spdx_id) for f in files]
    relationships += [_relationship(dependency, package) for dependency, package in packages]
    creation_info = _creation_info(report)
    return Document(
        creation_info=creation_info,
        packages=[_project_package(report, bool(files)), *(package for _, package in packages)],
        files=files,
        relationships=relationships,
        annotations=_reviews(compatibility_notes(report), packages, creation_info),
    )


def _reviews(
    notes: CompatibilityNotes,
    packages: list[tuple[Dependency, Package]],
    creation_info: CreationInfo,
) -> list[Annotation]:
    """The license compatibility verdicts as REVIEW annotations by the scanner: the project's
    on its package, each dependency's on its own."""
    if notes.project is None:
        return []

    def review(spdx_id: str, verdict: str, reason: str) -> Annotation:
        comment = f"License compatibility: {verdict}. {reason}"
        return Annotation(
            spdx_id,
            AnnotationType.REVIEW,
            creation_info.creators[0],
            creation_info.created,
            comment,
        )

    project = notes.project
    reviews = [review(PROJECT_ID, project.verdict.value, project_reason(project))]
    for dependency, package in packages:
        judged = notes.of_dependency(dependency.purl)
        if judged is not None:
            reviews.append(review(package.spdx_id, judged.verdict.value, judged.reason))
    return reviews


def namespace(report: ScanReport) -> str:
    """`https://opensourceunited.org/spdx/<target>-<revision>`, or a hash of the target and the
    scan's start when the revision is not known."""
    target = report.target
    suffix = (
        target.revision
        or hashlib.sha256(
            f"{target.kind}\n{target.location}\n{report.started_at}".encode()
        ).hexdigest()[:16]
    )
    return f"{NAMESPACE_BASE}{_sanitised(project_name(target))}-{_sanitised(suffix)}"


def _creation_info(report: ScanReport) -> CreationInfo:
    return CreationInfo(
        spdx_version=SPDX_VERSION,
        spdx_id=DOCUMENT_ID,
        name=project_name(report.target),
        document_namespace=namespace(report),
        creators=[Actor(ActorType.TOOL, f"{TOOL_NAME}-{report.tool_version}")],
        created=datetime.fromisoformat(report.started_at).replace(microsecond=0),
    )


def _project_package(report: ScanReport, files_analyzed: bool) -> Package:
    return Package(
        spdx_id=PROJECT_ID,
        name=project_name(report.target),
        download_location=SpdxNoAssertion(),
        version=report.target.revision,
        files_analyzed=files_analyzed,
        license_declared=spdx_license(project_expression(report)),
    )


def _files(inventory: Iterable[FileFacts]) -> list[File]:
    """One SPDX file per inventory entry, `SPDXRef-File-<n>`, with the licenses and copyright
    statements found in it."""
    return [
        File(
            name=f"./{facts.path}",
            spdx_id=f"SPDXRef-File-{n}",
            checksums=[Checksum(ChecksumAlgorithm.SHA1, facts.sha1)],
            license_info_in_file=_licenses_in_file(facts),
            copyright_text="\n".join(c.statement for c in facts.copyrights) or SpdxNoAssertion(),
        )
        for n, facts in enumerate(inventory, start=1)
        if facts.sha1
    ]


def _licenses_in_file(facts: FileFacts) -> list[LicenseExpression | SpdxNoAssertion]:
    """Each license the file states once; NOASSERTION for what SPDX would not accept."""
    stated = dict.fromkeys(found.expression for found in facts.licenses)
    licenses = [spdx_license(expression) for expression in stated]
    known = list(dict.fromkeys(x for x in licenses if not isinstance(x, SpdxNoAssertion)))
    return known if len(known) == len(licenses) else [*known, SpdxNoAssertion()]


def _dependency_packages(dependencies: Iterable[Dependency]) -> list[tuple[Dependency, Package]]:
    """One package per dependency, identified `SPDXRef-Package-<name>-<n>`."""
    return [
        (dependency, _package(dependency, f"SPDXRef-Package-{_sanitised(dependency.name)}-{n}"))
        for n, dependency in enumerate(dependencies, start=1)
    ]


def _package(dependency: Dependency, spdx_id: str) -> Package:
    return Package(
        spdx_id=spdx_id,
        name=dependency.name or dependency.purl,
        download_location=SpdxNoAssertion(),
        version=dependency.version,
        files_analyzed=False,
        license_declared=spdx_license(dependency.license),
        external_references=_purl_reference(dependency.purl, spdx_id),
    )


def _purl_reference(purl: str, spdx_id: str) -> list[ExternalPackageRef]:
    """The package URL as a reference, left out if SPDX would not accept it."""
    reference = ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl)
    problems = validate_external_package_ref(reference, spdx_id, SPDX_VERSION)
    return [] if problems else [reference]


def _relationship(dependency: Dependency, package: Package) -> Relationship:
    if dependency.scope is Scope.DEVELOPMENT:
        return Relationship(package.spdx_id, RelationshipType.DEV_DEPENDENCY_OF, PROJECT_ID)
    return Relationship(PROJECT_ID, RelationshipType.DEPENDS_ON, package.spdx_id)


def spdx_license(stated: str | None) -> LicenseExpression | SpdxNoAssertion:
    """`stated` as an SPDX license expression of known identifiers, else NOASSERTION."""
    if not stated or not stated.strip():
        return SpdxNoAssertion()
    try:
        expression = spdx_licensing.parse(stated, validate=True, strict=True)
    except ExpressionError:
        return SpdxNoAssertion()
    return expression if expression is not None else SpdxNoAssertion()


def _sanitised(text: str) -> str:
    """`text` with every run of characters an SPDX identifier refuses turned into one `-`."""
    return _NOT_IN_ID.sub("-", text).strip("-") or "unnamed"
