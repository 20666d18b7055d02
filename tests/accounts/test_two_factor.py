"""UN staff must use TOTP unless an admin recorded a time-limited exception (CPF 4.4.5)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from osunited.accounts.models import TwoFactorException
from osunited.accounts.services import two_factor_exception_grant, two_factor_exception_revoke
from osunited.audit.models import AuditEvent
from tests.conftest import Cast, client_for
from tests.factories import UserFactory

ACTIVATE_TOTP = reverse("mfa_activate_totp")


@pytest.fixture
def sam(cast: Cast):
    """UN staff at UNDP without an authenticator."""
    return UserFactory(email="sam@undp.org", without_totp=True)


def grant(user, actor, days: float = 10, reason: str = "Lost phone, replacement ordered"):
    return two_factor_exception_grant(
        user=user, reason=reason, expires_at=timezone.now() + timedelta(days=days), actor=actor
    )


def test_un_staff_without_totp_are_sent_to_set_it_up(sam) -> None:
    response = client_for(sam).get("/me/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


def test_an_external_contributor_without_totp_is_not(cast: Cast) -> None:
    assert client_for(cast.carol).get("/me/").status_code == 200


def test_staff_with_totp_are_not(cast: Cast) -> None:
    assert client_for(cast.frank).get("/me/").status_code == 200


def test_an_exception_lets_staff_through_until_it_expires(cast: Cast, sam) -> None:
    grant(sam, cast.heidi, days=10)
    client = client_for(sam)

    assert client.get("/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=10, minutes=1)):
        response = client.get("/me/")

    assert response["Location"] == ACTIVATE_TOTP


def test_a_revoked_exception_no_longer_counts(cast: Cast, sam) -> None:
    exception = grant(sam, cast.heidi)

    two_factor_exception_revoke(exception=exception, actor=cast.heidi)

    assert client_for(sam).get("/me/")["Location"] == ACTIVATE_TOTP
    exception.refresh_from_db()
    assert exception.revoked_at is not None


@pytest.mark.parametrize(
    ("reason", "days"),
    [
        ("   ", 10),
        ("Lost phone", -1),
        ("Lost phone", settings.OSU_MFA_EXCEPTION_MAX_DAYS + 1),
    ],
    ids=["without-reason", "in-the-past", "too-long"],
)
def test_it_rejects_an_invalid_exception(cast: Cast, sam, reason: str, days: int) -> None:
    with pytest.raises(ValidationError):
        grant(sam, cast.heidi, days=days, reason=reason)

    assert not TwoFactorException.objects.exists()
    assert not AuditEvent.objects.filter(action="mfa.exception_granted").exists()


def test_the_admin_add_form_shows_the_error_instead_of_saving(cast: Cast, sam) -> None:
    too_late = timezone.now() + timedelta(days=settings.OSU_MFA_EXCEPTION_MAX_DAYS + 5)

    response = client_for(cast.heidi).post(
        "/admin/accounts/twofactorexception/add/",
        {
            "user": sam.pk,
            "reason": "Travelling",
            "expires_at_0": too_late.strftime("%Y-%m-%d"),
            "expires_at_1": "12:00:00",
        },
    )

    assert response.status_code == 200
    assert f"An exception lasts at most {settings.OSU_MFA_EXCEPTION_MAX_DAYS} days." in (
        response.content.decode()
    )
    assert not TwoFactorException.objects.exists()


def test_the_admin_add_form_saves_a_valid_exception(cast: Cast, sam) -> None:
    soon = timezone.now() + timedelta(days=5)

    response = client_for(cast.heidi).post(
        "/admin/accounts/twofactorexception/add/",
        {
            "user": sam.pk,
            "reason": "Travelling",
            "expires_at_0": soon.strftime("%Y-%m-%d"),
            "expires_at_1": "12:00:00",
        },
    )

    assert response.status_code == 302
    exception = TwoFactorException.objects.get()
    assert (exception.user, exception.granted_by) == (sam, cast.heidi)


def test_exceptions_are_audited(cast: Cast, sam) -> None:
    exception = grant(sam, cast.heidi, reason="  Lost phone  ")
    two_factor_exception_revoke(exception=exception, actor=cast.heidi)

    events = AuditEvent.objects.filter(object_id=str(sam.pk), actor=cast.heidi)
    granted = events.get(action="mfa.exception_granted")
    assert granted.changes["reason"] == "Lost phone"
    assert granted.changes["expires_at"] == exception.expires_at.isoformat()
    assert events.filter(action="mfa.exception_revoked").count() == 1
