"""Reading the policy library: one policy's page with everything it links to, and who may change
a policy (one rule, called by every view and service that needs it)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from osunited.accounts.roles import POLICY_EDITOR, Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.framework import FrameworkError, load_framework
from osunited.policies.models import IssuerKind, LessonLearned, Origin, Policy

CSIS_SOURCE = "CSIS, Government Open Source Software Policies (December 2022)"


def is_policy_editor(user: Viewer) -> bool:
    return POLICY_EDITOR.allows(user)


def may_edit_policy(user: Viewer, policy: Policy) -> bool:
    """Editors keep the policies of governments and organisations; an entity's representatives
    keep their entity's; admins keep all."""
    if not user.is_authenticated:
        return False
    if Role.PLATFORM_ADMIN in roles_of(user):
        return True
    if policy.issuer_kind == IssuerKind.UN_ENTITY:
        return policy.entity is not None and is_entity_representative(user, policy.entity)
    return Role.POLICY_EDITOR in roles_of(user)


def publishing_entities(user: Viewer) -> QuerySet[Entity]:
    """The entities whose policies `user` may publish (those they represent; all for admins)."""
    if not user.is_authenticated:
        return Entity.objects.none()
    if Role.PLATFORM_ADMIN in roles_of(user):
        return Entity.objects.order_by("acronym")
    from osunited.accounts.models import GrantedRole, RoleGrant

    held = RoleGrant.objects.filter(
        user=user, role=GrantedRole.ENTITY_REPRESENTATIVE, entity__isnull=False
    )
    return Entity.objects.filter(pk__in=held.values("entity_id")).order_by("acronym")


def _visible(user: Viewer) -> QuerySet[Policy]:
    return Policy.objects.filter(published=True)


def get_policy(*, public_id: UUID, viewer: Viewer) -> Policy:
    """A published policy, or an unpublished one its editors may see; 404 otherwise."""
    policy = (
        Policy.objects.select_related("entity", "supersedes").filter(public_id=public_id).first()
    )
    if policy is None or not (policy.published or may_edit_policy(viewer, policy)):
        raise Http404
    return policy


def get_policy_for_editing(*, public_id: UUID, user: Viewer) -> Policy:
    policy = get_policy(public_id=public_id, viewer=user)
    if not may_edit_policy(user, policy):
        raise PermissionDenied
    return policy


@dataclass(frozen=True)
class ClauseView:
    clause: Any
    items: list[tuple[str, str, bool]]  # (item id, its text, known to the framework)


@dataclass(frozen=True)
class PolicyPage:
    policy: Policy
    objectives: list[str]
    sources: list[Any]
    clauses: list[ClauseView]
    replaced_by: list[Policy]
    versions: list[Any]
    endorsements: list[Any]
    lessons: list[LessonLearned]
    hidden_lessons: list[LessonLearned]
    may_edit: bool
    may_moderate: bool
    is_csis: bool


def _clause_views(policy: Policy) -> list[ClauseView]:
    clauses = list(policy.clauses.all())
    texts: dict[str, str] = {}
    for framework_id in {clause.framework_id for clause in clauses}:
        # A framework no longer shipped: its ids stay, without their text.
        with suppress(FrameworkError):
            texts |= {item.id: item.text for item in load_framework(framework_id).items}
    return [
        ClauseView(clause, [(i, texts.get(i, ""), i in texts) for i in clause.items])
        for clause in clauses
    ]


def policy_page(*, public_id: UUID, viewer: Viewer) -> PolicyPage:
    policy = get_policy(public_id=public_id, viewer=viewer)
    lessons = list(policy.lessons.select_related("author", "entity").order_by("-created_at", "-pk"))
    moderator = is_policy_editor(viewer)
    return PolicyPage(
        policy=policy,
        objectives=[o.get_objective_display() for o in policy.objectives.order_by("pk")],
        sources=list(policy.sources.all()),
        clauses=_clause_views(policy),
        replaced_by=list(_visible(viewer).filter(supersedes=policy).order_by("-year", "title")),
        versions=list(policy.versions.select_related("created_by")),
        endorsements=list(policy.endorsements.select_related("entity")),
        lessons=[lesson for lesson in lessons if lesson.hidden_at is None],
        hidden_lessons=[x for x in lessons if x.hidden_at is not None] if moderator else [],
        may_edit=may_edit_policy(viewer, policy),
        may_moderate=moderator,
        is_csis=policy.origin == Origin.CSIS_2022,
    )


def prefetched_for_export(queryset: QuerySet[Policy]) -> QuerySet[Policy]:
    """What `csis.csis_row` reads, in three queries whatever the number of policies."""
    return queryset.prefetch_related("objectives", "sources")
