"""Writes of Train the Trainer (CPF 4.5.6): the capacity-building team records a trainer and
keeps their record (entity, where and when they qualified, topics taught, active)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.roles import CAPACITY_TEAM
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.learning.models import Event, EventKind, Trainer
from osunited.learning.selectors.osee_topics import known_competency_ids


@transaction.atomic
def trainer_record(
    *,
    actor: User,
    user: User,
    entity: Entity | None,
    qualified_by: Event | None = None,
    qualified_on: date | None = None,
    topics: Sequence[str] = (),
    active: bool = True,
) -> Trainer:
    _require_capacity_team(actor)
    if Trainer.objects.filter(user=user).exists():
        raise ValidationError(_("This person is already a trainer: edit their record instead."))
    trainer = Trainer(user=user)
    _apply(trainer, entity, qualified_by, qualified_on, topics, active)
    trainer.save()
    audit_record(
        action="learning.trainer_recorded", actor=actor, target=trainer, changes=_facts(trainer)
    )
    return trainer


@transaction.atomic
def trainer_update(
    *,
    actor: User,
    trainer: Trainer,
    entity: Entity | None,
    qualified_by: Event | None = None,
    qualified_on: date | None = None,
    topics: Sequence[str] = (),
    active: bool = True,
) -> Trainer:
    _require_capacity_team(actor)
    before = _facts(trainer)
    _apply(trainer, entity, qualified_by, qualified_on, topics, active)
    trainer.save(update_fields=["entity", "qualified_by", "qualified_on", "topics", "active"])
    after = _facts(trainer)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    audit_record(action="learning.trainer_updated", actor=actor, target=trainer, changes=changes)
    return trainer


def _apply(
    trainer: Trainer,
    entity: Entity | None,
    qualified_by: Event | None,
    qualified_on: date | None,
    topics: Sequence[str],
    active: bool,
) -> None:
    if qualified_by is not None and qualified_by.kind != EventKind.TRAIN_THE_TRAINER:
        raise ValidationError(_("A trainer qualifies at a Train the Trainer event."))
    unknown = sorted(set(topics) - known_competency_ids())
    if unknown:
        raise ValidationError(
            _("Unknown OSEE competencies: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    trainer.entity, trainer.qualified_by, trainer.qualified_on = entity, qualified_by, qualified_on
    trainer.topics, trainer.active = list(dict.fromkeys(topics)), active


def _facts(trainer: Trainer) -> dict[str, object]:
    return {
        "entity": trainer.entity_id,
        "qualified_by": trainer.qualified_by_id,
        "qualified_on": trainer.qualified_on.isoformat() if trainer.qualified_on else None,
        "topics": list(trainer.topics),
        "active": trainer.active,
    }


def _require_capacity_team(actor: User) -> None:
    if not CAPACITY_TEAM.allows(actor):
        raise PermissionDenied(_("Only the capacity-building team records trainers."))
