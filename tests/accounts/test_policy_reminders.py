"""A new CLA version published to take effect later: readable now, current from its date, and
the contributors who accepted the earlier one are reminded once before it applies to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from osunited.accounts.models import PolicyDocument, PolicyKind, PolicyReminder
from osunited.accounts.roles import outstanding_policies
from osunited.accounts.selectors import current_policy_documents, upcoming_policy_documents
from osunited.accounts.services import policy_document_publish, policy_reminders_send
from osunited.accounts.tasks import send_policy_reminders
from tests.conftest import Cast
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def next_cla(cast: Cast, *, in_days: int) -> PolicyDocument:
    draft = PolicyDocument.objects.create(
        kind=PolicyKind.CLA,
        version="9.0",
        title="Contributor License Agreement",
        body="New terms.",
        summary_of_changes="Patent grant clarified.",
    )
    return policy_document_publish(
        document=draft, actor=cast.heidi, effective_at=timezone.now() + timedelta(days=in_days)
    )


def test_a_version_taking_effect_later_is_not_current_until_then(cast: Cast, time_machine) -> None:
    upcoming = next_cla(cast, in_days=10)

    assert upcoming not in current_policy_documents()
    assert list(upcoming_policy_documents()) == [upcoming]
    assert outstanding_policies(cast.carol) == []

    time_machine.move_to(timezone.now() + timedelta(days=11))

    assert upcoming in current_policy_documents()
    assert outstanding_policies(cast.carol) == [upcoming]


def test_those_who_accepted_the_earlier_cla_are_reminded_once(cast: Cast) -> None:
    never_accepted = UserFactory(email="newcomer@example.org", without_policies=True)
    next_cla(cast, in_days=10)

    sent = policy_reminders_send()

    recipients = {message.to[0] for message in mail.outbox}
    assert sent == len(mail.outbox) == len(recipients)
    assert cast.carol.email in recipients
    assert never_accepted.email not in recipients
    [to_carol] = [m for m in mail.outbox if m.to == [cast.carol.email]]
    assert "9.0 takes effect on" in to_carol.subject
    assert "Patent grant clarified." in to_carol.body
    assert "/me/policies/" in to_carol.body
    assert policy_reminders_send() == 0  # once per version
    assert PolicyReminder.objects.count() == sent


def test_nobody_is_reminded_of_a_version_more_than_two_weeks_away(cast: Cast) -> None:
    next_cla(cast, in_days=30)

    assert send_policy_reminders.delay().get() == 0
    assert mail.outbox == []


def test_a_version_cannot_take_effect_in_the_past(cast: Cast) -> None:
    draft = PolicyDocument.objects.create(kind=PolicyKind.CLA, version="9.1", title="CLA", body="x")

    with pytest.raises(ValidationError):
        policy_document_publish(
            document=draft, actor=cast.heidi, effective_at=timezone.now() - timedelta(days=1)
        )
    draft.refresh_from_db()
    assert draft.published_at is None
