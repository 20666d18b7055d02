"""Attendance imported for someone without an account becomes theirs when they confirm that
address, with the completion of an event they attended in full.

Seen: people imported without an account had their attendance linked only when checked in later,
and no completion was issued for them when they signed up."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.test import RequestFactory

from osunited.learning.models import Attendance, AttendanceSource, Completion
from tests.factories import UserFactory
from tests.learning.attendance_helpers import workshop

pytestmark = pytest.mark.django_db


def imported(event, email: str) -> None:
    for session in event.sessions.all():
        Attendance.objects.create(
            session=session, email=email, name="Ada", source=AttendanceSource.IMPORT
        )


def confirm(user) -> None:
    address = EmailAddress.objects.get(user=user, email__iexact=user.email)
    email_confirmed.send(
        sender=EmailAddress, request=RequestFactory().get("/"), email_address=address
    )


def test_confirming_the_address_claims_the_attendance_and_issues_the_completion() -> None:
    event = workshop(sessions=2)
    imported(event, "Ada@UNICEF.org")
    user = UserFactory(email="ada@unicef.org")

    confirm(user)

    assert Attendance.objects.filter(user=user).count() == 2
    [completion] = Completion.objects.filter(user=user)
    assert completion.event == event


def test_attendance_of_another_address_stays_unclaimed() -> None:
    event = workshop(sessions=1)
    imported(event, "someone.else@unicef.org")
    user = UserFactory(email="ada@unicef.org")

    confirm(user)

    assert not Attendance.objects.filter(user=user).exists()
    assert not Completion.objects.filter(user=user).exists()
