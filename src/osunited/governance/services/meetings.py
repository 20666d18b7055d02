"""Writes of the Board's meetings, all by the secretariat (and admins): scheduling, changing and
cancelling a meeting (each change raises its iCalendar SEQUENCE, so that calendars update it),
its agenda, putting an agenda item to the vote, the minutes and their publication, and action
items; the owner of an action marks it done. Every write is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.governance.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    BoardMeeting,
    Decision,
    FrameworkReviewProposal,
    MeetingStatus,
    Minutes,
    MotionKind,
    Petition,
    PetitionStatus,
    ProposalStatus,
    WorkingGroup,
)
from osunited.governance.selectors.meetings import (
    action_owner_choices,
    agenda_choices,
    manages_meetings,
    may_mark_done,
)
from osunited.governance.services.decisions import decision_open
from osunited.governance.services.petitions import petition_put_to_vote

MEETING_FIELDS = ("title", "starts_at", "ends_at", "location", "online_url")
MOTION_KINDS = {
    AgendaKind.PETITION: MotionKind.PETITION,
    AgendaKind.FRAMEWORK_REVIEW: MotionKind.FRAMEWORK_REVIEW,
    AgendaKind.WORKING_GROUP_REPORT: MotionKind.WORKING_GROUP,
    AgendaKind.OTHER: MotionKind.OTHER,
}


def _require_secretariat(actor: User) -> None:
    if not manages_meetings(actor):
        raise PermissionDenied(_("Only the Board's secretariat keeps meetings."))


def _require_not_cancelled(meeting: BoardMeeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled: it no longer changes."))


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))


# -- meetings --------------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
) -> BoardMeeting:
    _require_secretariat(actor)
    _check_times(starts_at, ends_at)
    meeting = BoardMeeting(
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        action="governance.meeting_scheduled",
        actor=actor,
        target=meeting,
        changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: BoardMeeting, **fields: Any) -> BoardMeeting:
    """Change a meeting; calendars see a higher SEQUENCE and replace their copy."""
    _require_secretariat(actor)
    meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_not_cancelled(meeting)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(_("These are not fields of a meeting: %s.") % ", ".join(unknown))
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=[*changed, "sequence", "updated_at"])
    audit_record(
        action="governance.meeting_updated",
        actor=actor,
        target=meeting,
        changes={"fields": changed, "sequence": meeting.sequence},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: BoardMeeting) -> BoardMeeting:
    """Cancel a meeting; it stays in the feed as CANCELLED so that calendars drop it."""
    _require_secretariat(actor)
    meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_not_cancelled(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("This meeting was held: it cannot be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        action="governance.meeting_cancelled",
        actor=actor,
        target=meeting,
        changes={"sequence": meeting.sequence},
    )
    return meeting


# -- agenda ----------------------------------------------------------------------------------------


_LINK_OF_KIND = {
    AgendaKind.PETITION: "petition",
    AgendaKind.FRAMEWORK_REVIEW: "proposal",
    AgendaKind.WORKING_GROUP_REPORT: "working_group",
}
_LINK_MISSING = {
    "petition": gettext_lazy("Choose a pending petition."),
    "proposal": gettext_lazy("Choose a framework review proposal not yet decided."),
    "working_group": gettext_lazy("Choose the working group that reports."),
}


def _checked_links(
    kind: str,
    petition: Petition | None,
    proposal: FrameworkReviewProposal | None,
    working_group: WorkingGroup | None,
) -> dict[str, Any]:
    """The one link an item of `kind` needs, among what may be put on an agenda."""
    if kind not in AgendaKind.values:
        raise ValidationError(_("Choose a kind of agenda item."))
    given = {"petition": petition, "proposal": proposal, "working_group": working_group}
    links: dict[str, Any] = dict.fromkeys(given)
    field = _LINK_OF_KIND.get(AgendaKind(kind))
    if field is None:
        return links
    allowed = getattr(agenda_choices(), f"{field}s")
    linked = given[field]
    if linked is None or not allowed.filter(pk=linked.pk).exists():
        raise ValidationError(_LINK_MISSING[field])
    links[field] = linked
    return links


def _default_title(kind: str, links: dict[str, Any]) -> str:
    petition, proposal, group = links["petition"], links["proposal"], links["working_group"]
    if petition is not None:
        return _("Petition of %(entity)s to join the Board") % {"entity": petition.entity.acronym}
    if proposal is not None:
        return _("Framework review: %(proposal)s") % {"proposal": proposal}
    if group is not None:
        return _("Report of the %(group)s") % {"group": group.name}
    return ""


def _locked_meeting(meeting: BoardMeeting) -> BoardMeeting:
    """The meeting's row locked, so that agenda positions change one writer at a time."""
    locked = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_not_cancelled(locked)
    return locked


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: BoardMeeting,
    kind: str,
    title: str = "",
    notes: str = "",
    petition: Petition | None = None,
    proposal: FrameworkReviewProposal | None = None,
    working_group: WorkingGroup | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda; its title defaults to what it points to."""
    _require_secretariat(actor)
    meeting = _locked_meeting(meeting)
    links = _checked_links(kind, petition, proposal, working_group)
    title = title.strip() or _default_title(kind, links)
    if not title:
        raise ValidationError(_("Give the item a title."))
    last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        kind=kind,
        title=title[:300],
        notes=notes.strip(),
        **links,
    )
    _touch_calendar(meeting)
    audit_record(
        action="governance.agenda_item_added",
        actor=actor,
        target=item,
        changes={"meeting": meeting.pk, "kind": kind, "position": item.position},
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: User,
    item: AgendaItem,
    kind: str,
    title: str = "",
    notes: str = "",
    petition: Petition | None = None,
    proposal: FrameworkReviewProposal | None = None,
    working_group: WorkingGroup | None = None,
) -> AgendaItem:
    _require_secretariat(actor)
    meeting = _locked_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    wanted = {"petition": petition, "proposal": proposal, "working_group": working_group}
    if item.decision_id is None:
        links = _checked_links(kind, petition, proposal, working_group)
    elif kind != item.kind or _relinks(item, wanted):
        raise ValidationError(_("This item was put to the vote: what it is about stays."))
    else:
        links = wanted
    item.kind = kind
    item.title = (title.strip() or _default_title(kind, links))[:300]
    if not item.title:
        raise ValidationError(_("Give the item a title."))
    item.notes = notes.strip()
    for name, value in links.items():
        setattr(item, name, value)
    item.save(update_fields=["kind", "title", "notes", *links])
    _touch_calendar(meeting)
    audit_record(
        action="governance.agenda_item_updated",
        actor=actor,
        target=item,
        changes={"meeting": meeting.pk, "kind": kind},
    )
    return item


def _relinks(item: AgendaItem, wanted: dict[str, Any]) -> bool:
    current = (item.petition_id, item.proposal_id, item.working_group_id)
    given = tuple(
        getattr(wanted[name], "pk", None) for name in ("petition", "proposal", "working_group")
    )
    return current != given


@transaction.atomic
def agenda_item_move(
    *, actor: User, item: AgendaItem, direction: Literal["up", "down"]
) -> AgendaItem:
    """Swap the item with its neighbour above or below; at either end, nothing moves."""
    _require_secretariat(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."))
    meeting = _locked_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    siblings = meeting.agenda.exclude(pk=item.pk)
    if direction == "up":
        neighbour = siblings.filter(position__lt=item.position).order_by("-position").first()
    else:
        neighbour = siblings.filter(position__gt=item.position).order_by("position").first()
    if neighbour is None:
        return item
    mine, theirs = item.position, neighbour.position
    # Through a free position: (meeting, position) is unique at every step.
    item.position = 0
    item.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    _touch_calendar(meeting)
    audit_record(
        action="governance.agenda_item_moved",
        actor=actor,
        target=item,
        changes={"meeting": meeting.pk, "from": mine, "to": theirs},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    _require_secretariat(actor)
    meeting = _locked_meeting(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    if item.decision_id is not None:
        raise ValidationError(_("This item was put to the vote: it stays on the agenda."))
    position = item.position
    audit_record(
        action="governance.agenda_item_removed",
        actor=actor,
        target=item,
        changes={"meeting": meeting.pk, "title": item.title, "position": position},
    )
    item.delete()
    # One at a time, lowest first: each moves into the place just freed.
    for later in meeting.agenda.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _touch_calendar(meeting)


def _touch_calendar(meeting: BoardMeeting) -> None:
    """The agenda is the calendar entry's description: a change to it is a new SEQUENCE."""
    meeting.sequence += 1
    meeting.save(update_fields=["sequence", "updated_at"])


