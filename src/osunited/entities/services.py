from typing import Any

from django.db import transaction

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity

EDITABLE_BY_REPRESENTATIVES = ("website", "description", "liaison")


@transaction.atomic
def entity_update_profile(*, entity: Entity, actor: User, changes: dict[str, Any]) -> Entity:
    """Apply a representative's edit of the public profile; only the changed fields are saved."""
    changed: dict[str, dict[str, str]] = {}
    for field, value in changes.items():
        if field not in EDITABLE_BY_REPRESENTATIVES:
            raise ValueError(f"{field} is not editable by representatives")
        before = getattr(entity, field)
        if before != value:
            changed[field] = {"before": str(before or ""), "after": str(value or "")}
            setattr(entity, field, value)
    if changed:
        entity.save(update_fields=[*changed, "updated_at"])
        audit_record(action="entity.profile_updated", actor=actor, target=entity, changes=changed)
    return entity
