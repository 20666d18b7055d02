"""OSSIB calendars as iCalendar (RFC 5545), built on the platform's iCalendar pieces in
`osunited.learning.calendars`.

The Board's meetings: the feed a calendar subscribes to, and one meeting's file. A meeting keeps
its UID; each change raises its SEQUENCE and a cancelled one is sent with STATUS:CANCELLED, so
that calendars update or drop their copy.

A working group's meetings: one entry per meeting whose UID is the meeting's own, so that a
calendar subscribed to the feed updates a meeting rather than adding it twice."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event as CalendarEntry

from osunited.governance.models import (
    BoardMeeting,
    MeetingStatus,
    WorkingGroup,
    WorkingGroupMeeting,
)
from osunited.learning.calendars import ical_calendar, ical_entry, site_uid

MEETINGS_PRODUCT_ID = "-//Open Source United//OSSIB meetings//EN"
GROUPS_PRODUCT_ID = "-//Open Source United//OSSIB working groups//EN"
ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meetings_calendar(meetings: Iterable[BoardMeeting], *, name: str = "") -> bytes:
    """`meetings` with their agendas prefetched."""
    entries = (_meeting_entry(meeting) for meeting in meetings)
    return ical_calendar(entries, product_id=MEETINGS_PRODUCT_ID, name=name or _("OSSIB meetings"))


def _meeting_url(meeting: BoardMeeting) -> str:
    return settings.SITE_URL + reverse("governance:meetings_detail", kwargs={"pk": meeting.pk})


def _meeting_entry(meeting: BoardMeeting) -> CalendarEntry:
    link = _meeting_url(meeting)
    entry = ical_entry(
        uid=str(meeting.uid),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        location=meeting.location,
        url=link,
        description=_agenda_description(meeting, link),
    )
    entry.add("sequence", meeting.sequence)
    entry.add("status", ICAL_STATUS[MeetingStatus(meeting.status)])
    return entry


def _agenda_description(meeting: BoardMeeting, link: str) -> str:
    """The agenda, one numbered title a line, then the meeting's page (the joining link is for
    the Board, on that page)."""
    titles = [f"{number}. {item.title}" for number, item in enumerate(meeting.agenda.all(), 1)]
    agenda = "\n".join(titles) if titles else _("The agenda is not published yet.")
    return f"{_('Agenda')}:\n{agenda}\n\n{link}"


def group_calendar(group: WorkingGroup) -> bytes:
    """Every meeting of `group` (its meetings prefetched or not)."""
    link = settings.SITE_URL + reverse("governance:groups_detail", kwargs={"slug": group.slug})
    entries = (_group_meeting_entry(meeting, link) for meeting in group.meetings.all())
    return ical_calendar(entries, product_id=GROUPS_PRODUCT_ID, name=group.name)


def _group_meeting_entry(meeting: WorkingGroupMeeting, link: str) -> CalendarEntry:
    return ical_entry(
        uid=site_uid("working-group-meeting", meeting.uid),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        location=meeting.location or meeting.online_url or str(_("Not stated")),
        url=meeting.online_url or link,
        description=f"{meeting.notes}\n\n{link}".strip(),
    )
