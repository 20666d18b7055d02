"""The demo's capacity building: five events with registrations in every state, attendance
checked in and imported, certificates and badges, a UNICEF trainer whose cascade has two
generations, mentorship; the learning pages show it to the people the demo names."""

import json

import pytest
from django.urls import reverse

from osunited.accounts.models import User
from osunited.accounts.roles import CAPACITY_TEAM, Role, roles_of
from osunited.demo.learning import TRAINER
from osunited.demo.services import demo_load
from osunited.entities.models import Entity
from osunited.learning.models import (
    Attendance,
    AttendanceSource,
    Completion,
    Event,
    Mentorship,
    MentorshipStatus,
    RegistrationState,
    Trainer,
)
from osunited.learning.selectors.events import places_left
from osunited.learning.selectors.evidence import evidence_suggestions
from osunited.learning.selectors.trainers import entity_cascade
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DEMO_DATASETS = DATASETS = ("entities", "users", "learning")


def user(email: str) -> User:
    return User.objects.get(email=email)


def test_it_loads_once_with_the_learning_roles(demo: None) -> None:
    assert demo_load(DATASETS) == []

    assert Event.objects.filter(published=True).count() == 5
    assert CAPACITY_TEAM.allows(user("staff@fao.org"))
    assert Role.LEARNING_FOCAL_POINT in roles_of(user("learning@unicef.org"))


def test_registrations_are_in_every_state_and_past_events_have_attendance(demo: None) -> None:
    states = {
        state
        for event in Event.objects.all()
        for state in event.registrations.values_list("state", flat=True)
    }
    assert states == set(RegistrationState.values)
    sources = set(Attendance.objects.values_list("source", flat=True))
    assert sources == {AttendanceSource.QR, AttendanceSource.IMPORT}
    past = Event.objects.get(slug="mind-the-open-source-gap-4")
    assert all(a.checked_in_at < a.session.ends_at for a in Attendance.objects.all())
    assert Completion.objects.filter(event=past, user__email="focalpoint@wfp.org").exists()
    unicef = Entity.objects.get(acronym="UNICEF")
    assert Completion.objects.filter(entity=unicef).values("user").distinct().count() >= 4


def test_the_events_pages_show_the_demo(demo: None) -> None:
    listing = client_for(None).get(reverse("learning:events_list")).content.decode()
    for title in ("Mind the Open Source Gap: session 4", "OSS4SDG hackathon", "OSPOs for Good"):
        assert title in listing
    symposium = Event.objects.get(kind="ospos_for_good")
    assert places_left(symposium) == 396  # 400 less one confirmed and three pending
    page = client_for(None).get(reverse("learning:events_detail", args=[symposium.slug]))
    assert "396 of 400" in page.content.decode()
    hackathon = Event.objects.get(slug="oss4sdg-hackathon")
    assert places_left(hackathon) == 0
    assert hackathon.registrations.filter(state=RegistrationState.WAITLISTED).count() == 1


def test_unicefs_representative_sees_registrations_waiting_for_a_decision(demo: None) -> None:
    url = reverse("learning:events_entity_registrations", args=["unicef"])
    for email in ("representative@unicef.org", "learning@unicef.org"):
        response = client_for(user(email)).get(url)
        assert response.status_code == 200
        assert "developer" in response.content.decode()
    assert client_for(user("focalpoint@wfp.org")).get(url).status_code == 403


def test_the_wfp_focal_point_downloads_a_certificate_and_anyone_reads_the_badge(
    demo: None,
) -> None:
    completion = Completion.objects.get(
        user__email="focalpoint@wfp.org", event__slug="mind-the-open-source-gap-4"
    )
    certificate = client_for(user("focalpoint@wfp.org")).get(
        reverse("learning:credentials_certificate", args=[completion.public_id])
    )
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"
    assert certificate.content.startswith(b"%PDF")
    badge = client_for(None).get(reverse("learning:credentials_badge", args=[completion.public_id]))
    assert badge.status_code == 200
    assert "OpenBadgeCredential" in json.loads(badge.content)["type"]


def test_the_trainers_cascade_has_two_generations(demo: None) -> None:
    trainer = Trainer.objects.get(user__email=TRAINER)
    assert trainer.qualified_by is not None
    assert trainer.qualified_by.slug == "train-the-trainer-workshop"
    assert entity_cascade(trainer.entity).generation_counts == (1, 4)
    page = client_for(user("representative@unicef.org")).get(
        reverse("learning:trainers_cascade", args=["unicef"])
    )
    assert "5 people in 2 generations." in page.content.decode()
    assert "dataofficer" in page.content.decode()


def test_mentorship_and_unicefs_capacity_and_evidence(demo: None) -> None:
    statuses = sorted(Mentorship.objects.values_list("status", flat=True))
    assert statuses == [MentorshipStatus.ACTIVE, MentorshipStatus.REQUESTED]
    offers = client_for(None).get(reverse("learning:mentorship_list")).content.decode()
    assert "ossib" in offers
    assert "trainer" in offers
    unicef = Entity.objects.get(acronym="UNICEF")
    capacity = client_for(None).get(reverse("learning:capacity_entity", args=["unicef"]))
    assert capacity.status_code == 200
    assert evidence_suggestions(unicef, ["CB1", "CB3", "CB4"]).keys() >= {"CB1", "CB3"}


def test_no_learning_page_fails_for_the_demo_people(demo: None) -> None:
    pages = [
        reverse(f"learning:{name}")
        for name in (
            "catalogue_index",
            "catalogue_paths",
            "events_list",
            "osee_index",
            "trainers_list",
            "mentorship_list",
            "strategy_index",
            "events_mine",
            "credentials_mine",
            "mentorship_mine",
        )
    ]
    pages += [reverse("learning:events_detail", args=[e.slug]) for e in Event.objects.all()]
    for email in ("staff@fao.org", "learning@unicef.org", "focalpoint@wfp.org", "ossib@who.int"):
        client = client_for(user(email))
        for page in pages:
            assert client.get(page).status_code == 200, (email, page)
