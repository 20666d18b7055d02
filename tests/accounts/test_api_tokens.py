"""API tokens: created on the account page with a key shown once, stored as a hash, revoked."""

import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from osunited.accounts.models import ApiToken, StaffSource
from osunited.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke
from osunited.audit.models import AuditEvent
from tests.conftest import Cast, client_for


def test_the_page_creates_a_token_and_shows_its_key_once(cast: Cast) -> None:
    client = client_for(cast.alice)
    response = client.post(reverse("accounts:api_tokens"), {"name": "CI pipeline"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["created"].key
    assert key.startswith("osu_")
    assert key in response.content.decode()
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert key not in again
    assert "CI pipeline" in again
    assert key[:12] in again


def test_only_a_hash_of_the_key_is_stored(cast: Cast) -> None:
    created = api_token_create(user=cast.alice, name="laptop")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(created.key.encode()).hexdigest()
    assert token.prefix == created.key[:12]
    stored = [str(v) for v in ApiToken.objects.values_list().get()]
    assert created.key not in stored
    assert AuditEvent.objects.filter(action="api_token.created").exists()


def test_a_token_authenticates_its_owner_and_notes_the_last_use(cast: Cast) -> None:
    created = api_token_create(user=cast.alice, name="laptop")
    with time_machine.travel("2030-01-01 12:00Z", tick=False):
        assert api_token_authenticate(created.key) == cast.alice
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None
    assert created.token.last_used_at.year == 2030


@pytest.mark.parametrize("key", ["", "osu_", "osu_wrong-key-of-some-length", "Bearer x"])
def test_a_wrong_key_authenticates_nobody(cast: Cast, key: str) -> None:
    api_token_create(user=cast.alice, name="laptop")
    assert api_token_authenticate(key) is None


def test_a_revoked_token_is_refused(cast: Cast) -> None:
    created = api_token_create(user=cast.alice, name="laptop")
    client_for(cast.alice).post(reverse("accounts:api_token_revoke", args=[created.token.pk]))
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    assert api_token_authenticate(created.key) is None


def test_nobody_revokes_someone_elses_token(cast: Cast) -> None:
    created = api_token_create(user=cast.alice, name="laptop")
    response = client_for(cast.frank).post(
        reverse("accounts:api_token_revoke", args=[created.token.pk])
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=created.token, actor=cast.frank)
    assert api_token_authenticate(created.key) == cast.alice


def test_tokens_of_users_who_left_the_un_or_were_deactivated_are_refused(cast: Cast) -> None:
    alices = api_token_create(user=cast.alice, name="laptop")
    franks = api_token_create(user=cast.frank, name="laptop")
    cast.alice.staff_source = StaffSource.NONE
    cast.alice.save(update_fields=["staff_source"])
    cast.frank.is_active = False
    cast.frank.save(update_fields=["is_active"])
    assert api_token_authenticate(alices.key) is None
    assert api_token_authenticate(franks.key) is None


def test_external_contributors_get_no_token(cast: Cast) -> None:
    response = client_for(cast.carol).post(reverse("accounts:api_tokens"), {"name": "x"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        api_token_create(user=cast.carol, name="x")
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(cast: Cast) -> None:
    response = client_for(cast.alice).post(reverse("accounts:api_tokens"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
