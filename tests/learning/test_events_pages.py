"""The events' pages: the list and its filters, an event's page, my registrations, and editing
events and sessions by the capacity-building team and an event's organisers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.audit.models import AuditEvent
from osunited.learning.models import Event, EventSession, LearningModule, RegistrationState
from osunited.learning.services.events import registration_register
from tests.conftest import Cast, client_for
from tests.learning.events_helpers import BEFORE, SOON, an_event, capacity_team_member

DETAIL = "/learning/events/mind-the-gap-7/"


@pytest.fixture(autouse=True)
def registration_is_open() -> Iterator[None]:
    with time_machine.travel(BEFORE, tick=False):
        yield


def test_the_list_shows_upcoming_and_past_events_and_filters_them(cast: Cast) -> None:
    an_event(language="fr", title="Atelier OSPO", slug="atelier", kind="workshop")
    an_event(slug="webinar", title="A webinar", kind="webinar", format="on_site")
    past = an_event(slug="past", title="Long past")
    EventSession.objects.filter(event=past).update(
        starts_at=BEFORE - timedelta(days=3), ends_at=BEFORE - timedelta(days=3, hours=-1)
    )
    an_event(slug="draft", title="Secret draft", published=False)
    page = client_for(None).get("/learning/events/").content.decode()
    upcoming, past_part = page.split("<h2>Past events</h2>")
    assert "Atelier OSPO" in upcoming
    assert "A webinar" in upcoming
    assert "Long past" in past_part
    assert "Long past" not in upcoming
    assert "Secret draft" not in page
    by_kind = client_for(None).get("/learning/events/?kind=workshop").content.decode()
    assert "Atelier OSPO" in by_kind
    assert "A webinar" not in by_kind
    on_site = client_for(None).get("/learning/events/?format=on_site").content.decode()
    assert "A webinar" in on_site
    assert "Atelier OSPO" not in on_site
    in_french = client_for(None).get("/learning/events/?language=fr").content.decode()
    assert "Atelier OSPO" in in_french
    assert "A webinar" not in in_french


def test_an_unknown_filter_is_a_message_and_shows_every_event(cast: Cast) -> None:
    an_event()
    response = client_for(None).get("/learning/events/?kind=party")
    assert response.status_code == 400
    assert "This filter is not known" in response.content.decode()
    assert "Mind the Open Source Gap 7" in response.content.decode()


def test_the_list_reads_in_a_fixed_number_of_queries(cast: Cast) -> None:
    client = client_for(cast.carol)
    client.get("/learning/events/")
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/events/")
    for number in range(6):
        an_event(slug=f"event-{number}", sessions=2)
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/events/")
    assert len(many) == len(few)


def test_the_event_page_shows_places_left_or_no_limit(cast: Cast) -> None:
    event = an_event(capacity=3)
    registration_register(actor=cast.alice, event=event)
    assert "2 of 3" in client_for(None).get(DETAIL).content.decode()
    an_event(slug="open", capacity=None)
    assert "No limit" in client_for(None).get("/learning/events/open/").content.decode()


def test_the_event_page_shows_the_ticket_and_the_joining_link_to_the_confirmed(
    cast: Cast,
) -> None:
    event = an_event()
    registration = registration_register(actor=cast.carol, event=event)
    page = client_for(cast.carol).get(DETAIL).content.decode()
    assert f"/learning/tickets/{registration.ticket}/" in page
    assert "https://meet.example.org/gap-7" in page
    assert "Cancel my registration" in page
    public = client_for(None).get(DETAIL).content.decode()
    assert "meet.example.org" not in public
    assert registration.ticket not in public
    assert "Sign in to register" in public


def test_recordings_and_slides_appear_when_present(cast: Cast) -> None:
    event = an_event(recording_url="https://media.example.org/gap-7")
    EventSession.objects.filter(event=event).update(slides_url="https://slides.example.org/1")
    page = client_for(None).get(DETAIL).content.decode()
    assert 'href="https://media.example.org/gap-7"' in page
    assert 'href="https://slides.example.org/1"' in page


def test_a_draft_is_found_only_by_those_who_manage_it(cast: Cast) -> None:
    an_event(published=False)
    assert client_for(None).get(DETAIL).status_code == 404
    assert client_for(cast.carol).get(DETAIL).status_code == 404
    managed = client_for(cast.heidi).get(DETAIL).content.decode()
    assert f'href="{DETAIL}checkin/"' in managed
    assert f'href="{DETAIL}edit/"' in managed


def test_my_registrations_list_states_positions_and_tickets(cast: Cast) -> None:
    full = an_event(slug="full", title="Full event", capacity=1)
    registration_register(actor=cast.alice, event=full)
    registration_register(actor=cast.carol, event=full)
    mine = registration_register(actor=cast.carol, event=an_event())
    page = client_for(cast.carol).get("/learning/me/registrations/").content.decode()
    assert "Full event" in page
    assert "(number 1 on the waiting list)" in page
    assert f"/learning/tickets/{mine.ticket}/" in page
    assert page.count("/learning/tickets/") == 1
    assert client_for(None).get("/learning/me/registrations/").status_code == 302


def test_my_registrations_read_in_a_fixed_number_of_queries(cast: Cast) -> None:
    client = client_for(cast.carol)
    registration_register(actor=cast.carol, event=an_event(slug="first"))
    client.get("/learning/me/registrations/")
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/me/registrations/")
    for number in range(5):
        event = an_event(slug=f"full-{number}", capacity=1)
        registration_register(actor=cast.alice, event=event)
        registration_register(actor=cast.carol, event=event)
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/me/registrations/")
    assert len(many) == len(few) + 1  # the waiting list positions, read once for every event


def event_form(**overrides: str) -> dict[str, str]:
    return {
        "slug": "ospos-for-good-2031",
        "title": "OSPOs for Good 2031",
        "kind": "ospos_for_good",
        "summary": "A symposium.",
        "language": "en",
        "format": "hybrid",
        "location": "New York",
        "capacity": "400",
        "registration_closes_at": "2031-05-01T12:00",
        "time_zone": "America/New_York",
        "organisers": "alice@unicef.org",
        **overrides,
    }


def test_the_capacity_team_creates_a_draft_then_adds_a_session_then_publishes(
    cast: Cast,
) -> None:
    member = capacity_team_member(cast.frank)
    module = LearningModule.objects.create(
        slug="events-test-module", title="Strategy", summary="S.", kind="osee", level="introductory"
    )
    client = client_for(member)
    response = client.post("/learning/events/new/", event_form(modules=str(module.pk)))
    assert response.status_code == 302
    event = Event.objects.get(slug="ospos-for-good-2031")
    assert not event.published
    assert event.capacity == 400
    assert event.registration_closes_at == datetime(2031, 5, 1, 16, 0, tzinfo=UTC)  # EDT
    assert list(event.organisers.all()) == [cast.alice]
    assert list(event.modules.all()) == [module]
    session = {
        "title": "Day 1",
        "starts_at": "2031-06-10T09:00",
        "ends_at": "2031-06-10T17:00",
        "time_zone": "Europe/Zurich",
    }
    client.post("/learning/events/ospos-for-good-2031/sessions/new/", session)
    added = EventSession.objects.get(event=event)
    assert added.starts_at == datetime(2031, 6, 10, 7, 0, tzinfo=UTC)  # CEST
    edit = {**event_form(published="on"), "time_zone": "UTC"}
    del edit["slug"]
    assert client.post("/learning/events/ospos-for-good-2031/edit/", edit).status_code == 302
    event.refresh_from_db()
    assert event.published
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning.event_created", "learning.session_added", "learning.event_updated"} <= actions


def test_publishing_without_a_session_is_a_message_and_saves_nothing(cast: Cast) -> None:
    client = client_for(capacity_team_member(cast.frank))
    response = client.post("/learning/events/new/", event_form(published="on"))
    assert response.status_code == 400
    assert "Add a session before you publish the event." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("recording_url", "ftp://media.example.org/x", "Enter a valid URL."),
        ("slides_url", "javascript:alert(1)", "Enter a valid URL."),
        ("capacity", "0", "Give at least one place, or leave it empty."),
        ("organisers", "nobody@example.org", "No account has these addresses: nobody@example.org."),
        ("slug", "new", "This short name is taken by a page"),
        ("time_zone", "Mars/Olympus", "Select a valid choice."),
    ],
)
def test_bad_event_input_is_a_message_and_saves_nothing(
    cast: Cast, field: str, value: str, message: str
) -> None:
    client = client_for(capacity_team_member(cast.frank))
    response = client.post("/learning/events/new/", event_form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_a_session_ending_before_it_starts_is_refused(cast: Cast) -> None:
    an_event()
    client = client_for(cast.heidi)
    session = {"title": "Backwards", "starts_at": "2031-06-10T09:00", "ends_at": "2031-06-10T08:00"}
    response = client.post(f"{DETAIL}sessions/new/", {**session, "time_zone": "UTC"})
    assert response.status_code == 400
    assert "The session must end after it starts." in response.content.decode()
    assert not EventSession.objects.filter(title="Backwards").exists()


def test_an_organiser_edits_the_event_but_not_its_organisers(cast: Cast) -> None:
    event = an_event()
    event.organisers.add(cast.carol)
    client = client_for(cast.carol)
    page = client.get(f"{DETAIL}edit/").content.decode()
    assert 'name="organisers"' not in page
    edit = event_form(recording_url="https://media.example.org/gap-7", published="on")
    del edit["slug"]
    assert client.post(f"{DETAIL}edit/", edit).status_code == 302
    event.refresh_from_db()
    assert event.recording_url == "https://media.example.org/gap-7"
    assert list(event.organisers.all()) == [cast.carol]


def test_others_may_not_edit_an_event(cast: Cast) -> None:
    an_event()
    assert client_for(cast.alice).get(f"{DETAIL}edit/").status_code == 403
    assert client_for(cast.alice).get("/learning/events/new/").status_code == 403
    session = EventSession.objects.get()
    response = client_for(cast.alice).post(f"{DETAIL}sessions/{session.pk}/delete/")
    assert response.status_code == 403
    assert EventSession.objects.exists()


def test_a_larger_capacity_promotes_the_waiting_list(cast: Cast) -> None:
    event = an_event(capacity=1)
    registration_register(actor=cast.alice, event=event)
    waiting = registration_register(actor=cast.carol, event=event)
    edit = event_form(capacity="2", published="on")
    del edit["slug"]
    client_for(cast.heidi).post(f"{DETAIL}edit/", edit)
    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED


def test_the_only_session_of_a_published_event_stays(cast: Cast) -> None:
    an_event()
    session = EventSession.objects.get()
    response = client_for(cast.heidi).post(f"{DETAIL}sessions/{session.pk}/delete/", follow=True)
    assert "A published event keeps at least one session." in response.content.decode()
    assert EventSession.objects.filter(pk=session.pk).exists()


def test_a_sessions_time_is_shown_in_utc(cast: Cast) -> None:
    an_event()
    page = client_for(None).get(DETAIL).content.decode()
    assert f'datetime="{SOON.isoformat()}"' in page
