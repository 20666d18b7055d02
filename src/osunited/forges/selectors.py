"""Reads of the forges app: the forges and namespaces platform admins configure, and what a
project's page shows of its hosted repositories, to whom (CPF 4.3.4, 4.3.5).

The public sees a repository's link only once the repository is public; the project's focal
points, committee members and platform admins see its state, the notes of its provisioning and
why it failed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Hosting, Project
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity
from osunited.forges.models import Forge, ForgeNamespace, HostedRepository, HostingState

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
class RepositoryHosting:
    label: str  # "unicef/ospo/field-survey"
    state: str
    state_label: str
    web_url: str  # "" where the viewer may not have the link
    public: bool
    archived: bool
    notes: tuple[str, ...]
    last_error: str


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
    private repository to someone without a role on the project)."""
    if project.hosting != Hosting.INTERNAL or project.status not in HOSTED_STATUSES:
        return None
    details = sees_hosting_details(viewer, project)
    hosted = list(
        HostedRepository.objects.filter(project=project)
        .select_related("namespace")
        .order_by("component", "pk")
    )
    shown = tuple(_shown(r, details) for r in hosted if details or r.public)
    if not details and not shown:
        return None
    failed = any(r.state == HostingState.FAILED for r in hosted)
    return ProjectHosting(
        entity=project.entity.acronym,
        repositories=shown,
        waiting=_waiting(project) if details and not hosted else "",
        shows_details=details,
        may_retry=failed and may_retry_provisioning(viewer, project),
    )


def _waiting(project: Project) -> str:
    has_namespace = ForgeNamespace.objects.filter(entity_id=project.entity_id).exists()
    return "queued" if has_namespace else "namespace"


def _shown(repository: HostedRepository, details: bool) -> RepositoryHosting:
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
    )