@transaction.atomic
def agenda_item_put_to_vote(
    *,
    actor: User,
    item: AgendaItem,
    title: str = "",
    motion: str = "",
    closes_at: datetime | None = None,
) -> Decision:
    """Open the Board's vote on an agenda item. A petition or a framework review proposal is
    put to the vote by its own service, which words the motion and links the decision to it
    (one already under the vote is linked as it is); other items need a title and a motion."""
    _require_secretariat(actor)
    meeting = _locked_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if item.decision_id is not None:
        raise ValidationError(_("This item is already put to the vote."))
    if item.kind == AgendaKind.PETITION:
        decision = _petition_vote(actor, item, meeting)
    elif item.kind == AgendaKind.FRAMEWORK_REVIEW:
        decision = _proposal_vote(actor, item, meeting, closes_at)
    else:
        kind = MOTION_KINDS[AgendaKind(item.kind)]
        decision = decision_open(
            kind=kind, title=title, motion=motion, actor=actor, meeting=meeting, closes_at=closes_at
        )
    item.decision = decision
    item.save(update_fields=["decision"])
    audit_record(
        action="governance.agenda_item_put_to_vote",
        actor=actor,
        target=item,
        changes={"meeting": meeting.pk, "decision": decision.pk},
    )
    return decision


def _petition_vote(actor: User, item: AgendaItem, meeting: BoardMeeting) -> Decision:
    petition = item.petition
    if petition is not None and petition.status == PetitionStatus.VOTING and petition.decision:
        return petition.decision
    if petition is None or petition.status != PetitionStatus.FILED:
        raise ValidationError(_("This petition is no longer waiting for a vote."))
    voted = petition_put_to_vote(petition=petition, actor=actor, meeting=meeting)
    assert voted.decision is not None
    return voted.decision


