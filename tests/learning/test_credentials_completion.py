"""Completions: attending every session of an event completes it; the capacity team marks one by
hand and revokes one with a reason."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.learning.models import Completion, CompletionSource
from osunited.learning.services.attendance import attendance_check_in
from osunited.learning.services.credentials import completion_mark, completion_revoke
from tests.conftest import Cast, client_for
from tests.learning.attendance_helpers import DURING, registered, workshop
from tests.learning.events_helpers import capacity_team_member

pytestmark = pytest.mark.django_db


def test_checking_in_at_the_last_session_completes_the_event(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registration = registered(cast.alice, event)
    first, last = event.sessions.all()

    attendance_check_in(actor=cast.grace, session=first, ticket=registration.ticket)
    assert not Completion.objects.exists()
    attendance_check_in(actor=cast.grace, session=last, ticket=registration.ticket)

    completion = Completion.objects.get()
    assert completion.user == cast.alice
    assert completion.entity == cast.unicef
    assert completion.event == event
    assert completion.source == CompletionSource.ATTENDANCE
    assert completion.completed_on == date(2031, 5, 13)
    assert AuditEvent.objects.filter(action="learning.completion_issued").count() == 1


def test_a_second_scan_of_the_last_session_issues_nothing_more(cast: Cast) -> None:
    event = workshop(organiser=cast.grace, sessions=1)
    registration = registered(cast.alice, event)
    session = event.sessions.get()

    attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)
    attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)

    assert Completion.objects.count() == 1


def test_a_revoked_completion_is_not_issued_again_by_attending(cast: Cast) -> None:
    event = workshop(organiser=cast.grace, sessions=1)
    registration = registered(cast.alice, event)
    session = event.sessions.get()
    attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)
    completion_revoke(
        actor=cast.heidi, completion=Completion.objects.get(), reason="Checked in by mistake."
    )

    session.attendance.all().delete()
    attendance_check_in(actor=cast.grace, session=session, ticket=registration.ticket)

    assert Completion.objects.get().revoked_at is not None


def test_the_capacity_team_marks_a_completion_by_hand(cast: Cast) -> None:
    event = workshop()
    team = capacity_team_member(cast.frank)
    client = client_for(team)

    with time_machine.travel(DURING.replace(day=20), tick=False):
        client = client_for(team)
        response = client.post(
            reverse("learning:credentials_mark"),
            {"person": "ERIN@unicef.org", "event": event.pk, "completed_on": "2031-05-13"},
            follow=True,
        )

    completion = Completion.objects.get()
    assert completion.user == cast.erin
    assert completion.entity == cast.unicef
    assert completion.issued_by == team
    assert completion.completed_on == date(2031, 5, 13)
    assert "Completion recorded" in response.content.decode()
    assert AuditEvent.objects.filter(action="learning.completion_marked").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"person": "nobody@example.org", "completed_on": "2026-01-01"}, "No account has"),
        ({"person": "erin@unicef.org", "completed_on": "2026-01-01"}, "Choose either an event"),
        ({"person": "erin@unicef.org", "completed_on": "yesterday"}, "Enter a valid date"),
        ({"person": "erin@unicef.org", "completed_on": "2999-01-01"}, "in the future"),
    ],
)
def test_a_completion_marked_by_hand_is_refused_with_a_message(
    cast: Cast, data: dict[str, str], error: str
) -> None:
    event = workshop()
    if "future" in error:
        data = {**data, "event": str(event.pk)}

    response = client_for(cast.heidi).post(reverse("learning:credentials_mark"), data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Completion.objects.exists()


def test_a_completion_is_marked_once(cast: Cast) -> None:
    event = workshop()
    completion_mark(actor=cast.heidi, user=cast.erin, event=event, completed_on=date(2026, 1, 5))

    with pytest.raises(ValidationError, match="already completed it, on 2026-01-05"):
        completion_mark(
            actor=cast.heidi, user=cast.erin, event=event, completed_on=date(2026, 1, 6)
        )


def test_only_the_capacity_team_marks_and_revokes(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    completion = completion_mark(
        actor=cast.heidi, user=cast.erin, event=event, completed_on=date(2026, 1, 5)
    )

    with pytest.raises(PermissionDenied):
        completion_mark(actor=cast.grace, user=cast.alice, event=event, completed_on=date.today())
    with pytest.raises(PermissionDenied):
        completion_revoke(actor=cast.grace, completion=completion, reason="No.")
    assert client_for(cast.grace).get(reverse("learning:credentials_list")).status_code == 403


def test_a_completion_is_revoked_with_a_reason_kept(cast: Cast) -> None:
    completion = completion_mark(
        actor=cast.heidi, user=cast.erin, event=workshop(), completed_on=date(2026, 1, 5)
    )
    url = reverse("learning:credentials_revoke", args=[completion.public_id])
    client = client_for(cast.heidi)

    refused = client.post(url, {"reason": "   "})
    done = client.post(url, {"reason": "Attendance recorded for the wrong person."}, follow=True)

    completion.refresh_from_db()
    assert refused.status_code == 400
    assert completion.revoked_at is not None
    assert completion.revoked_reason == "Attendance recorded for the wrong person."
    assert "Revoked on" in done.content.decode()
    event = AuditEvent.objects.get(action="learning.completion_revoked")
    assert event.changes == {"reason": "Attendance recorded for the wrong person."}
    with pytest.raises(ValidationError, match="already revoked"):
        completion_revoke(actor=cast.heidi, completion=completion, reason="Again.")


def test_the_holder_sees_their_credentials(cast: Cast) -> None:
    completion = completion_mark(
        actor=cast.heidi, user=cast.erin, event=workshop(), completed_on=date(2026, 1, 5)
    )

    mine = client_for(cast.erin).get(reverse("learning:credentials_mine")).content.decode()
    others = client_for(cast.alice).get(reverse("learning:credentials_mine")).content.decode()

    assert reverse("learning:credentials_certificate", args=[completion.public_id]) in mine
    assert str(completion.public_id) not in others
