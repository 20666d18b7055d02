"""Tickets with their QR code, and check-in by QR code (or the code typed), from the page a
phone's camera app opens, and by the participant list."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.learning.models import Attendance, AttendanceSource, RegistrationState
from osunited.learning.services.attendance import attendance_check_in
from tests.conftest import Cast, client_for
from tests.learning.attendance_helpers import DURING, registered, workshop
from tests.learning.events_helpers import capacity_team_member

pytestmark = pytest.mark.django_db


def checkin_url(event) -> str:  # type: ignore[no-untyped-def]
    return reverse("learning:attendance_checkin", args=[event.slug])


def check_in(client, event, ticket: str, session=None):  # type: ignore[no-untyped-def]
    session = session or event.sessions.first()
    data = {"session": session.pk, "ticket": ticket}
    return client.post(checkin_url(event), data, follow=True)


def test_the_ticket_shows_the_qr_code_of_its_check_in_address_and_the_code(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)

    response = client_for(cast.alice).get(
        reverse("learning:attendance_ticket", args=[registration.ticket])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="segno"' in page or "<svg" in page
    assert "<title>QR code of the ticket</title>" in page
    assert registration.ticket in page
    assert "Open Source Licensing 101" in page
    assert "Part 1" in page
    assert "Part 2" in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_qr_code_decodes_to_the_check_in_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    from osunited.learning.views.attendance import _checkin_url

    settings.SITE_URL = "https://osu.example.org"
    registration = registered(cast.alice, workshop())

    assert _checkin_url(registration) == (
        f"https://osu.example.org/learning/checkin/{registration.ticket}/"
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("grace", 200), ("heidi", 200), ("bob", 404), ("carol", 404)],
)
def test_only_the_registrant_the_organisers_and_the_capacity_team_see_a_ticket(
    cast: Cast, who: str, status: int
) -> None:
    registration = registered(cast.alice, workshop(organiser=cast.grace))
    url = reverse("learning:attendance_ticket", args=[registration.ticket])

    assert client_for(getattr(cast, who)).get(url).status_code == status


def test_a_capacity_team_member_sees_any_ticket(cast: Cast) -> None:
    registration = registered(cast.alice, workshop())
    team = capacity_team_member(cast.frank)
    url = reverse("learning:attendance_ticket", args=[registration.ticket])

    assert client_for(team).get(url).status_code == 200


def test_an_organiser_checks_a_ticket_in_once_and_a_second_scan_says_when(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)

    with time_machine.travel(DURING, tick=False):
        first = check_in(client_for(cast.grace), event, registration.ticket)
    with time_machine.travel(DURING.replace(minute=30), tick=False):
        second = check_in(client_for(cast.grace), event, registration.ticket)

    attendance = Attendance.objects.get()
    assert attendance.user == cast.alice
    assert attendance.registration == registration
    assert attendance.source == AttendanceSource.QR
    assert attendance.checked_in_by == cast.grace
    assert attendance.entity == cast.unicef
    assert "Alice checked in at 10:02." in first.content.decode()
    assert second.status_code == 200
    assert "Alice was already checked in at 10:02." in second.content.decode()
    assert AuditEvent.objects.filter(action="learning.attendance_recorded").count() == 1


def test_the_scanned_check_in_address_is_read_as_its_ticket(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    scanned = f"https://osu.example.org/learning/checkin/{registration.ticket}/"

    check_in(client_for(cast.grace), event, scanned)

    assert Attendance.objects.filter(user=cast.alice).count() == 1


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (RegistrationState.CANCELLED, "This registration was cancelled"),
        (RegistrationState.WAITLISTED, "This person is on the waiting list"),
        (RegistrationState.PENDING, "still waits for its entity&#x27;s confirmation"),
    ],
)
def test_a_registration_not_confirmed_is_refused_with_its_reason(
    cast: Cast, state: str, message: str
) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event, state=state)

    response = client_for(cast.grace).post(
        checkin_url(event), {"session": event.sessions.first().pk, "ticket": registration.ticket}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_ticket_of_another_event_is_refused_naming_that_event(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    other = workshop(slug="other-event")
    registration = registered(cast.alice, other)

    response = client_for(cast.grace).post(
        checkin_url(event), {"session": event.sessions.first().pk, "ticket": registration.ticket}
    )

    assert response.status_code == 400
    assert "This ticket is for another event: Open Source Licensing 101." in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("ticket", ["", "no such ticket!", "x" * 300, "AAAAAAAAAAAAAAAAAAAAAAAA"])
def test_a_bad_or_unknown_code_is_a_form_error_that_records_nothing(
    cast: Cast, ticket: str
) -> None:
    event = workshop(organiser=cast.grace)

    response = client_for(cast.grace).post(
        checkin_url(event), {"session": event.sessions.first().pk, "ticket": ticket}
    )

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_session_of_another_event_is_refused(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    other = workshop(slug="other-event")
    registration = registered(cast.alice, event)

    response = client_for(cast.grace).post(
        checkin_url(event), {"session": other.sessions.first().pk, "ticket": registration.ticket}
    )

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_someone_who_does_not_organise_the_event_cannot_check_in(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)

    for user in (cast.alice, cast.erin, cast.bob):
        response = check_in(client_for(user), event, registration.ticket)
        assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_check_in_page_chooses_the_session_under_way_and_loads_the_scanner(
    cast: Cast,
) -> None:
    event = workshop(organiser=cast.grace)
    second = event.sessions.all()[1]

    with time_machine.travel(second.starts_at, tick=False):
        page = client_for(cast.grace).get(checkin_url(event)).content.decode()

    assert f'<option value="{second.pk}" selected>' in page
    assert re.search(r'<script src="/static/learning/vendor/jsQR\.js[^"]*" defer>', page)
    assert re.search(r'<script src="/static/learning/checkin\.js[^"]*" defer>', page)
    assert 'name="ticket"' in page  # without JavaScript or a camera, the code is typed


def test_the_phone_camera_page_shows_the_participant_to_an_organiser_and_checks_in(
    cast: Cast,
) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    url = reverse("learning:attendance_checkin_ticket", args=[registration.ticket])

    page = client_for(cast.grace).get(url)
    with time_machine.travel(DURING, tick=False):
        organiser = client_for(cast.grace)  # a session opened in 2031
        done = organiser.post(url, {"session": event.sessions.first().pk}, follow=True)

    assert page.status_code == 200
    assert "alice@unicef.org" in page.content.decode()
    assert ">Check in</button>" in page.content.decode()
    assert "Alice checked in at 10:02." in done.content.decode()
    assert Attendance.objects.get().source == AttendanceSource.QR


def test_the_phone_camera_page_tells_anyone_else_that_organisers_check_people_in(
    cast: Cast,
) -> None:
    registration = registered(cast.alice, workshop(organiser=cast.grace))
    url = reverse("learning:attendance_checkin_ticket", args=[registration.ticket])

    own = client_for(cast.alice).get(url)
    stranger = client_for(cast.bob).post(url, {"session": "1"})

    assert own.status_code == stranger.status_code == 403
    assert "Only the event's organisers and the capacity-building team check people in" in (
        stranger.content.decode()
    )
    assert "alice@unicef.org" not in stranger.content.decode()
    assert reverse("learning:attendance_ticket", args=[registration.ticket]) in (
        own.content.decode()
    )
    assert not Attendance.objects.exists()


def test_the_list_checks_in_the_ticked_participants(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    alice, erin = registered(cast.alice, event), registered(cast.erin, event)
    registered(cast.frank, event, state=RegistrationState.WAITLISTED)
    session = event.sessions.first()
    url = reverse("learning:attendance_list", args=[event.slug])
    organiser = client_for(cast.grace)

    page = organiser.get(url, {"session": session.pk}).content.decode()
    response = organiser.post(
        url, {"session": session.pk, "registration": [alice.pk, erin.pk]}, follow=True
    )

    assert "Alice" in page
    assert "Erin" in page
    assert "Frank" not in page
    assert "2 people checked in." in response.content.decode()
    rows = Attendance.objects.filter(session=session)
    assert {row.user for row in rows} == {cast.alice, cast.erin}
    assert {row.source for row in rows} == {AttendanceSource.LIST}


def test_the_list_refuses_a_registration_that_is_not_a_confirmed_participant(
    cast: Cast,
) -> None:
    event = workshop(organiser=cast.grace)
    waiting = registered(cast.frank, event, state=RegistrationState.WAITLISTED)
    session = event.sessions.first()
    url = reverse("learning:attendance_list", args=[event.slug])

    data = {"session": session.pk, "registration": [waiting.pk]}
    response = client_for(cast.grace).post(url, data)

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_the_ticket_leads_to_the_certificate_once_the_event_is_completed(cast: Cast) -> None:
    event = workshop(organiser=cast.grace, sessions=1)
    registration = registered(cast.alice, event)
    url = reverse("learning:attendance_ticket", args=[registration.ticket])
    before = client_for(cast.alice).get(url).content.decode()

    attendance_check_in(actor=cast.grace, session=event.sessions.get(), ticket=registration.ticket)
    after = client_for(cast.alice).get(url).content.decode()

    completion = cast.alice.completions.get()
    verify = reverse("learning:credentials_verify", args=[completion.public_id])
    assert verify not in before
    assert verify in after