def _proposal_vote(
    actor: User, item: AgendaItem, meeting: BoardMeeting, closes_at: datetime | None
) -> Decision:
    from osunited.governance.services.reviews import proposal_put_to_vote

    proposal = item.proposal
    if proposal is not None and proposal.status == ProposalStatus.VOTING and proposal.decision:
        return proposal.decision
    if proposal is None or proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal is no longer waiting for a vote."))
    voted = proposal_put_to_vote(
        proposal=proposal, actor=actor, meeting=meeting, closes_at=closes_at
    )
    assert voted.decision is not None
    return voted.decision


# -- minutes ---------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(
    *, actor: User, meeting: BoardMeeting, text: str, attendees: list[Entity]
) -> Minutes:
    """Write or correct the minutes and the entities present; a draft until published."""
    _require_secretariat(actor)
    meeting = _locked_meeting(meeting)
    if not text.strip():
        raise ValidationError(_("The minutes are empty."))
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"text": text.strip(), "written_by": actor}
    )
    if not created:
        minutes.text = text.strip()
        minutes.written_by = actor
        minutes.save(update_fields=["text", "written_by", "updated_at"])
    minutes.attendees.set(attendees)
    audit_record(
        action="governance.minutes_written" if created else "governance.minutes_corrected",
        actor=actor,
        target=minutes,
        changes={
            "meeting": meeting.pk,
            "attendees": sorted(entity.acronym for entity in attendees),
            "published": minutes.published_at is not None,
        },
    )
    return minutes


@transaction.atomic
def minutes_publish(*, actor: User, meeting: BoardMeeting) -> Minutes:
    """Publish the minutes: the meeting is then recorded as held."""
    _require_secretariat(actor)
    meeting = _locked_meeting(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Write the minutes before publishing them."))
    if minutes.published_at is not None:
        raise ValidationError(_("These minutes are already published."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not started yet: its minutes wait."))
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at", "updated_at"])
    meeting.status = MeetingStatus.HELD
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        action="governance.minutes_published",
        actor=actor,
        target=minutes,
        changes={"meeting": meeting.pk},
    )
    return minutes


# -- action items ----------------------------------------------------------------------------------


def _check_owner(owner: User) -> None:
    if not action_owner_choices().filter(pk=owner.pk).exists():
        raise ValidationError(_("An action is owned by a Board member or the secretariat."))


def _check_agenda_item(meeting: BoardMeeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item is not one of the meeting's."))


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    meeting: BoardMeeting,
    title: str,
    owner: User,
    due_on: date,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    _require_secretariat(actor)
    _check_owner(owner)
    _check_agenda_item(meeting, agenda_item)
    if not title.strip():
        raise ValidationError(_("Say what is to be done."))
    action = ActionItem.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip()[:300],
        owner=owner,
        due_on=due_on,
    )
    audit_record(
        action="governance.action_added",
        actor=actor,
        target=action,
        changes={"meeting": meeting.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_item_update(
    *,
    actor: User,
    action: ActionItem,
    title: str,
    owner: User,
    due_on: date,
    status: str,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    _require_secretariat(actor)
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if owner.pk != action.owner_id:
        _check_owner(owner)
    _check_agenda_item(action.meeting, agenda_item)
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose a status."))
    if not title.strip():
        raise ValidationError(_("Say what is to be done."))
    before = {
        "owner": action.owner_id,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
    }
    action.title, action.owner, action.due_on = title.strip()[:300], owner, due_on
    action.agenda_item = agenda_item
    if status != action.status:
        action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.status = status
    action.save(update_fields=["title", "owner", "due_on", "agenda_item", "status", "done_at"])
    after = {"owner": owner.pk, "due_on": due_on.isoformat(), "status": status}
    audit_record(
        action="governance.action_updated",
        actor=actor,
        target=action,
        changes={"before": before, "after": after},
    )
    return action


@transaction.atomic
def action_item_done(*, actor: User, action: ActionItem) -> ActionItem:
    """Its owner (or the secretariat) marks an open action done."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if not may_mark_done(actor, action):
        raise PermissionDenied(_("Only the action's owner or the secretariat marks it done."))
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("This action is not open."))
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action.save(update_fields=["status", "done_at"])
    audit_record(action="governance.action_done", actor=actor, target=action)
    return action
