from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.accounts.roles import forget_roles
from osunited.audit.services import audit_record
from osunited.entities.models import Entity, OssibStatus

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


@transaction.atomic
def entity_join_board(*, entity: Entity, representative: User | None, actor: User) -> Entity:
    """Make `entity` a member of the OSSIB from today, `representative` holding its seat (the
    Board accepted its petition: CPF 4.1); without one the seat waits for an appointment."""
    before = {
        "ossib_status": entity.ossib_status,
        "ossib_representative": str(entity.ossib_representative or ""),
    }
    entity.ossib_status = OssibStatus.MEMBER
    entity.ossib_member_since = timezone.localdate()
    entity.ossib_representative = representative
    entity.save(
        update_fields=["ossib_status", "ossib_member_since", "ossib_representative", "updated_at"]
    )
    if representative is not None:
        forget_roles(representative)
    audit_record(
        action="entity.joined_board",
        actor=actor,
        target=entity,
        changes={
            "before": before,
            "after": {
                "ossib_status": OssibStatus.MEMBER,
                "ossib_representative": str(representative or ""),
            },
        },
    )
    return entity


@transaction.atomic
def entity_set_ossib_representative(
    *, entity: Entity, representative: User, actor: User | None
) -> Entity:
    """Name who holds a member entity's seat on the OSSIB (an administrator's setting); the one
    who held it before no longer votes for the entity."""
    if entity.ossib_status != OssibStatus.MEMBER:
        raise ValidationError(_("Only a member entity of the Board has a seat to hold."))
    before = entity.ossib_representative
    if before == representative:
        return entity
    entity.ossib_representative = representative
    entity.save(update_fields=["ossib_representative", "updated_at"])
    for user in (before, representative):
        if user is not None:
            forget_roles(user)
    audit_record(
        action="entity.ossib_representative_set",
        actor=actor,
        target=entity,
        changes={"before": str(before or ""), "after": str(representative)},
    )
    return entity
