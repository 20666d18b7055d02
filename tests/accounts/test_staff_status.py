"""UN staff status follows verified e-mail addresses at an entity's domain, or an admin's word."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from osunited.accounts.models import GrantedRole, RoleGrant, StaffSource, User
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.selectors import current_policy_documents
from osunited.accounts.services import (
    role_grant,
    role_revoke,
    user_designate_staff,
    user_refresh_staff_status,
)
from osunited.audit.models import AuditEvent
from tests.conftest import Cast, client_for
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def no_rate_limits_left_by_other_tests() -> None:
    cache.clear()  # allauth counts confirmation e-mails per address in the cache


def confirmation_link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_confirming_an_address_at_an_entity_domain_makes_the_user_its_staff(cast: Cast) -> None:
    client = Client()
    accept = {f"accept_policy_{doc.pk}": "on" for doc in current_policy_documents()}
    client.post(
        "/accounts/signup/",
        {"email": "pat@unicef.org", "password1": PASSWORD, "password2": PASSWORD, **accept},
    )
    user = User.objects.get(email="pat@unicef.org")
    assert not user.is_un_staff

    client.post(confirmation_link("pat@unicef.org"))

    user.refresh_from_db()
    assert user.staff_source == StaffSource.EMAIL_DOMAIN
    assert user.entity == cast.unicef
    assert AuditEvent.objects.filter(action="staff.status_changed", object_id=str(user.pk)).exists()


def test_an_unverified_address_does_not_make_the_user_staff(cast: Cast) -> None:
    user = UserFactory(email="pat@unicef.org", unverified=True)

    user_refresh_staff_status(user=user)

    user.refresh_from_db()
    assert not user.is_un_staff
    assert user.entity is None
    assert roles_of(user) == {Role.EXTERNAL_CONTRIBUTOR}


def test_removing_the_entity_address_makes_the_user_external_again(cast: Cast) -> None:
    user = UserFactory(email="pat@example.org")
    EmailAddress.objects.create(user=user, email="pat@unicef.org", verified=True, primary=False)
    user_refresh_staff_status(user=user)
    user.refresh_from_db()
    assert user.staff_source == StaffSource.EMAIL_DOMAIN

    response = client_for(user).post(
        "/accounts/email/", {"action_remove": "", "email": "pat@unicef.org"}
    )

    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="pat@unicef.org").exists()
    user.refresh_from_db()
    assert user.staff_source == StaffSource.NONE
    event = AuditEvent.objects.filter(action="staff.status_changed", object_id=str(user.pk)).first()
    assert event.changes["after"]["staff_source"] == StaffSource.NONE


def test_an_admin_designation_is_kept_whatever_the_addresses(cast: Cast) -> None:
    user_designate_staff(user=cast.carol, entity=cast.undp, actor=cast.heidi)

    user_refresh_staff_status(user=cast.carol)

    cast.carol.refresh_from_db()
    assert cast.carol.staff_source == StaffSource.ADMIN
    assert cast.carol.entity == cast.undp
    event = AuditEvent.objects.get(action="staff.designated")
    assert (event.actor, event.object_id) == (cast.heidi, str(cast.carol.pk))


@pytest.mark.parametrize(
    ("role", "entity_attr"),
    [(GrantedRole.REVIEWER, None), (GrantedRole.ENTITY_REPRESENTATIVE, "unicef")],
)
def test_it_rejects_a_staff_role_for_an_external_user(
    cast: Cast, role: GrantedRole, entity_attr: str | None
) -> None:
    entity = getattr(cast, entity_attr) if entity_attr else None
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        role_grant(user=cast.carol, role=role, entity=entity, actor=cast.heidi)

    assert not RoleGrant.objects.filter(user=cast.carol).exists()
    assert AuditEvent.objects.count() == events_before
    assert roles_of(cast.carol) == {Role.EXTERNAL_CONTRIBUTOR}


def test_grants_and_revocations_are_audited(cast: Cast) -> None:
    grant = role_grant(user=cast.frank, role=GrantedRole.REVIEWER, actor=cast.heidi)
    assert Role.REVIEWER in roles_of(cast.frank)

    role_revoke(grant=grant, actor=cast.heidi)

    assert not RoleGrant.objects.filter(user=cast.frank).exists()
    assert Role.REVIEWER not in roles_of(cast.frank)
    events = AuditEvent.objects.filter(object_id=str(cast.frank.pk), actor=cast.heidi)
    assert sorted((e.action, e.changes["role"]) for e in events) == [
        ("role.granted", "reviewer"),
        ("role.revoked", "reviewer"),
    ]
