"""The catalog's REST endpoints (/api/projects, /api/entities), mounted by `platform.api`.

Reads see what `visible_projects` lets the caller see: anonymous callers the public catalog, a
caller with a token whatever their roles open to them. A project the caller may not see answers
404, as if it did not exist. Writes need a token and go through the catalog's services, which
check who may do what; these endpoints only translate between JSON and those services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from osunited.accounts.roles import CONTRIBUTOR, UN_STAFF
from osunited.accounts.tokens import ApiTokenAuth, api_token_authenticate
from osunited.accounts.types import User, Viewer
from osunited.catalog import services
from osunited.catalog.licenses import checked_license_expression
from osunited.catalog.models import PROJECT_FACTS, Project, Scan, ScanStatus
from osunited.catalog.search import (
    has_no_words,
    search_terms,
    tagged_ignoring_case,
    text_matching,
)
from osunited.catalog.selectors import get_project_for_user, visible_projects
from osunited.catalog.vulnerabilities import (
    NotMeasured,
    project_vulnerability_figures,
    vulnerability_figures,
)
from osunited.catalog.workflow import ProjectStatus, TransitionNotAllowed
from osunited.entities.models import Entity
from osunited.governance.selectors.partners import confirmed_partners_prefetch, partners_data
from osunited.platform.api_errors import BodySchema, InputSchema, error_responses

router = Router(tags=["projects"])
entities_router = Router(tags=["entities"])
token_auth = ApiTokenAuth()
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # far past any catalog, and a number every database takes
MAX_ID = 2**63 - 1  # the largest id a database stores

Slug = Annotated[
    str, Path(..., description="The project's slug.", pattern=r"^[-\w]+$", max_length=80)
]
ScanId = Annotated[int, Path(..., description="The scan's id.", ge=1, le=MAX_ID)]


# Schemas ------------------------------------------------------------------------------------


class EntityOut(Schema):
    slug: str
    acronym: str
    name: str
    kind: str
    website: str


class SdgIn(BodySchema):
    goal: int = Field(..., ge=1, le=17)
    evidence: str = Field(..., max_length=300)


class SdgOut(Schema):
    goal: int
    evidence: str


class ScanSummary(Schema):
    id: int
    health: str
    scores: dict[str, Any]
    license: str
    finished_at: datetime | None
    report_url: str


class VulnerabilitiesOut(Schema):
    """Known vulnerabilities of the dependencies, by severity. When they were not measured,
    every count is null (never 0) and `not_measured_reason` says why."""

    critical: int | None
    high: int | None
    medium: int | None
    low: int | None
    unknown: int | None
    total: int | None
    not_measured_reason: NotMeasured | None = Field(
        None,
        description="Null when measured; `not_scanned`: no successful scan yet; "
        "`no_vulnerability_database`: the scan ran without a vulnerability database; "
        "`ecosystems_not_in_database`: the database has no records for the ecosystems of "
        "the pinned dependencies; `no_pinned_dependencies`: no dependency names an exact "
        "version; `no_dependencies_found`: the scan found no dependency to look up.",
    )
    database_date: str | None = Field(
        None, description="The OSV database's date (its newest record's), YYYY-MM-DD."
    )
    database_sources: list[str] = Field(
        default_factory=list,
        description="Who published the vulnerability data, under which license (attribution).",
    )
    unchecked_ecosystems: list[str] = Field(
        default_factory=list,
        description="Ecosystems of pinned dependencies the database has no records for: the "
        "counts do not cover them.",
    )
    sources_measured: int = Field(
        0,
        description="Of the project's sources (repositories, archive), how many the counts cover.",
    )
    sources: int = Field(0, description="The project's scanned sources.")


class ScanOut(Schema):
    id: int
    repository: str | None
    trigger: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    health: str
    scores: dict[str, Any]
    license: str
    summary: dict[str, Any]
    vulnerabilities: VulnerabilitiesOut
    report_url: str | None


class PartnerOut(Schema):
    entity: str = Field(description="The acronym of the entity that co-leads or reuses it.")
    role: str = Field(description="`co_lead` or `reuse` (CPF SC5).")
    note: str


class ProjectOut(Schema):
    slug: str
    name: str
    entity: EntityOut
    purpose: str
    description: str
    features: list[Any]
    development_status: str
    licenses: str
    website: str
    documentation_url: str
    topics: list[Any]
    languages: list[Any]
    dependencies: list[Any]
    hosting: str
    status: str
    repositories: list[str]
    sdgs: list[SdgOut]
    scan_health: str
    latest_scan: ScanSummary | None
    vulnerabilities: VulnerabilitiesOut
    created_at: datetime
    status_changed_at: datetime
    confirmed_at: datetime | None
    page_url: str
    publiccode_url: str
    partners: list[PartnerOut] = Field(
        default_factory=list,
        description="Other entities that co-lead (confirmed by both) or reuse the project.",
    )


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectOut]


class ProjectFilters(InputSchema):
    q: str | None = Field(
        None, max_length=500, description="Words in the name, purpose or description."
    )
    entity: str | None = Field(None, max_length=80, description="The entity's slug or acronym.")
    sdg: int | None = Field(None, ge=1, le=17)
    license: str | None = Field(None, max_length=200, description="Part of the SPDX expression.")
    status: ProjectStatus | None = None
    language: str | None = Field(None, max_length=100, description="A programming language.")
    topic: str | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ProjectIn(BodySchema):
    name: str = Field(..., max_length=200)
    entity: str = Field(..., description="The entity's slug or acronym.")
    purpose: str = Field(..., max_length=300)
    description: str = ""
    features: list[str] = []
    development_status: str
    licenses: str = ""
    website: str = ""
    documentation_url: str = ""
    topics: list[str] = []
    languages: list[str] = []
    dependencies: list[str] = []
    hosting: str = "external"
    repositories: list[str] = []
    sdgs: list[SdgIn] = []


# What null in a PATCH makes of a field: its empty value.
_CLEARED: dict[str, Any] = {
    **dict.fromkeys(("description", "licenses", "website", "documentation_url"), ""),
    **{name: [] for name in ("features", "topics", "languages", "dependencies", "repositories")},
    "sdgs": [],
}


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _never_null(**constraints: Any) -> Any:
    """A PATCH field that may be left out but not cleared: the schema offers no null."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class ProjectPatch(BodySchema):
    """Only the fields sent change. As in a JSON merge patch (RFC 7396), null clears a field
    that may be empty (a text becomes "", a list []); the name, entity, purpose and development
    status cannot be cleared."""

    name: str = _never_null(max_length=200)
    entity: str = _never_null(description="The entity's slug or acronym.")
    purpose: str = _never_null(max_length=300)
    description: str | None = None
    features: list[str] | None = None
    development_status: str = _never_null()
    licenses: str | None = None
    website: str | None = None
    documentation_url: str | None = None
    topics: list[str] | None = None
    languages: list[str] | None = None
    dependencies: list[str] | None = None
    repositories: list[str] | None = None
    sdgs: list[SdgIn] | None = None


