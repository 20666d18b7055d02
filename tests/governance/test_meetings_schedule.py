"""The secretariat schedules, changes and cancels Board meetings; the public lists and reads them;
nobody else writes, and bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from osunited.audit.models import AuditEvent
from osunited.governance.models import BoardMeeting, MeetingStatus
from osunited.governance.services.meetings import minutes_save
from tests.conftest import Cast, client_for
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = pytest.mark.django_db

FORM = {
    "title": "OSSIB meeting 4",
    "starts_at": "2031-03-04T15:00",
    "ends_at": "2031-03-04T17:00",
    "time_zone": "Europe/Zurich",
    "location": "Geneva, Palais des Nations",
    "online_url": "https://meet.example.org/ossib-4",
}


def test_the_secretariat_schedules_a_meeting_in_its_time_zone(cast: Cast) -> None:
    clerk = a_clerk()
    response = client_for(clerk).post("/ossib/meetings/new/", FORM)
    meeting = BoardMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ossib/meetings/{meeting.pk}/"
    # 15:00 in Geneva in March (CET, UTC+1) is 14:00 UTC.
    assert meeting.starts_at == datetime(2031, 3, 4, 14, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(2031, 3, 4, 16, 0, tzinfo=UTC)
    assert (meeting.created_by, meeting.sequence) == (clerk, 0)
    assert AuditEvent.objects.filter(action="governance.meeting_scheduled").count() == 1


def test_an_admin_schedules_too(cast: Cast) -> None:
    assert client_for(cast.heidi).post("/ossib/meetings/new/", FORM).status_code == 302


@pytest.mark.parametrize("who", ["grace", "erin", "carol", "frank"])
def test_nobody_else_schedules(cast: Cast, who: str) -> None:
    response = client_for(getattr(cast, who)).post("/ossib/meetings/new/", FORM)
    assert response.status_code == 403
    assert not BoardMeeting.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(cast: Cast) -> None:
    bad = {**FORM, "ends_at": "2031-03-04T14:00"}
    response = client_for(a_clerk()).post("/ossib/meetings/new/", bad)
    assert response.status_code == 400
    assert "The meeting must end after it starts." in response.content.decode()
    assert not BoardMeeting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("starts_at", "tomorrow"), ("time_zone", "Mars/Olympus"), ("online_url", "javascript:x")],
)
def test_a_wrong_field_is_a_form_error(cast: Cast, field: str, value: str) -> None:
    response = client_for(a_clerk()).post("/ossib/meetings/new/", {**FORM, field: value})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not BoardMeeting.objects.exists()


def test_editing_raises_the_sequence_and_is_audited(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    form = {**FORM, "time_zone": "UTC", "title": "OSSIB meeting 3 (moved)"}
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/edit/", form)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.sequence) == ("OSSIB meeting 3 (moved)", 1)
    assert meeting.starts_at == datetime(2031, 3, 4, 15, 0, tzinfo=UTC)
    event = AuditEvent.objects.get(action="governance.meeting_updated")
    assert "title" in event.changes["fields"]


def test_the_edit_form_shows_the_stored_times(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    page = client_for(clerk).get(f"/ossib/meetings/{meeting.pk}/edit/").content.decode()
    assert meeting.starts_at.strftime("%Y-%m-%dT%H:%M") in page


def test_cancelling_keeps_the_meeting_as_cancelled(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/cancel/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    page = client_for(None).get("/ossib/meetings/").content.decode()
    assert "OSSIB meeting 3" in page
    assert "Cancelled" in page
    # A cancelled meeting no longer changes.
    again = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/edit/", FORM)
    assert again.status_code == 400
    assert "This meeting is cancelled" in again.content.decode()


def test_a_board_member_cannot_cancel(cast: Cast) -> None:
    meeting = a_meeting(a_clerk())
    assert client_for(cast.grace).post(f"/ossib/meetings/{meeting.pk}/cancel/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_unknown_meetings_are_404(cast: Cast) -> None:
    clerk = client_for(a_clerk())
    for url in ("/ossib/meetings/999/", "/ossib/meetings/999/edit/", "/ossib/meetings/999.ics"):
        assert clerk.get(url).status_code == 404
    assert clerk.post("/ossib/meetings/999/cancel/").status_code == 404


def test_the_public_list_splits_upcoming_and_past(cast: Cast) -> None:
    clerk = a_clerk()
    a_meeting(clerk, days=3, title="Next one")
    past = a_meeting(clerk, days=-30, title="Last winter's")
    page = client_for(None).get("/ossib/meetings/").content.decode()
    upcoming_part, past_part = page.split("Past meetings")
    assert "Next one" in upcoming_part
    assert "Last winter&#x27;s" in past_part
    detail = client_for(None).get(f"/ossib/meetings/{past.pk}/").content.decode()
    assert "Last winter&#x27;s" in detail
    assert "Not stated" in detail  # no place given


def test_the_online_link_is_for_the_board_only(cast: Cast) -> None:
    clerk = a_clerk()
    response = client_for(clerk).post("/ossib/meetings/new/", FORM)
    url = response["Location"]
    assert "meet.example.org" not in client_for(cast.carol).get(url).content.decode()
    assert "meet.example.org" in client_for(cast.grace).get(url).content.decode()


def test_the_ossib_page_links_the_next_meeting(cast: Cast) -> None:
    clerk = a_clerk()
    a_meeting(clerk, days=-3, title="Held already")
    soon = a_meeting(clerk, days=2, title="Coming soon")
    page = client_for(None).get("/ossib/").content.decode()
    assert f'href="/ossib/meetings/{soon.pk}/"' in page
    assert "Held already" not in page  # its minutes are not published
    assert timezone.now() < soon.starts_at < timezone.now() + timedelta(days=3)


def test_the_public_list_needs_the_same_queries_for_more_meetings(cast: Cast) -> None:
    clerk = a_clerk()
    a_meeting(clerk)
    a_meeting(clerk, days=-7, title="OSSIB meeting 2")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(None).get("/ossib/meetings/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(3):
        a_meeting(clerk, days=14 + number, title=f"Later {number}")
        past = a_meeting(clerk, days=-14 - number, title=f"Earlier {number}")
        minutes_save(actor=clerk, meeting=past, text="Met.", attendees=[cast.who])

    assert queries() == before
