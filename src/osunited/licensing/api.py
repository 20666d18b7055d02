"""The licensing REST endpoints, mounted by `platform.api`: the licenses as data
(/api/licenses), the compatibility of one license expression with another for each kind of
use (/api/licenses/compatibility), and a project's whole verdict
(/api/projects/{slug}/compatibility).

All are public reads. A project's verdict follows the catalog's visibility (`visible_projects`,
through `catalog.api.reader`): a project the caller may not see answers 404, as if it did not
exist. Errors answer the API's one JSON shape (`platform.api_errors`)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from osunited.catalog.api import Slug, reader
from osunited.catalog.selectors import get_project_for_user
from osunited.licenses import (
    ComponentKind,
    ComponentVerdict,
    Family,
    LicenseFacts,
    PatentTerms,
    SourceVerdict,
    Use,
    Verdict,
    all_license_facts,
    license_facts,
    normalise_expression,
)
from osunited.licensing.forms_compatibility import MAX_EXPRESSION_LENGTH
from osunited.licensing.selectors.compatibility import (
    CompatibilityNotMeasured,
    PairResult,
    ProjectCompatibility,
    pair_results,
    project_compatibility_of,
)
from osunited.platform.api_errors import InputSchema, error_responses

router = Router(tags=["licenses"])
project_router = Router(tags=["licenses"])
MAX_LIMIT = 200
MAX_COMPONENTS = 1_000
MAX_OFFSET = 1_000_000_000

LicenseId = Annotated[
    str,
    Path(
        ..., description="An SPDX license id, such as MIT.", pattern=r"^[-.+\w]+$", max_length=100
    ),
]


# Schemas ------------------------------------------------------------------------------------


class LicenseOut(Schema):
    spdx_id: str
    name: str
    family: Family = Field(..., description="How far the license's obligations reach.")
    patent: PatentTerms = Field(..., description="What the license says of patents.")
    permissions: list[str] = Field(..., description="choosealicense.com's tags.")
    conditions: list[str]
    limitations: list[str]
    description: str
    osi_approved: bool
    summary_source: str = Field(..., description="Who wrote the summary.")
    page_url: str


class LicensePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[LicenseOut]


class LicenseFilters(InputSchema):
    q: str | None = Field(None, max_length=100, description="Part of the SPDX id or the name.")
    family: Family | None = None
    osi_approved: bool | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PairQuery(InputSchema):
    inbound: str = Field(
        ...,
        min_length=1,
        max_length=MAX_EXPRESSION_LENGTH,
        description="The component's license, an SPDX expression.",
    )
    outbound: str = Field(
        ...,
        min_length=1,
        max_length=MAX_EXPRESSION_LENGTH,
        description="The project's license, an SPDX expression.",
    )
    use: Use | None = Field(None, description="The kind of use; every kind when left out.")


class SourceOut(Schema):
    key: str
    name: str
    url: str


class SourceVerdictOut(Schema):
    source: SourceOut
    verdict: Verdict
    explanation: str = Field(..., description="In plain language.")
    reference: str = Field(..., description="Where the source says it (a URL or a section).")


class UseCheckOut(Schema):
    use: Use
    verdict: Verdict = Field(
        ...,
        description="The most cautious verdict of the sources that cover the pair (unknown when "
        "none does); never an average.",
    )
    most_cautious_sources: list[str] = Field(..., description="The keys of the sources giving it.")
    disagreement: bool = Field(..., description="Whether the covering sources disagree.")
    verdicts: list[SourceVerdictOut]


class CompatibilityOut(Schema):
    inbound: str = Field(..., description="The component's license, as SPDX writes it.")
    outbound: str
    checks: list[UseCheckOut]


class ComponentOut(Schema):
    name: str = Field(..., description="A package URL for a dependency, the path for a file.")
    kind: ComponentKind
    license: str | None = Field(..., description="Null when nobody states it.")
    use: Use
    path: list[str] = Field(..., description="The chain of packages that brings it in.")
    line: int | None
    verdict: Verdict
    reason: str


class VerdictCountsOut(Schema):
    incompatible: int
    unknown: int
    conditional: int
    compatible: int


class ComponentFilters(InputSchema):
    verdict: Verdict | None = Field(None, description="Only the components with this verdict.")
    limit: int = Field(200, ge=1, le=MAX_COMPONENTS)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ProjectCompatibilityOut(Schema):
    """When not measured, the verdict and the counts are null (never 0 conflicts) and
    `not_measured_reason` says why."""

    project: str
    measured: bool
    not_measured_reason: CompatibilityNotMeasured | None = Field(
        None,
        description="Null when measured; `not_scanned`: no successful scan yet; "
        "`check_not_run`: the latest scan predates the check or did not run it; `unreadable`: "
        "its report cannot be read; `no_project_license`: the scan found no project license.",
    )
    scan_id: int | None
    outbound: str | None = Field(..., description="The project's license the scan found.")
    verdict: Verdict | None = Field(..., description="The most cautious component's verdict.")
    counts: VerdictCountsOut | None
    count: int = Field(..., description="The components matching the filter.")
    limit: int
    offset: int
    components: list[ComponentOut] = Field(..., description="Conflicts first, then unknown...")


# Licenses -----------------------------------------------------------------------------------


def _license_data(facts: LicenseFacts) -> dict[str, Any]:
    return {
        "spdx_id": facts.spdx_id,
        "name": facts.name,
        "family": facts.family,
        "patent": facts.patent,
        "permissions": list(facts.permissions),
        "conditions": list(facts.conditions),
        "limitations": list(facts.limitations),
        "description": facts.description,
        "osi_approved": facts.osi_approved,
        "summary_source": facts.summary_source,
        "page_url": reverse("licensing:license", args=[facts.spdx_id]),
    }


def _matching(filters: LicenseFilters) -> list[LicenseFacts]:
    needle = (filters.q or "").strip().casefold()
    return [
        facts
        for facts in all_license_facts()
        if (not needle or needle in facts.spdx_id.casefold() or needle in facts.name.casefold())
        and (filters.family is None or facts.family == filters.family)
        and (filters.osi_approved is None or facts.osi_approved == filters.osi_approved)
    ]


@router.get("", response={200: LicensePage, **error_responses(422)}, url_name="licenses")
def list_licenses(request: HttpRequest, filters: Query[LicenseFilters]) -> dict[str, Any]:
    """Every license the platform knows, in SPDX id order, page by page."""
    found = sorted(_matching(filters), key=lambda facts: facts.spdx_id.casefold())
    page = found[filters.offset : filters.offset + filters.limit]
    return {
        "count": len(found),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_license_data(facts) for facts in page],
    }


# Declared before /{license_id}, which would take its path.
@router.get(
    "/compatibility",
    response={200: CompatibilityOut, **error_responses(422)},
    url_name="license_compatibility",
)
def compatibility(request: HttpRequest, query: Query[PairQuery]) -> dict[str, Any]:
    """May code under `inbound` be used by a project under `outbound`? Each source's verdict
    for the kind of use asked, or for every kind."""
    inbound, outbound = _spdx(query.inbound, "inbound"), _spdx(query.outbound, "outbound")
    uses = tuple(Use) if query.use is None else (query.use,)
    results = pair_results(inbound, outbound, uses)
    return {"inbound": inbound, "outbound": outbound, "checks": [_use_check(r) for r in results]}


def _spdx(expression: str, name: str) -> str:
    try:
        return normalise_expression(expression)
    except ValueError as error:
        raise HttpError(422, f"{name}: {error}") from None


def _use_check(result: PairResult) -> dict[str, Any]:
    return {
        "use": result.use,
        "verdict": result.check.verdict,
        "most_cautious_sources": [v.source.key for v in result.most_cautious],
        "disagreement": result.check.disagreement,
        "verdicts": [_source_verdict(v) for v in result.check.verdicts],
    }


def _source_verdict(verdict: SourceVerdict) -> dict[str, Any]:
    source = verdict.source
    return {
        "source": {"key": source.key, "name": source.name, "url": source.url},
        "verdict": verdict.verdict,
        "explanation": verdict.explanation,
        "reference": verdict.reference,
    }


@router.get(
    "/{license_id}",
    response={200: LicenseOut, **error_responses(404, 422)},
    url_name="license",
)
def get_license(request: HttpRequest, license_id: LicenseId) -> dict[str, Any]:
    """One license; an id in another case, or a deprecated one, gives the current license."""
    facts = license_facts(license_id)
    if facts is None:
        raise HttpError(404, f"The platform knows no license {license_id!r}; see /api/licenses.")
    return _license_data(facts)


# A project's verdict ------------------------------------------------------------------------


@project_router.get(
    "/{slug}/compatibility",
    response={200: ProjectCompatibilityOut, **error_responses(401, 404, 422)},
    url_name="project_compatibility",
)
def project_compatibility(
    request: HttpRequest, slug: Slug, filters: Query[ComponentFilters]
) -> dict[str, Any]:
    """The project's license compatibility from its latest successful scan: each dependency's
    and file's verdict, conflicts first."""
    project = get_project_for_user(user=reader(request), slug=slug)
    found = project_compatibility_of(project)
    shown = found.components(filters.verdict)
    return {
        "project": project.slug,
        "measured": found.measured,
        "not_measured_reason": found.not_measured,
        "scan_id": found.scan.pk if found.scan else None,
        "outbound": found.verdict.outbound if found.verdict else None,
        "verdict": found.verdict.verdict if found.verdict else None,
        "counts": _counts(found),
        "count": len(shown),
        "limit": filters.limit,
        "offset": filters.offset,
        "components": [
            _component(c) for c in shown[filters.offset : filters.offset + filters.limit]
        ],
    }


def _counts(found: ProjectCompatibility) -> dict[str, int] | None:
    if not found.measured:
        return None
    return {verdict.value: count for verdict, count in found.counts.items()}


def _component(judged: ComponentVerdict) -> dict[str, Any]:
    component = judged.component
    return {
        "name": component.name,
        "kind": component.kind,
        "license": component.license,
        "use": component.use,
        "path": list(component.path),
        "line": component.line,
        "verdict": judged.verdict,
        "reason": judged.reason,
    }
