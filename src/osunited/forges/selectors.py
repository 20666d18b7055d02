"""Reads of the forges app: the forges and namespaces platform admins configure, and what a
project's page shows of its hosted repositories, to whom (CPF 4.3.4, 4.3.5).

The public sees a repository's link only once the repository is public; the project's focal
points, committee members and platform admins see its state, the notes of its provisioning and
why it failed. Whoever sees a provisioned repository sees its latest CH1-CH12 audit and its
forge activity of the last 90 days; why a guideline is not met, and how to remedy it, is for
the people with a role on the project, since the reasons name forge accounts and security
settings (CPF 4.4.10).

An entity's page shows its namespace, its repositories (the public ones only to the public) and
the latest audit's outcome per guideline, counted over its repositories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Hosting, Project
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity
from osunited.forges.adapters import ForgeActivity
from osunited.forges.guidelines import Outcome
from osunited.forges.models import (
    Forge,
    ForgeAudit,
    ForgeKind,
    ForgeNamespace,
    HostedRepository,
    HostingState,
)
from osunited.forges.reports import AuditTable, audit_table

# A repository exists from the committee's approval on.
HOSTED_STATUSES = frozenset(
    {
        ProjectStatus.APPROVED,
        ProjectStatus.PUBLISHED,
        ProjectStatus.SUNSET_NOTICE,
        ProjectStatus.ARCHIVED,
    }
)


def forge_list() -> QuerySet[Forge]:
    """Every forge with the entities' namespaces on it, in two queries."""
    namespaces = ForgeNamespace.objects.select_related("entity").order_by("entity__acronym")
    return Forge.objects.prefetch_related(Prefetch("namespaces", queryset=namespaces))


def entities_without_namespace() -> QuerySet[Entity]:
    """The entities whose approved projects cannot get a repository yet."""
    return Entity.objects.filter(forge_namespace__isnull=True).order_by("acronym")


def get_forge(*, pk: int) -> Forge:
    return get_object_or_404(Forge, pk=pk)


def may_retry_provisioning(user: Viewer, project: Project) -> bool:
    """Who may ask for a failed provisioning again: the project's focal points and admins."""
    if not user.is_authenticated:
        return False
    return Role.PLATFORM_ADMIN in roles_of(user) or project.has_focal_point(user)


def sees_hosting_details(user: Viewer, project: Project) -> bool:
    """Who sees a repository's state, notes and errors: focal points, reviewers, admins."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.PLATFORM_ADMIN, Role.REVIEWER}:
        return True
    return project.has_focal_point(user)


@dataclass(frozen=True)
class GuidelineNotMet:
    id: str  # "CH5"
    text: str
    reason: str  # "" for viewers without a role on the project
    remediation: str


@dataclass(frozen=True)
class RepositoryAudit:
    """A repository's entry in its namespace's latest audit."""

    audited_on: date
    met: int
    total: int
    not_observable: int
    not_met: tuple[GuidelineNotMet, ...]


@dataclass(frozen=True)
class RepositoryHosting:
    label: str  # "unicef/ospo/field-survey"
    state: str
    state_label: str
    web_url: str  # "" where the viewer may not have the link
    public: bool
    archived: bool
    notes: tuple[str, ...]
    last_error: str
    provisioned: bool = False  # only a provisioned repository is audited and has activity
    audit: RepositoryAudit | None = None  # None: not audited yet
    activity: ForgeActivity | None = None  # None: not measured yet


@dataclass(frozen=True)
class ProjectHosting:
    entity: str
    repositories: tuple[RepositoryHosting, ...]
    # No repository yet: "namespace" while the entity has no namespace on a forge, "queued"
    # while provisioning has not started; "" otherwise.
    waiting: str
    shows_details: bool
    may_retry: bool


def hosting_for_project(project: Project, viewer: Viewer) -> ProjectHosting | None:
    """What the project page shows of the project's repositories on the platform's forge to
    `viewer`; None when it shows nothing (an external project, one not approved yet, or a
    private repository to someone without a role on the project). Two queries: the
    repositories, and the latest audit of their namespace."""
    if project.hosting != Hosting.INTERNAL or project.status not in HOSTED_STATUSES:
        return None
    details = sees_hosting_details(viewer, project)
    hosted = list(
        HostedRepository.objects.filter(project=project)
        .select_related("namespace")
        .order_by("component", "pk")
    )
    visible = [r for r in hosted if details or r.public]
    if not details and not visible:
        return None
    audited = {r.namespace_id for r in visible if r.state == HostingState.READY}
    audits = {
        namespace: _ReadAudit(audit.finished_at.date(), audit_table(audit.report))
        for namespace, audit in latest_audits(audited).items()
        if audit.finished_at is not None
    }
    failed = any(r.state == HostingState.FAILED for r in hosted)
    return ProjectHosting(
        entity=project.entity.acronym,
        repositories=tuple(_shown(r, details, audits.get(r.namespace_id)) for r in visible),
        waiting=_waiting(project) if details and not hosted else "",
        shows_details=details,
        may_retry=failed and may_retry_provisioning(viewer, project),
    )


def _waiting(project: Project) -> str:
    has_namespace = ForgeNamespace.objects.filter(entity_id=project.entity_id).exists()
    return "queued" if has_namespace else "namespace"


@dataclass(frozen=True)
class _ReadAudit:
    on: date
    table: AuditTable


def _shown(
    repository: HostedRepository, details: bool, audit: _ReadAudit | None
) -> RepositoryHosting:
    ready = repository.state == HostingState.READY
    failed = repository.state == HostingState.FAILED
    return RepositoryHosting(
        label=str(repository),
        state=repository.state,
        state_label=str(HostingState(repository.state).label),
        web_url=repository.web_url if ready and (details or repository.public) else "",
        public=repository.public,
        archived=repository.archived,
        notes=tuple(str(note) for note in repository.notes) if details else (),
        last_error=repository.last_error if details and failed else "",
        provisioned=ready,
        audit=_repository_audit(audit, str(repository), details) if ready and audit else None,
        activity=activity_of(repository) if ready else None,
    )


def latest_audits(namespace_ids: Iterable[int]) -> dict[int, ForgeAudit]:
    """The latest successful audit of each namespace, by namespace id, in one query (none for
    no namespace); an audit that failed keeps the previous one current."""
    ids = sorted(set(namespace_ids))
    if not ids:
        return {}
    successful = ForgeAudit.objects.filter(finished_at__isnull=False, error="")
    latest = successful.filter(namespace=OuterRef("namespace")).order_by("-started_at")
    audits = successful.filter(namespace_id__in=ids, pk=Subquery(latest.values("pk")[:1]))
    return {audit.namespace_id: audit for audit in audits}


def _repository_audit(audit: _ReadAudit, full_path: str, details: bool) -> RepositoryAudit | None:
    """The repository's row in the audit, or None when the audit did not see it (provisioned
    after it)."""
    row = next((r for r in audit.table.rows if r.repository == full_path), None)
    if row is None:
        return None
    outcomes = [cell.outcome for cell in row.cells]
    texts = {column.guideline_id: column.text for column in audit.table.columns}
    return RepositoryAudit(
        audited_on=audit.on,
        met=outcomes.count(Outcome.MET),
        total=len(outcomes),
        not_observable=outcomes.count(Outcome.NOT_OBSERVABLE),
        not_met=tuple(
            GuidelineNotMet(
                id=cell.guideline_id,
                text=texts[cell.guideline_id],
                reason=cell.reason if details else "",
                remediation=cell.remediation if details else "",
            )
            for cell in row.cells
            if cell.outcome is Outcome.NOT_MET
        ),
    )


def activity_of(repository: HostedRepository) -> ForgeActivity | None:
    """The repository's forge activity as the nightly audit read it; None until it has."""
    if not repository.activity:
        return None
    try:
        return ForgeActivity(**repository.activity)
    except TypeError:  # kept by an older version with other fields: read again tonight
        return None


