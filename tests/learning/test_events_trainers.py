"""A session's trainers (Train the Trainer, CPF 4.5.6): named on the session form by the
capacity-building team or the event's organisers among the active trainers, audited, shown on the
event's page, and then found on the trainer's page and in the cascade of their entity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.audit.models import AuditEvent
from osunited.learning.models import EventSession, Registration, Trainer
from osunited.learning.services.attendance import attendance_list_record
from osunited.learning.services.events import registration_register, session_save
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.events_helpers import BEFORE, an_event, capacity_team_member
from tests.learning.mentorship_helpers import a_trainer, fake_osee

pytestmark = pytest.mark.usefixtures("fake_osee")
__all__ = ["fake_osee"]

EVENT = "/learning/events/mind-the-gap-7/"
NEW_SESSION = f"{EVENT}sessions/new/"


@pytest.fixture(autouse=True)
def registration_is_open() -> Iterator[None]:
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def tariq(cast: Cast) -> Trainer:
    return a_trainer(UserFactory(email="tariq@unicef.org", display_name="Tariq"), cast.unicef)


@pytest.fixture
def wen(cast: Cast) -> Trainer:
    return a_trainer(UserFactory(email="wen@who.int", display_name="Wen"), cast.who)


def session_form(**overrides: object) -> dict[str, object]:
    return {
        "title": "Train the Trainer: licences",
        "starts_at": "2031-05-20T09:00",
        "ends_at": "2031-05-20T11:00",
        "time_zone": "UTC",
        **overrides,
    }


def edit_url(session: EventSession) -> str:
    return f"{EVENT}sessions/{session.pk}/edit/"


def test_the_team_names_two_trainers_of_a_session_audited(
    cast: Cast, tariq: Trainer, wen: Trainer
) -> None:
    an_event()
    client = client_for(capacity_team_member(cast.frank))
    form = client.get(NEW_SESSION).content.decode()
    assert "Tariq (UNICEF)" in form
    assert "Wen (WHO)" in form

    response = client.post(NEW_SESSION, session_form(trainers=[tariq.user_id, wen.user_id]))

    assert response.status_code == 302
    session = EventSession.objects.get(title="Train the Trainer: licences")
    assert set(session.trainers.all()) == {tariq.user, wen.user}
    audit = AuditEvent.objects.get(action="learning.session_added")
    assert audit.changes["trainers_added"] == sorted([tariq.user_id, wen.user_id])
    assert audit.changes["trainers_removed"] == []


def test_an_edit_removes_a_trainer_and_says_what_changed(
    cast: Cast, tariq: Trainer, wen: Trainer
) -> None:
    session = an_event().sessions.get()
    session.trainers.add(tariq.user, wen.user)

    response = client_for(cast.heidi).post(
        edit_url(session),
        session_form(title=session.title, joining_url=session.joining_url, trainers=[wen.user_id]),
    )

    assert response.status_code == 302
    assert list(session.trainers.all()) == [wen.user]
    audit = AuditEvent.objects.get(action="learning.session_updated")
    assert audit.changes["trainers_removed"] == [tariq.user_id]
    assert audit.changes["trainers_added"] == []
    assert set(audit.changes["fields"]) == {"starts_at", "ends_at"}  # the title stayed


def test_an_organiser_names_the_trainers_of_their_event(cast: Cast, tariq: Trainer) -> None:
    event = an_event()
    event.organisers.add(cast.carol)

    response = client_for(cast.carol).post(NEW_SESSION, session_form(trainers=[tariq.user_id]))

    assert response.status_code == 302
    assert list(event.sessions.get(title="Train the Trainer: licences").trainers.all()) == [
        tariq.user
    ]


def test_the_event_page_links_each_trainer_to_their_page(
    cast: Cast, tariq: Trainer, wen: Trainer
) -> None:
    session = an_event().sessions.get()
    session.trainers.add(tariq.user, wen.user)

    html = client_for(None).get(EVENT).content.decode()

    assert f'<a href="/learning/trainers/{tariq.pk}/">Tariq</a>, ' in html
    assert f'<a href="/learning/trainers/{wen.pk}/">Wen</a>' in html


def test_the_event_page_reads_the_trainers_in_a_fixed_number_of_queries(
    cast: Cast, tariq: Trainer, wen: Trainer
) -> None:
    event = an_event(sessions=2)
    first, second = event.sessions.all()
    first.trainers.add(tariq.user)
    client = client_for(None)
    with CaptureQueriesContext(connection) as one_trainer:
        client.get(EVENT)
    second.trainers.add(tariq.user, wen.user)
    with CaptureQueriesContext(connection) as three_trainers:
        html = client.get(EVENT).content.decode()
    assert "Wen" in html
    assert len(three_trainers) == len(one_trainer)


def test_a_trainer_no_longer_active_is_named_without_a_link_and_kept_on_an_edit(
    cast: Cast, tariq: Trainer
) -> None:
    session = an_event().sessions.get()
    session.trainers.add(tariq.user)
    Trainer.objects.filter(pk=tariq.pk).update(active=False)
    client = client_for(cast.heidi)

    assert "Tariq (UNICEF, not an active trainer)" in client.get(edit_url(session)).content.decode()
    response = client.post(
        edit_url(session), session_form(title="Renamed", trainers=[tariq.user_id])
    )

    assert response.status_code == 302
    assert list(session.trainers.all()) == [tariq.user]
    html = client.get(EVENT).content.decode()
    assert "Tariq" in html
    assert f"/learning/trainers/{tariq.pk}/" not in html


def test_the_trainers_page_then_lists_the_session(cast: Cast, tariq: Trainer) -> None:
    an_event()
    client_for(cast.heidi).post(NEW_SESSION, session_form(trainers=[tariq.user_id]))

    html = client_for(None).get(f"/learning/trainers/{tariq.pk}/").content.decode()

    assert "Train the Trainer: licences" in html
    assert "No session led at a published event yet." not in html


def test_the_cascade_of_the_trainers_entity_counts_the_sessions_attendees(
    cast: Cast, tariq: Trainer, wen: Trainer
) -> None:
    event = an_event()
    team = capacity_team_member(cast.frank)
    client_for(team).post(NEW_SESSION, session_form(trainers=[tariq.user_id, wen.user_id]))
    session = event.sessions.get(title="Train the Trainer: licences")
    learners = [UserFactory(email=f"{name}@unicef.org", entity=cast.unicef) for name in "ab"]
    for learner in learners:
        registration_register(actor=learner, event=event)
    registrations = Registration.objects.filter(event=event).values_list("pk", flat=True)
    assert attendance_list_record(actor=team, session=session, registration_ids=registrations) == 2

    unicef = client_for(cast.erin).get("/learning/entities/unicef/cascade/").content.decode()
    who = client_for(None).get("/learning/entities/who/cascade/").content.decode()

    assert "3 people in 2 generations." in unicef  # Tariq, and the two he trained
    assert "1 person in 1 generation." in who  # Wen: the attendees are not WHO's


@pytest.mark.parametrize("bad", ["inactive", "unknown", "not_a_number", "no_trainer_record"])
def test_a_bad_trainer_is_a_form_error_and_saves_nothing(
    cast: Cast, tariq: Trainer, wen: Trainer, bad: str
) -> None:
    session = an_event().sessions.get()
    session.trainers.add(wen.user)
    Trainer.objects.filter(pk=tariq.pk).update(active=False)
    value = {
        "inactive": tariq.user_id,
        "unknown": 999_999,
        "not_a_number": "tariq",
        "no_trainer_record": cast.alice.pk,
    }[bad]
    client = client_for(cast.heidi)

    created = client.post(NEW_SESSION, session_form(trainers=[value]))
    edited = client.post(edit_url(session), session_form(title="Renamed", trainers=[value]))

    for response in (created, edited):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This is not an active trainer: choose among those listed." in html
        assert "Nothing was saved." in html
    assert EventSession.objects.count() == 1
    session.refresh_from_db()
    assert session.title == "Part 1"
    assert list(session.trainers.all()) == [wen.user]
    assert not AuditEvent.objects.filter(action__startswith="learning.session_").exists()


def test_the_service_refuses_an_inactive_trainer_and_keeps_nothing(
    cast: Cast, tariq: Trainer
) -> None:
    event = an_event()
    Trainer.objects.filter(pk=tariq.pk).update(active=False)
    session = event.sessions.get()
    start, end = session.starts_at, session.ends_at

    with pytest.raises(ValidationError, match="Only active trainers"):
        session_save(
            actor=cast.heidi,
            event=event,
            title="Extra",
            starts_at=start,
            ends_at=end,
            trainers=[tariq.user],
        )

    assert list(EventSession.objects.values_list("title", flat=True)) == ["Part 1"]


def test_without_an_active_trainer_the_form_says_so(cast: Cast) -> None:
    an_event()

    html = client_for(cast.heidi).get(NEW_SESSION).content.decode()

    assert 'name="trainers"' not in html
    assert "No active trainer is recorded yet" in html


def test_saving_without_the_trainers_field_keeps_them(cast: Cast, tariq: Trainer) -> None:
    """The demo and other callers of the service that do not name trainers change none."""
    event = an_event()
    session = event.sessions.get()
    session.trainers.add(tariq.user)

    session_save(actor=cast.heidi, event=event, session=session, title="Renamed")

    session.refresh_from_db()
    assert session.title == "Renamed"
    assert list(session.trainers.all()) == [tariq.user]
