"""Trainers: the public list and a trainer's sessions, and the capacity team's records."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.learning.models import Trainer
from osunited.learning.services.trainers import trainer_record
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.mentorship_helpers import (
    COMMUNITY,
    STRATEGY,
    a_trainer,
    fake_osee,
    session_led_by,
)

pytestmark = pytest.mark.usefixtures("fake_osee")
__all__ = ["fake_osee"]


@pytest.fixture
def team(cast: Cast) -> User:
    role_grant(user=cast.frank, role=GrantedRole.CAPACITY_TEAM, actor=None)
    cast.frank.refresh_from_db()
    return cast.frank


def test_the_public_list_shows_active_trainers_with_topics_and_sessions_led(cast: Cast) -> None:
    a_trainer(cast.alice, cast.unicef, topics=[STRATEGY, "gone/competency"])
    a_trainer(cast.grace, cast.who, active=False)
    session_led_by(cast.alice, cast.erin)
    session_led_by(cast.alice)
    session_led_by(cast.alice, published=False)

    html = client_for(None).get("/learning/trainers/").content.decode()

    assert "Alice" in html
    assert "UNICEF" in html
    assert "Open source strategy; gone/competency" in html
    assert "<td>2</td>" in html  # the unpublished event's session is not counted
    assert "Grace" not in html
    assert "alice@unicef.org" not in html


def test_the_list_reads_as_many_queries_whatever_the_number_of_trainers(cast: Cast) -> None:
    client = client_for(None)
    a_trainer(cast.alice, cast.unicef, topics=[STRATEGY])
    client.get("/learning/trainers/")
    with CaptureQueriesContext(connection) as one:
        client.get("/learning/trainers/")
    for number in range(5):
        person = UserFactory(email=f"trainer{number}@who.int")
        a_trainer(person, cast.who, topics=[COMMUNITY])
        session_led_by(person, cast.erin)
    with CaptureQueriesContext(connection) as six:
        client.get("/learning/trainers/")

    assert len(six) == len(one)


def test_a_trainers_page_lists_their_sessions_with_attendance(cast: Cast) -> None:
    trainer = a_trainer(cast.alice, cast.unicef)
    session = session_led_by(cast.alice, cast.erin, cast.frank)
    hidden = session_led_by(cast.alice, published=False)

    html = client_for(None).get(f"/learning/trainers/{trainer.pk}/").content.decode()

    assert session.title in html
    assert session.event.title in html
    assert "<td>2</td>" in html
    assert hidden.title not in html
    assert "Qualified at</dt><dd>Not stated" in html


def test_an_inactive_trainer_is_seen_by_the_capacity_team_only(cast: Cast, team: User) -> None:
    trainer = a_trainer(cast.grace, cast.who, active=False)

    assert client_for(cast.erin).get(f"/learning/trainers/{trainer.pk}/").status_code == 404
    assert client_for(team).get(f"/learning/trainers/{trainer.pk}/").status_code == 200


def test_the_capacity_team_records_a_trainer(cast: Cast, team: User) -> None:
    qualifying = session_led_by(cast.heidi, kind="train_the_trainer").event

    response = client_for(team).post(
        "/learning/trainers/new/",
        {
            "email": "ALICE@unicef.org",
            "entity": cast.unicef.pk,
            "qualified_by": qualifying.pk,
            "qualified_on": "2030-03-05",
            "topics": [STRATEGY, COMMUNITY],
            "active": "on",
        },
    )

    trainer = Trainer.objects.get(user=cast.alice)
    assert response.status_code == 302
    assert response["Location"] == f"/learning/trainers/{trainer.pk}/"
    assert (trainer.entity, trainer.qualified_by, trainer.qualified_on) == (
        cast.unicef,
        qualifying,
        date(2030, 3, 5),
    )
    assert trainer.topics == [STRATEGY, COMMUNITY]
    assert trainer.active
    event = AuditEvent.objects.get(action="learning.trainer_recorded")
    assert event.actor == team
    assert event.changes["topics"] == [STRATEGY, COMMUNITY]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "nobody@unicef.org", "No account uses this address"),
        ("topics", "made/up", "Select a valid choice"),
        ("qualified_on", "05/03/2030x", "Enter a valid date"),
    ],
)
def test_a_bad_record_is_refused_with_a_message_and_saves_nothing(
    cast: Cast, team: User, field: str, value: str, message: str
) -> None:
    data = {"email": "alice@unicef.org", "entity": cast.unicef.pk, "topics": [STRATEGY]}

    response = client_for(team).post("/learning/trainers/new/", {**data, field: value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Trainer.objects.exists()


def test_a_workshop_does_not_qualify_a_trainer(cast: Cast, team: User) -> None:
    workshop = session_led_by(cast.heidi).event

    response = client_for(team).post(
        "/learning/trainers/new/", {"email": "alice@unicef.org", "qualified_by": workshop.pk}
    )

    assert response.status_code == 400
    assert not Trainer.objects.exists()


def test_a_person_is_recorded_as_a_trainer_once(cast: Cast, team: User) -> None:
    a_trainer(cast.alice, cast.unicef)

    response = client_for(team).post("/learning/trainers/new/", {"email": "alice@unicef.org"})

    assert response.status_code == 400
    assert "already a trainer" in response.content.decode()
    assert Trainer.objects.count() == 1


def test_the_capacity_team_edits_a_record_and_the_change_is_audited(cast: Cast, team: User) -> None:
    trainer = a_trainer(cast.alice, cast.unicef, topics=[STRATEGY])

    response = client_for(team).post(
        f"/learning/trainers/{trainer.pk}/edit/",
        {"entity": cast.unicef.pk, "topics": [COMMUNITY]},
    )

    assert response.status_code == 302
    trainer.refresh_from_db()
    assert (trainer.topics, trainer.active) == ([COMMUNITY], False)
    event = AuditEvent.objects.get(action="learning.trainer_updated")
    assert event.changes == {"topics": [[STRATEGY], [COMMUNITY]], "active": [True, False]}


def test_only_the_capacity_team_records_trainers(cast: Cast) -> None:
    response = client_for(cast.erin).post("/learning/trainers/new/", {"email": "alice@unicef.org"})

    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="capacity-building team"):
        trainer_record(actor=cast.erin, user=cast.alice, entity=None)
    assert not Trainer.objects.exists()


def test_the_service_refuses_an_unknown_competency(cast: Cast, team: User) -> None:
    with pytest.raises(ValidationError, match="Unknown OSEE competencies: made/up"):
        trainer_record(actor=team, user=cast.alice, entity=None, topics=["made/up"])
