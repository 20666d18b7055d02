"""The audit log records sign-ins and can be read, never changed, by anyone."""

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test import Client

from osunited.audit.models import AuditEvent, AuditLogIsAppendOnlyError
from osunited.audit.services import audit_record
from tests.conftest import Cast, client_for
from tests.factories import PASSWORD

CLIENT_IP = "198.51.100.4"


@pytest.fixture(autouse=True)
def no_rate_limits_left_by_other_tests() -> None:
    cache.clear()  # allauth counts failed sign-ins in the cache


def sign_in(email: str, password: str):
    return Client().post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=CLIENT_IP
    )


def test_signing_in_is_audited_with_the_ip(cast: Cast) -> None:
    response = sign_in(cast.carol.email, PASSWORD)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="account.signed_in")
    assert (event.actor, event.actor_label) == (cast.carol, cast.carol.email)
    assert event.object_id == str(cast.carol.pk)
    assert event.ip_address == CLIENT_IP


def test_a_failed_sign_in_is_audited(cast: Cast) -> None:
    response = sign_in(cast.carol.email, "not-the-password")

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="account.signed_in").exists()
    event = AuditEvent.objects.get(action="account.sign_in_failed")
    assert event.actor is None
    assert event.changes["attempted_login"] == cast.carol.email
    assert event.ip_address == CLIENT_IP


def test_it_refuses_to_change_or_delete_an_event_through_the_model(db: None) -> None:
    event = audit_record(action="test.recorded")
    event.action = "test.forged"

    with pytest.raises(AuditLogIsAppendOnlyError):
        event.save()
    with pytest.raises(AuditLogIsAppendOnlyError):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).action == "test.recorded"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'test.forged'",
        "DELETE FROM audit_auditevent",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_raw_updates_and_deletes(db: None, statement: str) -> None:
    event = audit_record(action="test.recorded")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert AuditEvent.objects.get(pk=event.pk).action == "test.recorded"


def test_admins_read_and_filter_the_log(cast: Cast) -> None:
    audit_record(action="test.recorded", actor=cast.carol)
    client = client_for(cast.heidi)

    everything = client.get("/admin/audit/auditevent/")
    filtered = client.get("/admin/audit/auditevent/", {"action": "role.granted"})

    assert everything.status_code == 200
    assert "test.recorded" in everything.content.decode()
    assert filtered.status_code == 200
    shown = {event.action for event in filtered.context["cl"].result_list}
    assert shown == {"role.granted"}


def test_the_admin_change_page_cannot_change_an_event(cast: Cast) -> None:
    event = audit_record(action="test.recorded", actor=cast.carol)
    client = client_for(cast.heidi)
    url = f"/admin/audit/auditevent/{event.pk}/change/"

    page = client.get(url)
    response = client.post(url, {"action": "test.forged", "actor_label": "someone else"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.action, event.actor_label) == ("test.recorded", cast.carol.email)
