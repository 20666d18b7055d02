"""The meetings as iCalendar: one entry per meeting with its UID, its SEQUENCE raised on each
change, STATUS:CANCELLED once cancelled, the agenda as description and the page's URL."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from osunited.governance.services.meetings import agenda_item_add, meeting_cancel, meeting_update
from tests.conftest import Cast, client_for
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = pytest.mark.django_db


def entries(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_holds_every_meeting_with_its_agenda(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    other = a_meeting(clerk, days=14, title="OSSIB meeting 4")
    agenda_item_add(actor=clerk, meeting=meeting, kind="other", title="Charter")
    agenda_item_add(actor=clerk, meeting=meeting, kind="other", title="Budget")
    meeting_cancel(actor=clerk, meeting=other)
    response = client_for(None).get("/ossib/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    first, second = entries(response.content)
    meeting.refresh_from_db()
    assert str(first["UID"]) == str(meeting.uid)
    assert int(first["SEQUENCE"]) == meeting.sequence == 2
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first.decoded("DTSTART") == meeting.starts_at
    assert "1. Charter\n2. Budget" in str(first["DESCRIPTION"])
    assert str(first["URL"]).endswith(f"/ossib/meetings/{meeting.pk}/")
    assert (str(second["STATUS"]), int(second["SEQUENCE"])) == ("CANCELLED", 1)


def test_a_change_keeps_the_uid_and_raises_the_sequence(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    before = entries(client_for(None).get(f"/ossib/meetings/{meeting.pk}.ics").content)[0]
    meeting_update(actor=clerk, meeting=meeting, title="OSSIB meeting 3 (moved)")
    after = entries(client_for(None).get(f"/ossib/meetings/{meeting.pk}.ics").content)[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["SUMMARY"]) == "OSSIB meeting 3 (moved)"
    assert "not published yet" in str(before["DESCRIPTION"])


def test_the_online_link_stays_out_of_the_public_calendar(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    meeting_update(actor=clerk, meeting=meeting, online_url="https://meet.example.org/secret")
    assert b"meet.example.org" not in client_for(None).get("/ossib/meetings.ics").content
