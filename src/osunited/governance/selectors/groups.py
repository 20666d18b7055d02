"""Reads about working groups: the list, a group's page, who manages a group, the requests to
decide, the groups a Board agenda can take a report from, and the export in the data file's
shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.framework import load_framework
from osunited.governance.models import (
    JoinRequest,
    RequestStatus,
    WorkingGroup,
    WorkingGroupMember,
    WorkingGroupRole,
    WorkingGroupStatus,
)
from osunited.governance.shipped import FRAMEWORK_ID


@dataclass(frozen=True)
class Guideline:
    id: str
    text: str


@dataclass(frozen=True)
class GroupRow:
    group: WorkingGroup
    guidelines: list[Guideline]


def may_manage(user: Viewer, group: WorkingGroup) -> bool:
    """The group's chairs, the secretariat and admins decide requests, remove members and add
    meetings and outputs."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.BOARD_SECRETARIAT, Role.PLATFORM_ADMIN}:
        return True
    return WorkingGroupMember.objects.filter(
        group=group, user=user, role=WorkingGroupRole.CHAIR
    ).exists()


def group_list() -> QuerySet[WorkingGroup]:
    """Every group, with its chairs and its number of members."""
    chairs = WorkingGroupMember.objects.filter(role=WorkingGroupRole.CHAIR).select_related(
        "user", "entity"
    )
    return (
        WorkingGroup.objects.annotate(member_count=Count("members"))
        .prefetch_related(Prefetch("members", queryset=chairs, to_attr="chairs"))
        .order_by("name")
    )


def group_rows() -> list[GroupRow]:
    return [GroupRow(group, guidelines_of(group.guidelines)) for group in group_list()]


def get_group(slug: str) -> WorkingGroup:
    return get_object_or_404(WorkingGroup, slug=slug)


def group_page(slug: str) -> WorkingGroup:
    """A group with its members (and their entities), meetings and outputs."""
    members = WorkingGroupMember.objects.select_related("user", "entity").order_by(
        "role", "joined_at"
    )
    queryset = WorkingGroup.objects.prefetch_related(
        Prefetch("members", queryset=members), "meetings", "outputs"
    )
    return get_object_or_404(queryset, slug=slug)


def membership_of(user: Viewer, group: WorkingGroup) -> WorkingGroupMember | None:
    if not user.is_authenticated:
        return None
    return WorkingGroupMember.objects.filter(group=group, user=user).first()


def pending_request_of(user: Viewer, group: WorkingGroup) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(group=group, user=user, status=RequestStatus.PENDING).first()


def pending_requests(group: WorkingGroup) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(group=group, status=RequestStatus.PENDING)
        .select_related("user", "user__entity")
        .order_by("created_at")
    )


def get_join_request(pk: int) -> JoinRequest:
    return get_object_or_404(JoinRequest.objects.select_related("group", "user"), pk=pk)


def get_member(pk: int) -> WorkingGroupMember:
    return get_object_or_404(WorkingGroupMember.objects.select_related("group", "user"), pk=pk)


def groups_for_agenda() -> QuerySet[WorkingGroup]:
    """The groups a Board meeting's agenda can take a report from: those not archived."""
    return WorkingGroup.objects.exclude(status=WorkingGroupStatus.ARCHIVED).order_by("name")


def guidelines_of(ids: list[str]) -> list[Guideline]:
    """The framework's items for `ids`, in that order; an id the framework lost stays, without
    its text."""
    framework = load_framework(FRAMEWORK_ID)
    texts = {item.id: item.text for item in framework.items}
    return [Guideline(id=item_id, text=texts.get(item_id, "")) for item_id in ids]


def groups_export() -> dict[str, Any]:
    """Every group in data/working-groups.yaml's shape, with members (names, entities, roles),
    meetings and outputs. E-mail addresses are left out: the export is public."""
    members = WorkingGroupMember.objects.select_related("user", "entity").order_by(
        "role", "joined_at", "pk"
    )
    groups = WorkingGroup.objects.order_by("slug").prefetch_related(
        Prefetch("members", queryset=members), "meetings", "outputs"
    )
    return {"framework": FRAMEWORK_ID, "working_groups": [_exported(group) for group in groups]}


def _exported(group: WorkingGroup) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "name": group.name,
        "mission": group.mission,
        "charter": group.charter,
        "status": group.status,
        "cpf_section": group.cpf_section,
        "guidelines": list(group.guidelines),
        "contact": group.contact,
        "grants_role": group.grants_role,
        "members": [
            {
                "name": member.user.display_name,
                "entity": member.entity.acronym if member.entity else "",
                "role": member.role,
                "joined": member.joined_at.date(),
            }
            for member in group.members.all()
        ],
        "meetings": [
            {
                "title": meeting.title,
                "starts": meeting.starts_at,
                "ends": meeting.ends_at,
                "location": meeting.location,
                "url": meeting.online_url,
            }
            for meeting in sorted(group.meetings.all(), key=lambda meeting: meeting.starts_at)
        ],
        "outputs": [
            {
                "kind": output.kind,
                "title": output.title,
                "summary": output.summary,
                "url": output.url,
                "guidelines": list(output.guidelines),
                "published": output.published_on,
            }
            for output in group.outputs.all()
        ],
    }
