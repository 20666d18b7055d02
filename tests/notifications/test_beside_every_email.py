"""Every e-mail the platform sends a person comes with a notification, made in the same
transaction as what it tells of, and each e-mail links to the page it is about (#21)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project
from osunited.catalog.services import project_transition
from osunited.catalog.sunset import sunset_sweep
from osunited.learning.services.events import registration_decide, registration_register
from osunited.learning.services.mentorship import mentorship_request
from osunited.licensing.services.office_hours import question_answer, question_ask
from osunited.notifications import kinds
from osunited.notifications.models import Notification
from tests.conftest import Cast
from tests.factories import ProjectFactory
from tests.governance.experts_helpers import a_vetted_expert
from tests.learning.events_helpers import BEFORE, an_event
from tests.learning.mentorship_helpers import STRATEGY, an_offer, fake_osee

pytestmark = pytest.mark.django_db
__all__ = ["fake_osee"]

SITE = "https://osu.example.org"
SRC = Path(__file__).resolve().parents[2] / "src" / "osunited"


@pytest.fixture(autouse=True)
def site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = SITE


def _notified(user: User, kind: str) -> Notification:
    return Notification.objects.get(user=user, kind=kind)


def test_every_module_that_sends_mail_to_a_person_also_notifies() -> None:
    senders = [
        path
        for path in SRC.rglob("*.py")
        if re.search(r"\bsend_mail\(|send_messages\(", path.read_text("utf-8"))
    ]
    assert senders
    silent = [str(p) for p in senders if "notify(" not in p.read_text("utf-8")]
    assert silent == []


def test_a_transition_notifies_the_focal_points_and_the_committee_with_links(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    project = ProjectFactory(
        name="Cold Chain", entity=cast.unicef, status="draft", focal_points=[cast.alice]
    )
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    page = reverse("catalog:detail", kwargs={"slug": project.slug})
    review = reverse("catalog:review", kwargs={"slug": project.slug})
    mine = _notified(cast.alice, kinds.PROJECT_STATUS)
    assert (mine.url, mine.params) == (page, {"project": "Cold Chain", "status": "submitted"})
    assert _notified(cast.bob, kinds.REVIEW_WAITING).url == review
    to_focal_points, to_committee = mail.outbox
    assert SITE + page in to_focal_points.body
    assert SITE + review in to_committee.body


def test_no_notification_outlives_a_transition_that_was_rolled_back(cast: Cast) -> None:
    project = ProjectFactory(entity=cast.unicef, status="draft", focal_points=[cast.alice])
    with transaction.atomic():
        project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
        assert Notification.objects.count() == 2  # alice, and bob of the committee
        transaction.set_rollback(True)
    assert not Notification.objects.exists()


@override_settings(OSU_CATALOG_CONFIRMATION_MONTHS=12)
def test_a_confirmation_reminder_notifies_the_focal_points(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    project = ProjectFactory(entity=cast.unicef, status="published", focal_points=[cast.alice])
    Project.objects.filter(pk=project.pk).update(
        status_changed_at=datetime(2025, 1, 15, tzinfo=UTC)
    )
    moment = datetime(2025, 12, 20, tzinfo=UTC)
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        sunset_sweep()
    notification = _notified(cast.alice, kinds.CONFIRMATION_DUE)
    assert notification.params["due"] == "2026-01-15"
    assert SITE + notification.url in mail.outbox[0].body


def test_an_expert_hears_of_the_vetting_and_of_a_consultation(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from osunited.governance.services.experts import consultation_request

    with django_capture_on_commit_callbacks(execute=True):
        expert = a_vetted_expert(cast.carol, cast.grace)
    assert _notified(cast.carol, kinds.EXPERT_APPLICATION).params == {"status": "vetted"}
    with django_capture_on_commit_callbacks(execute=True):
        consultation = consultation_request(
            actor=cast.frank, expert=expert, subject="Our OSPO", message="How?", entity=cast.undp
        )
    notification = _notified(cast.carol, kinds.CONSULTATION)
    assert notification.url == reverse("governance:consultations_detail", args=[consultation.pk])
    assert SITE + notification.url in mail.outbox[-1].body


def test_the_asker_hears_that_the_licensing_experts_answered(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    role_grant(user=cast.frank, role=GrantedRole.LICENSING_GROUP, actor=None)
    project = ProjectFactory(
        name="Water points", entity=cast.unicef, status="published", focal_points=[cast.alice]
    )
    question = question_ask(actor=cast.alice, project=project, question="May we ship this?")
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(actor=User.objects.get(pk=cast.frank.pk), question=question, answer="Yes.")
    notification = _notified(cast.alice, kinds.QUESTION_ANSWERED)
    assert SITE + notification.url in mail.outbox[-1].body


def test_a_registration_decided_by_the_entity_notifies_the_participant(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(BEFORE, tick=False):
        event = an_event(needs_confirmation=True, capacity=5)
        registration = registration_register(actor=cast.alice, event=event)
        with django_capture_on_commit_callbacks(execute=True):
            registration_decide(actor=cast.erin, registration=registration, confirm=False)
    notification = _notified(cast.alice, kinds.REGISTRATION_DECLINED)
    assert notification.url == reverse("learning:events_detail", kwargs={"slug": event.slug})
    assert SITE + notification.url in mail.outbox[-1].body


def test_a_place_freed_on_the_waiting_list_notifies_the_next_in_line(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from osunited.learning.services.events import registration_cancel

    with time_machine.travel(BEFORE, tick=False):
        event = an_event(capacity=1)
        registration_register(actor=cast.carol, event=event)
        registration_register(actor=cast.frank, event=event)
        with django_capture_on_commit_callbacks(execute=True):
            registration_cancel(actor=cast.carol, event=event)
    assert _notified(cast.frank, kinds.PLACE_CONFIRMED).params == {"event": event.title}


def test_a_session_reminder_notifies_the_participant(cast: Cast) -> None:
    from osunited.learning.tasks import send_event_reminders
    from tests.learning.events_helpers import SOON

    with time_machine.travel(BEFORE, tick=False):
        registration_register(actor=cast.carol, event=an_event())
    with time_machine.travel(SOON - timedelta(hours=2), tick=False):
        send_event_reminders.delay().get()
    notification = _notified(cast.carol, kinds.EVENT_REMINDER)
    assert notification.params["starts"] == SOON.isoformat()


def test_a_mentorship_request_notifies_the_mentor(
    cast: Cast, fake_osee: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mentorship_request(
            actor=cast.carol, offer=an_offer(cast.alice), topic=STRATEGY, message="Hi."
        )
    notification = _notified(cast.alice, kinds.MENTORSHIP)
    assert notification.params == {"name": str(cast.carol), "status": "requested"}
    assert SITE + notification.url in mail.outbox[-1].body


def test_a_policy_reminder_notifies_those_who_accepted_the_earlier_version(cast: Cast) -> None:
    from django.utils import timezone

    from osunited.accounts.models import PolicyDocument, PolicyKind
    from osunited.accounts.services import policy_document_publish, policy_reminders_send

    draft = PolicyDocument.objects.create(
        kind=PolicyKind.CLA, version="9.0", title="Contributor License Agreement", body="New."
    )
    policy_document_publish(
        document=draft, actor=cast.heidi, effective_at=timezone.now() + timedelta(days=10)
    )
    policy_reminders_send()
    notification = _notified(cast.carol, kinds.POLICY_VERSION)
    assert notification.params["version"] == "9.0"
    assert notification.url == reverse("accounts:policies")
