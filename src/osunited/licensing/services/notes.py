"""Writes of legal notes on a license (privileges and immunities, indemnity): licensing-group
members write them for any entity's legal team, representatives for their own entity's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.licensing.models import LicenseNote, NoteKind
from osunited.licensing.selectors.licenses import may_write_notes
from osunited.licensing.services.packages import known_license_id

_NOT_YOURS = "Only the licensing group and the entity's representatives write its legal notes."


def _check_text(text: str) -> str:
    if not text.strip():
        raise ValidationError(_("Write the note."))
    return text.strip()


@transaction.atomic
def license_note_add(
    *, license_id: str, kind: NoteKind, text: str, entity: Entity, actor: User
) -> LicenseNote:
    if not may_write_notes(actor, entity):
        raise PermissionDenied(_NOT_YOURS)
    note = LicenseNote.objects.create(
        license_id=known_license_id(license_id),
        kind=kind,
        text=_check_text(text),
        entity=entity,
        author=actor,
    )
    audit_record(action="license_note.added", actor=actor, target=note, changes={"text": note.text})
    return note


@transaction.atomic
def license_note_update(*, note: LicenseNote, kind: NoteKind, text: str, actor: User) -> None:
    if not may_write_notes(actor, note.entity):
        raise PermissionDenied(_NOT_YOURS)
    before = {"kind": note.kind, "text": note.text}
    note.kind, note.text = kind, _check_text(text)
    if before == {"kind": note.kind, "text": note.text}:
        return
    note.save(update_fields=["kind", "text", "updated_at"])
    audit_record(
        action="license_note.changed",
        actor=actor,
        target=note,
        changes={"before": before, "after": {"kind": note.kind, "text": note.text}},
    )