class TransitionIn(BodySchema):
    action: str = Field(..., description="A workflow action, such as submit or approve.")
    comment: str = Field(..., description="Why: it stays in the project's public history.")


class TransitionOut(Schema):
    slug: str
    status: str


# Reads --------------------------------------------------------------------------------------


def reader(request: HttpRequest) -> Viewer:
    """Who reads: the token's owner when the call carries one, else the anonymous public. A
    session cookie is ignored, as for writes. A token that does not authenticate is a 401."""
    header = request.headers.get("Authorization", "")
    if not header:
        return AnonymousUser()
    scheme, _, key = header.partition(" ")
    user = api_token_authenticate(key.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise HttpError(401, "The API token is not valid or has been revoked.")
    return user


def _with_relations(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("entity", "latest_scan").prefetch_related(
        "repositories", "sdgs", confirmed_partners_prefetch()
    )


def _filtered(projects: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    if has_no_words(filters.q or ""):
        return projects.none()
    terms = search_terms(filters.q or "")
    if terms:  # the catalog's own text index, as on /catalog/
        projects = text_matching(projects, terms)
    if filters.entity:
        projects = projects.filter(
            Q(entity__slug=filters.entity) | Q(entity__acronym__iexact=filters.entity)
        )
    if filters.sdg:
        projects = projects.filter(sdgs__goal=filters.sdg)
    if filters.license:
        projects = projects.filter(licenses__icontains=filters.license)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.language:
        projects = projects.filter(pk__in=tagged_ignoring_case("language", filters.language))
    if filters.topic:
        projects = projects.filter(pk__in=tagged_ignoring_case("topic", filters.topic))
    return projects


def _scan_summary(scan: Scan | None, slug: str) -> dict[str, Any] | None:
    if scan is None:
        return None
    return {
        "id": scan.pk,
        "health": scan.health,
        "scores": scan.scores,
        "license": scan.license_expression,
        "finished_at": scan.finished_at,
        "report_url": _report_url(slug, scan),
    }


def _report_url(slug: str, scan: Scan) -> str:
    return reverse("api:scan_report", kwargs={"slug": slug, "scan_id": scan.pk})


def project_data(project: Project) -> dict[str, Any]:
    """A project as the API shows it (the fields of CPF 4.3.2), from prefetched relations."""
    entity = project.entity
    return {
        **{name: getattr(project, name) for name in _PLAIN_FIELDS},
        "entity": entity,
        "repositories": [repository.url for repository in project.repositories.all()],
        "sdgs": [{"goal": sdg.goal, "evidence": sdg.evidence} for sdg in project.sdgs.all()],
        "latest_scan": _scan_summary(project.latest_scan, project.slug),
        "vulnerabilities": project_vulnerability_figures(project).as_data(),
        "page_url": reverse("catalog:detail", kwargs={"slug": project.slug}),
        "publiccode_url": reverse("catalog:project_publiccode", kwargs={"slug": project.slug}),
        "partners": partners_data(project),
    }


_PLAIN_FIELDS = (
    "slug",
    *PROJECT_FACTS,
    "status",
    "scan_health",
    "created_at",
    "status_changed_at",
    "confirmed_at",
)


def _visible_project(request: HttpRequest, slug: str, user: Viewer | None = None) -> Project:
    user = user if user is not None else reader(request)
    return get_object_or_404(_with_relations(visible_projects(user)), slug=slug)


@router.get("", response={200: ProjectPage, **error_responses(401, 422)}, url_name="projects")
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> dict[str, Any]:
    """The projects the caller may see, in a stable order (name, then id), page by page."""
    projects = _filtered(visible_projects(reader(request)), filters)
    page = _with_relations(projects.order_by("name", "pk"))[
        filters.offset : filters.offset + filters.limit
    ]
    return {
        "count": projects.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [project_data(project) for project in page],
    }


@router.get(
    "/{slug}", response={200: ProjectOut, **error_responses(401, 404, 422)}, url_name="project"
)
def get_project(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    return project_data(_visible_project(request, slug))


@router.get(
    "/{slug}/scans",
    response={200: list[ScanOut], **error_responses(401, 404, 422)},
    url_name="project_scans",
)
def list_scans(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The project's scans, newest first."""
    project = get_project_for_user(user=reader(request), slug=slug)
    scans = project.scans.select_related("repository").defer("report")[:100]
    return [_scan_data(scan, slug) for scan in scans]


def _scan_data(scan: Scan, slug: str) -> dict[str, Any]:
    succeeded = scan.status == ScanStatus.SUCCEEDED
    return {
        "id": scan.pk,
        "repository": scan.repository.url if scan.repository else None,
        "trigger": scan.trigger,
        "status": scan.status,
        "created_at": scan.created_at,
        "finished_at": scan.finished_at,
        "health": scan.health,
        "scores": scan.scores,
        "license": scan.license_expression,
        "summary": scan.summary,
        "vulnerabilities": vulnerability_figures(scan).as_data(),
        "report_url": _report_url(slug, scan) if succeeded else None,
    }


@router.get(
    "/{slug}/scans/latest/report",
    response={200: dict[str, Any], **error_responses(401, 404, 422)},
    url_name="latest_report",
)
def latest_report(request: HttpRequest, slug: Slug) -> Any:
    """The scanner's whole JSON report of the project's latest successful scan."""
    project = get_project_for_user(user=reader(request), slug=slug)
    if project.latest_scan_id is None:
        raise HttpError(404, "The project has no successful scan yet.")
    return _report(project, project.latest_scan_id)


@router.get(
    "/{slug}/scans/{scan_id}/report",
    response={200: dict[str, Any], **error_responses(401, 404, 422)},
    url_name="scan_report",
)
def scan_report(request: HttpRequest, slug: Slug, scan_id: ScanId) -> Any:
    project = get_project_for_user(user=reader(request), slug=slug)
    return _report(project, scan_id)


def _report(project: Project, scan_id: int) -> Any:
    scan = get_object_or_404(
        project.scans.filter(status=ScanStatus.SUCCEEDED, report__isnull=False), pk=scan_id
    )
    return scan.report


@entities_router.get("", response={200: list[EntityOut], **error_responses()}, url_name="entities")
def list_entities(request: HttpRequest) -> QuerySet[Entity]:
    """The UN entities, for the `entity` field of a project."""
    return Entity.objects.order_by("acronym")


# Writes -------------------------------------------------------------------------------------


def _entity(reference: str) -> Entity:
    entity = Entity.objects.filter(Q(slug=reference) | Q(acronym__iexact=reference)).first()
    if entity is None:
        raise HttpError(400, f"There is no entity {reference!r}; see /api/entities.")
    return entity


def _checked_licenses(expression: str) -> str:
    """The canonical SPDX expression; a 422 that names the closest valid id otherwise."""
    try:
        return checked_license_expression(expression)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None


def _writer(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User) or not (UN_STAFF.allows(user) and CONTRIBUTOR.allows(user)):
        raise PermissionDenied(
            gettext("Writes are for UN staff who accepted the current policies.")
        )
    return user


@router.post(
    "",
    auth=token_auth,
    response={201: ProjectOut, **error_responses(400, 401, 403, 422)},
    url_name="projects_create",
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[dict[str, Any]]:
    """Register a draft project; the caller becomes its focal point."""
    user = _writer(request)
    fields = payload.dict()
    fields["entity"] = _entity(fields["entity"])
    fields["licenses"] = _checked_licenses(fields["licenses"])
    fields["sdgs"] = [(sdg["goal"], sdg["evidence"]) for sdg in fields["sdgs"]]
    project = services.project_create(created_by=user, focal_points=[user], **fields)
    return Status(201, project_data(_visible_project(request, project.slug, user)))


@router.patch(
    "/{slug}",
    auth=token_auth,
    response={200: ProjectOut, **error_responses(400, 401, 403, 404, 422)},
    url_name="project_update",
)
def update_project(request: HttpRequest, slug: Slug, payload: ProjectPatch) -> dict[str, Any]:
    """Change a project's facts, as one of its focal points. Only the fields sent change."""
    user = _writer(request)
    project = get_project_for_user(user=user, slug=slug)
    changes = {
        name: _CLEARED[name] if value is None else value
        for name, value in payload.dict(exclude_unset=True).items()
    }
    if "licenses" in changes:
        changes["licenses"] = _checked_licenses(changes["licenses"])
    if "entity" in changes:
        changes["entity"] = _entity(changes["entity"])
    if "sdgs" in changes:
        changes["sdgs"] = [(sdg["goal"], sdg["evidence"]) for sdg in changes["sdgs"]]
    services.project_update(project=project, user=user, changes=changes)
    return project_data(_visible_project(request, project.slug, user))


@router.post(
    "/{slug}/transitions",
    auth=token_auth,
    response={200: TransitionOut, **error_responses(400, 401, 403, 404, 422)},
    url_name="project_transitions",
)
def transition_project(request: HttpRequest, slug: Slug, payload: TransitionIn) -> dict[str, str]:
    """Move the project along its workflow (submit, approve, publish...) with a comment."""
    user = _writer(request)
    project = get_project_for_user(user=user, slug=slug)
    try:
        project = services.project_transition(
            project=project, action=payload.action, user=user, comment=payload.comment
        )
    except TransitionNotAllowed as error:
        raise HttpError(400, str(error)) from None
    return {"slug": project.slug, "status": project.status}
