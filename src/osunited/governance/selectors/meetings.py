"""Reads of the Board's meetings: the public lists, a meeting with its agenda, decisions, minutes
and actions for one viewer, what an agenda item may point to, who may own an action, and the
calendar feed. Who sees draft minutes is decided here, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import GrantedRole
from osunited.accounts.roles import BOARD, BOARD_SECRETARIAT
from osunited.accounts.types import User, Viewer
from osunited.entities.models import OssibStatus
from osunited.governance.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    BoardMeeting,
    Decision,
    FrameworkReviewProposal,
    MeetingStatus,
    Minutes,
    Petition,
    PetitionStatus,
    ProposalStatus,
    WorkingGroup,
)
from osunited.governance.selectors.groups import groups_for_agenda

PAST_MEETINGS_SHOWN = 50
PUBLISHED_MINUTES_LINKED = 5


def sees_draft_minutes(user: Viewer) -> bool:
    """Draft minutes are for the Board: its members, the secretariat and admins."""
    return BOARD.allows(user)


def manages_meetings(user: Viewer) -> bool:
    """The secretariat (and admins) schedule meetings, keep agendas, minutes and actions."""
    return BOARD_SECRETARIAT.allows(user)


def may_mark_done(user: Viewer, action: ActionItem) -> bool:
    """An action's owner marks it done, and so does the secretariat."""
    return bool(user.is_authenticated and (action.owner_id == user.pk or manages_meetings(user)))


def meeting_lists() -> tuple[list[BoardMeeting], list[BoardMeeting]]:
    """Upcoming meetings (not ended yet), soonest first; past ones, latest first."""
    now = timezone.now()
    meetings = BoardMeeting.objects.select_related("minutes")
    upcoming = list(meetings.filter(ends_at__gt=now).order_by("starts_at"))
    past = list(meetings.filter(ends_at__lte=now).order_by("-starts_at")[:PAST_MEETINGS_SHOWN])
    return upcoming, past


def next_meeting() -> BoardMeeting | None:
    return (
        BoardMeeting.objects.filter(ends_at__gt=timezone.now(), status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .first()
    )


def meetings_with_published_minutes() -> list[BoardMeeting]:
    return list(
        BoardMeeting.objects.filter(minutes__published_at__isnull=False).order_by("-starts_at")[
            :PUBLISHED_MINUTES_LINKED
        ]
    )


def get_meeting(pk: int) -> BoardMeeting:
    meeting = BoardMeeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting


def meeting_agenda(meeting: BoardMeeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related(
            "petition__entity", "proposal", "working_group", "decision"
        ).order_by("position")
    )


def get_agenda_item(pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=pk).select_related("meeting").first()
    if item is None:
        raise Http404(_("No such agenda item."))
    return item


def meeting_decisions(meeting: BoardMeeting) -> list[Decision]:
    return list(meeting.decisions.order_by("opened_at", "pk"))


def minutes_for(user: Viewer, meeting: BoardMeeting) -> Minutes | None:
    """The meeting's minutes if published, or a draft for the Board; None otherwise."""
    minutes = Minutes.objects.filter(meeting=meeting).prefetch_related("attendees").first()
    if minutes is None or (minutes.published_at is None and not sees_draft_minutes(user)):
        return None
    return minutes


def _with_overdue(actions: QuerySet[ActionItem], today: date | None = None) -> QuerySet[ActionItem]:
    """Each action with `overdue`: still open after its due date (the one rule for it)."""
    today = today or timezone.localdate()
    overdue = Q(status=ActionStatus.OPEN, due_on__lt=today)
    return actions.annotate(overdue=ExpressionWrapper(overdue, output_field=BooleanField()))


def meeting_actions(meeting: BoardMeeting) -> list[ActionItem]:
    return list(_with_overdue(meeting.actions.select_related("owner", "agenda_item")))


def open_actions() -> list[ActionItem]:
    actions = ActionItem.objects.filter(status=ActionStatus.OPEN)
    return list(_with_overdue(actions.select_related("owner", "meeting")))


def actions_of(user: User) -> list[ActionItem]:
    actions = ActionItem.objects.filter(owner=user).select_related("meeting")
    return list(_with_overdue(actions).order_by("status", "due_on", "pk"))


def get_action(pk: int) -> ActionItem:
    action = ActionItem.objects.filter(pk=pk).select_related("meeting", "owner").first()
    if action is None:
        raise Http404(_("No such action."))
    return action


def action_owner_choices() -> QuerySet[User]:
    """Board members (representatives of member entities, granted members) and the
    secretariat: those who may own an action."""
    board = Q(ossib_representative_of__ossib_status=OssibStatus.MEMBER) | Q(
        role_grants__role__in=(GrantedRole.OSSIB_MEMBER, GrantedRole.BOARD_SECRETARIAT)
    )
    owners = User.objects.filter(board, is_active=True).values("pk")
    return User.objects.filter(pk__in=owners).order_by("display_name", "email")


@dataclass(frozen=True)
class AgendaChoices:
    petitions: QuerySet[Petition]
    proposals: QuerySet[FrameworkReviewProposal]
    working_groups: QuerySet[WorkingGroup]


def agenda_choices() -> AgendaChoices:
    """What an agenda item may point to: pending petitions, undecided framework review
    proposals, working groups that are not archived."""
    return AgendaChoices(
        petitions=Petition.objects.filter(
            status__in=(PetitionStatus.FILED, PetitionStatus.VOTING)
        ).select_related("entity"),
        proposals=FrameworkReviewProposal.objects.filter(
            status__in=(ProposalStatus.PROPOSED, ProposalStatus.VOTING)
        ),
        working_groups=groups_for_agenda(),
    )


def calendar_meetings(meeting: BoardMeeting | None = None) -> QuerySet[BoardMeeting]:
    """Every meeting, cancelled ones included (a calendar learns of the cancellation), with its
    agenda for the description."""
    meetings = BoardMeeting.objects.prefetch_related("agenda").order_by("starts_at")
    return meetings.filter(pk=meeting.pk) if meeting is not None else meetings
