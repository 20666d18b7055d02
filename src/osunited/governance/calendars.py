"""The Board's meetings as iCalendar (RFC 5545): the feed a calendar subscribes to, and one
meeting's file. A meeting keeps its UID; each change raises its SEQUENCE and a cancelled one is
sent with STATUS:CANCELLED, so that calendars update or drop their copy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from osunited.governance.models import BoardMeeting, MeetingStatus

PRODUCT_ID = "-//Open Source United//OSSIB meetings//EN"
ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meetings_calendar(meetings: Iterable[BoardMeeting], *, name: str = "") -> bytes:
    """`meetings` with their agendas prefetched."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name or _("OSSIB meetings"))
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(_entry(meeting, stamp))
    body: bytes = calendar.to_ical()
    return body


def meeting_url(meeting: BoardMeeting) -> str:
    return settings.SITE_URL + reverse("governance:meetings_detail", kwargs={"pk": meeting.pk})


def _entry(meeting: BoardMeeting, stamp: datetime) -> CalendarEntry:
    link = meeting_url(meeting)
    entry = CalendarEntry()
    entry.add("uid", str(meeting.uid))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", meeting.starts_at.astimezone(UTC))
    entry.add("dtend", meeting.ends_at.astimezone(UTC))
    entry.add("sequence", meeting.sequence)
    entry.add("status", ICAL_STATUS[MeetingStatus(meeting.status)])
    entry.add("summary", meeting.title)
    if meeting.location:
        entry.add("location", meeting.location)
    entry.add("url", link)
    entry.add("description", _description(meeting, link))
    return entry


def _description(meeting: BoardMeeting, link: str) -> str:
    """The agenda, one numbered title a line, then the meeting's page (the joining link is for
    the Board, on that page)."""
    titles = [f"{number}. {item.title}" for number, item in enumerate(meeting.agenda.all(), 1)]
    agenda = "\n".join(titles) if titles else _("The agenda is not published yet.")
    return f"{_('Agenda')}:\n{agenda}\n\n{link}"
