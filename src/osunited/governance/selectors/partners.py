"""Reading partnerships and joint projects: what the public sees (accepted public requests,
confirmed partners of published projects), what a requester and the Board see, and what an
entity's representative has to answer."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import BOARD
from osunited.accounts.types import User, Viewer
from osunited.catalog.models import Project
from osunited.catalog.workflow import PUBLIC_STATUSES
from osunited.entities.models import Entity
from osunited.governance.models import (
    PartnershipRequest,
    PartnershipStatus,
    ProjectPartner,
    ProjectPartnerRole,
)

_ENTITIES = Prefetch("matched_entities", queryset=Entity.objects.order_by("acronym"))


def public_partnerships() -> QuerySet[PartnershipRequest]:
    """Accepted requests the Board chose to list publicly (never their contact details)."""
    return PartnershipRequest.objects.filter(
        status=PartnershipStatus.ACCEPTED, public=True
    ).prefetch_related(_ENTITIES)


def partnerships_of(user: User) -> QuerySet[PartnershipRequest]:
    return PartnershipRequest.objects.filter(submitted_by=user).prefetch_related(_ENTITIES)


def partnership_queue(status: str = "") -> QuerySet[PartnershipRequest]:
    """Every request for the Board, oldest first, optionally of one status."""
    requests = PartnershipRequest.objects.select_related("submitted_by", "handled_by")
    if status:
        requests = requests.filter(status=status)
    return requests.prefetch_related(_ENTITIES).order_by("created_at", "pk")


def get_partnership_for_user(user: User, pk: int) -> PartnershipRequest:
    """The request for its requester and the Board; a 404 for anyone else."""
    requests = PartnershipRequest.objects.select_related("submitted_by", "handled_by")
    if not BOARD.allows(user):
        requests = requests.filter(submitted_by=user)
    return get_object_or_404(requests.prefetch_related(_ENTITIES), pk=pk)


def entities_for_matching() -> QuerySet[Entity]:
    return Entity.objects.order_by("acronym")


# -- joint projects ---------------------------------------------------------------------------


def _confirmed() -> QuerySet[ProjectPartner]:
    return (
        ProjectPartner.objects.filter(confirmed_at__isnull=False)
        .select_related("entity")
        .order_by("role", "entity__acronym")
    )


def joint_projects(role: str = "") -> QuerySet[Project]:
    """Published projects with confirmed co-leads or reusers (optionally of one role), each with
    `confirmed_partners`."""
    partners = _confirmed().filter(role=role) if role else _confirmed()
    projects = Project.objects.filter(
        status__in=PUBLIC_STATUSES, pk__in=partners.values("project_id")
    )
    return (
        projects.select_related("entity")
        .prefetch_related(Prefetch("partners", queryset=partners, to_attr="confirmed_partners"))
        .order_by("name", "pk")
    )


def confirmed_partners_of(project: Project) -> list[ProjectPartner]:
    if project.status not in PUBLIC_STATUSES:
        return []
    return list(_confirmed().filter(project=project))


def confirmed_partners_prefetch() -> Prefetch[str, QuerySet[ProjectPartner], str]:
    """For a list of projects: each gets `confirmed_partners` in one query for all."""
    return Prefetch("partners", queryset=_confirmed(), to_attr="confirmed_partners")


def partners_data(project: Project) -> list[dict[str, str]]:
    """The confirmed partners of a published project as the API shows them."""
    if project.status not in PUBLIC_STATUSES:
        return []
    partners = getattr(project, "confirmed_partners", None)
    if partners is None:
        partners = confirmed_partners_of(project)
    return [
        {"entity": partner.entity.acronym, "role": partner.role, "note": partner.note}
        for partner in partners
    ]


def pending_invitations_of(project: Project) -> list[ProjectPartner]:
    return list(
        ProjectPartner.objects.filter(
            project=project, role=ProjectPartnerRole.CO_LEAD, confirmed_at__isnull=True
        ).select_related("entity")
    )


def represented_entities(user: Viewer) -> QuerySet[Entity]:
    """The entities `user` holds the representative's grant for."""
    if not user.is_authenticated:
        return Entity.objects.none()
    grants = RoleGrant.objects.filter(user=user, role=GrantedRole.ENTITY_REPRESENTATIVE)
    return Entity.objects.filter(pk__in=grants.values("entity_id")).order_by("acronym")


def partners_of_represented(user: User) -> QuerySet[ProjectPartner]:
    """Every partnership of the entities `user` represents: invitations to answer first."""
    return (
        ProjectPartner.objects.filter(entity__in=represented_entities(user))
        .select_related("entity", "project__entity", "declared_by")
        .order_by(F("confirmed_at").desc(nulls_first=True), "project__name", "pk")
    )


def get_partner(pk: int) -> ProjectPartner:
    return get_object_or_404(
        ProjectPartner.objects.select_related("entity", "project__entity"), pk=pk
    )


def entities_to_invite(project: Project) -> QuerySet[Entity]:
    return Entity.objects.exclude(pk=project.entity_id).order_by("acronym")
