"""Every write about working groups: the shipped groups' sync, the secretariat's groups, status
and chairs, joining requests and their decisions, leaving, meetings and outputs. Joining a group
that names a platform role grants it; leaving the last such group revokes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import GrantedRole, RoleGrant, User
from osunited.accounts.services import role_grant, role_revoke
from osunited.audit.services import audit_record
from osunited.governance.models import (
    JoinRequest,
    OutputKind,
    RequestStatus,
    WorkingGroup,
    WorkingGroupMeeting,
    WorkingGroupMember,
    WorkingGroupOutput,
    WorkingGroupRole,
    WorkingGroupStatus,
)
from osunited.governance.selectors.groups import may_manage
from osunited.governance.shipped import GROUP_ROLES, shipped_groups, unknown_guidelines


@dataclass(frozen=True)
class SyncResult:
    created: tuple[str, ...]
    updated: tuple[str, ...]


@transaction.atomic
def groups_sync() -> SyncResult:
    """Create the shipped groups that are missing and bring the shipped fields of the others in
    line with the file; status (after creation), members, meetings and outputs stay as they are.
    Running it again changes nothing."""
    existing = {group.slug: group for group in WorkingGroup.objects.all()}
    created, updated = [], []
    for entry in shipped_groups().working_groups:
        fields = entry.shipped_fields()
        group = existing.get(entry.slug)
        if group is None:
            WorkingGroup.objects.create(
                slug=entry.slug, status=entry.status, shipped=True, **fields
            )
            created.append(entry.slug)
            continue
        changed = [name for name, value in fields.items() if getattr(group, name) != value]
        if changed or not group.shipped:
            for name in changed:
                setattr(group, name, fields[name])
            group.shipped = True
            group.save(update_fields=[*changed, "shipped"])
            updated.append(entry.slug)
    if created or updated:
        audit_record(
            action="working_group.synced", changes={"created": created, "updated": updated}
        )
    return SyncResult(created=tuple(created), updated=tuple(updated))


def _check_guidelines(guidelines: list[str]) -> None:
    unknown = unknown_guidelines(guidelines)
    if unknown:
        raise ValidationError(
            _("No guideline or statement %(ids)s in the framework.") % {"ids": ", ".join(unknown)}
        )


def _require_manager(actor: User, group: WorkingGroup) -> None:
    if not may_manage(actor, group):
        raise PermissionDenied(_("Only the group's chairs and the secretariat manage this group."))


@transaction.atomic
def group_create(
    *,
    actor: User,
    slug: str,
    name: str,
    mission: str,
    charter: str = "",
    status: WorkingGroupStatus = WorkingGroupStatus.FORMING,
    cpf_section: str = "",
    guidelines: list[str] | None = None,
    contact: str = "",
    grants_role: str = "",
) -> WorkingGroup:
    guidelines = guidelines or []
    _check_guidelines(guidelines)
    if grants_role and grants_role not in GROUP_ROLES:
        raise ValidationError(_("A working group cannot hand out this role."))
    if WorkingGroup.objects.filter(slug=slug).exists():
        raise ValidationError(_("A working group already has this short name."))
    group = WorkingGroup.objects.create(
        slug=slug,
        name=name,
        mission=mission,
        charter=charter,
        status=status,
        cpf_section=cpf_section,
        guidelines=guidelines,
        contact=contact,
        grants_role=grants_role,
    )
    audit_record(action="working_group.created", actor=actor, target=group, changes={"slug": slug})
    return group


@transaction.atomic
def group_status_set(*, group: WorkingGroup, status: WorkingGroupStatus, actor: User) -> None:
    before = group.status
    if before == status:
        return
    group.status = status
    group.save(update_fields=["status"])
    audit_record(
        action="working_group.status_changed",
        actor=actor,
        target=group,
        changes={"before": before, "after": status},
    )


@transaction.atomic
def member_role_set(
    *, group: WorkingGroup, user: User, role: WorkingGroupRole, actor: User
) -> WorkingGroupMember:
    """The secretariat names chairs and leads (and makes one a member again); someone not yet
    in the group joins it with that role."""
    member = WorkingGroupMember.objects.filter(group=group, user=user).first()
    if member is None:
        return _membership_add(group=group, user=user, role=role, actor=actor)
    before = member.role
    if before != role:
        member.role = role
        member.save(update_fields=["role"])
        audit_record(
            action="working_group.member_role_changed",
            actor=actor,
            target=group,
            changes={"user": user.email, "before": before, "after": role},
        )
    return member


def _membership_add(
    *, group: WorkingGroup, user: User, role: WorkingGroupRole, actor: User
) -> WorkingGroupMember:
    member = WorkingGroupMember.objects.create(
        group=group, user=user, entity=user.entity, role=role
    )
    if group.grants_role:
        role_grant(user=user, role=GrantedRole(group.grants_role), actor=actor)
    audit_record(
        action="working_group.member_added",
        actor=actor,
        target=group,
        changes={"user": user.email, "role": role, "entity": str(user.entity or "")},
    )
    return member


@transaction.atomic
def join_request_file(*, group: WorkingGroup, user: User, motivation: str) -> JoinRequest:
    if group.status == WorkingGroupStatus.ARCHIVED:
        raise ValidationError(_("This working group is archived: it takes no new members."))
    if WorkingGroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("You are already a member of this group."))
    if JoinRequest.objects.filter(group=group, user=user, status=RequestStatus.PENDING).exists():
        raise ValidationError(_("Your request to join this group is already waiting."))
    if not motivation.strip():
        raise ValidationError(_("Say why you want to join."))
    request = JoinRequest.objects.create(group=group, user=user, motivation=motivation.strip())
    audit_record(action="working_group.join_requested", actor=user, target=request)
    return request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, accept: bool, actor: User) -> JoinRequest:
    group = join_request.group
    _require_manager(actor, group)
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    if accept and not WorkingGroupMember.objects.filter(group=group, user=locked.user).exists():
        _membership_add(group=group, user=locked.user, role=WorkingGroupRole.MEMBER, actor=actor)
    audit_record(
        action="working_group.join_decided",
        actor=actor,
        target=locked,
        changes={"status": locked.status},
    )
    return locked


@transaction.atomic
def member_remove(*, member: WorkingGroupMember, actor: User) -> None:
    """A member leaves, or a chair or the secretariat removes them. The group's platform role
    goes with the membership unless another group of theirs grants it too."""
    if member.user_id != actor.pk:
        _require_manager(actor, member.group)
    group, user = member.group, member.user
    member.delete()
    if group.grants_role:
        _revoke_unless_held_elsewhere(user=user, role=group.grants_role, actor=actor)
    audit_record(
        action="working_group.member_left"
        if user.pk == actor.pk
        else "working_group.member_removed",
        actor=actor,
        target=group,
        changes={"user": user.email},
    )


def _revoke_unless_held_elsewhere(*, user: User, role: str, actor: User) -> None:
    if WorkingGroupMember.objects.filter(user=user, group__grants_role=role).exists():
        return
    grant = RoleGrant.objects.filter(user=user, role=role, entity__isnull=True).first()
    if grant is not None:
        role_revoke(grant=grant, actor=actor)


@transaction.atomic
def meeting_add(
    *,
    group: WorkingGroup,
    actor: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    notes: str = "",
) -> WorkingGroupMeeting:
    _require_manager(actor, group)
    if ends_at <= starts_at:
        raise ValidationError(_("A meeting ends after it starts."))
    meeting = WorkingGroupMeeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        notes=notes,
    )
    audit_record(
        action="working_group.meeting_added",
        actor=actor,
        target=group,
        changes={"meeting": meeting.pk, "title": title, "starts_at": starts_at.isoformat()},
    )
    return meeting


@transaction.atomic
def output_add(
    *,
    group: WorkingGroup,
    actor: User,
    kind: OutputKind,
    title: str,
    summary: str = "",
    url: str = "",
    guidelines: list[str] | None = None,
    published_on: date | None = None,
) -> WorkingGroupOutput:
    _require_manager(actor, group)
    guidelines = guidelines or []
    _check_guidelines(guidelines)
    output = WorkingGroupOutput.objects.create(
        group=group,
        kind=kind,
        title=title,
        summary=summary,
        url=url,
        guidelines=guidelines,
        published_on=published_on or timezone.localdate(),
        added_by=actor,
    )
    audit_record(
        action="working_group.output_added",
        actor=actor,
        target=group,
        changes={"output": output.pk, "title": title, "guidelines": guidelines},
    )
    return output
