"""Legal notes on a license (CPF 4.2.3: privileges and immunities, indemnity): written by the
licensing group for any legal team, by representatives for their own entity's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.licensing.models import LicenseNote
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

NOTE = "The privileges and immunities of the UN are not waived by accepting this license."


def add_url(license_id: str = "GPL-3.0-only") -> str:
    return reverse("licensing:note_add", args=[license_id])


def test_a_representative_adds_a_note_for_their_entity_and_it_is_shown(cast: Cast) -> None:
    response = client_for(cast.erin).post(
        add_url(), {"entity": cast.unicef.pk, "kind": "privileges_immunities", "text": NOTE}
    )
    assert response.status_code == 302
    note = LicenseNote.objects.get()
    assert (note.license_id, note.entity, note.author) == ("GPL-3.0-only", cast.unicef, cast.erin)
    assert AuditEvent.objects.filter(action="license_note.added").exists()
    page = client_for(None).get(reverse("licensing:license", args=["GPL-3.0-only"]))
    assert NOTE in page.content.decode()
    assert "Privileges and immunities" in page.content.decode()


def test_a_representative_cannot_write_for_another_entity(cast: Cast) -> None:
    response = client_for(cast.erin).post(
        add_url(), {"entity": cast.who.pk, "kind": "indemnity", "text": NOTE}
    )
    assert response.status_code == 400  # the form refuses the choice
    assert "Select a valid choice" in response.content.decode()
    assert not LicenseNote.objects.exists()


def test_people_without_a_legal_team_to_speak_for_cannot_add_notes(cast: Cast) -> None:
    for person in (cast.alice, cast.bob, cast.carol, cast.grace):
        response = client_for(person).post(
            add_url(), {"entity": cast.unicef.pk, "kind": "indemnity", "text": NOTE}
        )
        assert response.status_code == 403
    assert not LicenseNote.objects.exists()


def test_a_licensing_group_member_writes_and_edits_for_any_entity(cast: Cast) -> None:
    role_grant(user=cast.bob, role=GrantedRole.LICENSING_GROUP, actor=None)
    client = client_for(cast.bob)
    client.post(add_url("MIT"), {"entity": cast.who.pk, "kind": "indemnity", "text": "First."})
    note = LicenseNote.objects.get()
    edit = reverse("licensing:note_edit", args=[note.pk])
    assert client.post(edit, {"kind": "other", "text": "Second."}).status_code == 302
    note.refresh_from_db()
    assert (note.kind, note.text, note.entity) == ("other", "Second.", cast.who)
    assert AuditEvent.objects.filter(action="license_note.changed").exists()
    assert client_for(cast.erin).post(edit, {"kind": "other", "text": "x"}).status_code == 403


def test_an_empty_note_or_an_unknown_license_changes_nothing(cast: Cast) -> None:
    client = client_for(cast.erin)
    response = client.post(add_url(), {"entity": cast.unicef.pk, "kind": "other", "text": "  "})
    assert response.status_code == 400
    assert client.get(add_url("Nope-1.0")).status_code == 404
    assert not LicenseNote.objects.exists()


def test_an_edit_refused_by_the_form_is_a_400_and_changes_nothing(cast: Cast) -> None:
    client = client_for(cast.erin)
    client.post(add_url(), {"entity": cast.unicef.pk, "kind": "indemnity", "text": NOTE})
    note = LicenseNote.objects.get()
    edit = reverse("licensing:note_edit", args=[note.pk])
    response = client.post(edit, {"kind": "no-such-kind", "text": "Changed."})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    note.refresh_from_db()
    assert (note.kind, note.text) == ("indemnity", NOTE)