# An entity's page --------------------------------------------------------------------------


def sees_entity_repositories(user: Viewer, entity: Entity) -> bool:
    """Who sees an entity's private repositories and their state: its representatives,
    committee members and admins."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.PLATFORM_ADMIN, Role.REVIEWER}:
        return True
    return is_entity_representative(user, entity)


@dataclass(frozen=True)
class EntityRepository:
    label: str
    project_name: str
    project_slug: str
    state: str
    state_label: str
    web_url: str
    public: bool
    archived: bool


@dataclass(frozen=True)
class GuidelineTally:
    """How the repositories of a namespace fared on one guideline in its latest audit."""

    id: str
    text: str
    met: int
    not_met: int
    not_observable: int


@dataclass(frozen=True)
class EntityHosting:
    forge: str
    forge_kind: str
    namespace: str  # the group's full path or the organisation
    repositories: tuple[EntityRepository, ...]
    shows_details: bool
    audited_on: date | None  # None: not audited yet
    repositories_audited: int
    guidelines: tuple[GuidelineTally, ...]


def hosting_for_entity(entity: Entity, viewer: Viewer) -> EntityHosting | None:
    """The entity page's code hosting section; None while the entity has no namespace. Three
    queries: the namespace, its repositories, its latest audit."""
    namespace = ForgeNamespace.objects.filter(entity=entity).select_related("forge").first()
    if namespace is None:
        return None
    details = sees_entity_repositories(viewer, entity)
    repositories = HostedRepository.objects.filter(namespace=namespace).select_related("project")
    if not details:
        repositories = repositories.filter(public=True)
    audit = latest_audits([namespace.pk]).get(namespace.pk)
    table = audit_table(audit.report if audit else {})
    return EntityHosting(
        forge=namespace.forge.name,
        forge_kind=str(ForgeKind(namespace.forge.kind).label),
        namespace=namespace.path,
        repositories=tuple(
            _entity_repository(r, namespace.path) for r in repositories.order_by("path")
        ),
        shows_details=details,
        audited_on=audit.finished_at.date() if audit and audit.finished_at else None,
        repositories_audited=len(table.rows),
        guidelines=_tallies(table) if table.rows else (),
    )


def _entity_repository(repository: HostedRepository, namespace_path: str) -> EntityRepository:
    ready = repository.state == HostingState.READY
    return EntityRepository(
        label=f"{namespace_path}/{repository.path}",
        project_name=repository.project.name,
        project_slug=repository.project.slug,
        state=repository.state,
        state_label=str(HostingState(repository.state).label),
        web_url=repository.web_url if ready else "",
        public=repository.public,
        archived=repository.archived,
    )


def _tallies(table: AuditTable) -> tuple[GuidelineTally, ...]:
    """Per guideline, in the framework's order, the outcomes counted over the repositories."""
    columns = range(len(table.columns))
    counts = [Counter(row.cells[n].outcome for row in table.rows) for n in columns]
    return tuple(
        GuidelineTally(
            id=column.guideline_id,
            text=column.text,
            met=count[Outcome.MET],
            not_met=count[Outcome.NOT_MET],
            not_observable=count[Outcome.NOT_OBSERVABLE],
        )
        for column, count in zip(table.columns, counts, strict=True)
    )
