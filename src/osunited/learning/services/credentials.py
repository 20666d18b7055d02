"""Writes of completions, for which the certificate and the Open Badge are issued: an event is
completed by attending every one of its sessions (recorded by a check-in or an imported file);
the capacity-building team also marks a completion by hand and revokes one with a reason. A
revoked completion stays revoked: attending again does not issue it anew."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.roles import CAPACITY_TEAM
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.learning.models import (
    Attendance,
    Completion,
    CompletionSource,
    Event,
    LearningModule,
)


@transaction.atomic
def completion_after_attendance(
    *, user: User, event: Event, actor: User | None
) -> Completion | None:
    """The completion issued now that the user attended every session of the event; None while
    a session is missing, for an event without sessions, and once one exists (revoked or not)."""
    sessions = event.sessions.count()
    attended = (
        Attendance.objects.filter(session__event=event, user=user)
        .values("session_id")
        .distinct()
        .count()
    )
    if not sessions or attended < sessions:
        return None
    if Completion.objects.filter(user=user, event=event).exists():
        return None
    last_ends = event.sessions.aggregate(last=Max("ends_at"))["last"]
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                user=user,
                entity=user.entity,
                event=event,
                source=CompletionSource.ATTENDANCE,
                completed_on=timezone.localdate(last_ends),
                issued_by=actor,
            )
    except IntegrityError:  # the last session recorded twice at the same moment
        return None
    audit_record(
        action="learning.completion_issued",
        actor=actor,
        target=completion,
        changes={"source": CompletionSource.ATTENDANCE, "event": event.slug},
    )
    return completion


def _require_capacity_team(actor: User) -> None:
    if not CAPACITY_TEAM.allows(actor):
        raise PermissionDenied(_("Only the capacity-building team issues and revokes completions."))


@transaction.atomic
def completion_mark(
    *,
    actor: User,
    user: User,
    completed_on: date,
    event: Event | None = None,
    module: LearningModule | None = None,
) -> Completion:
    """A completion recorded by hand: an event attended (the list was lost, the person came
    late), or a self-paced module finished."""
    _require_capacity_team(actor)
    if (event is None) == (module is None):
        raise ValidationError(_("Choose either an event or a module."))
    if completed_on > timezone.localdate():
        raise ValidationError(_("A completion cannot be dated in the future."))
    existing = Completion.objects.filter(user=user, event=event, module=module).first()
    if existing is not None:
        raise ValidationError(_already(existing))
    completion = Completion.objects.create(
        user=user,
        entity=user.entity,
        event=event,
        module=module,
        source=CompletionSource.ATTENDANCE if event else CompletionSource.SELF_PACED,
        completed_on=completed_on,
        issued_by=actor,
    )
    audit_record(
        action="learning.completion_marked",
        actor=actor,
        target=completion,
        changes={"user": user.email, "completed_on": completed_on.isoformat()},
    )
    return completion


def _already(existing: Completion) -> str:
    if existing.revoked_at is not None:
        return _(
            "This completion was revoked on %(date)s; a revoked completion is not issued again."
        ) % {"date": existing.revoked_at.date().isoformat()}
    return _("This person already completed it, on %(date)s.") % {
        "date": existing.completed_on.isoformat()
    }


@transaction.atomic
def completion_revoke(*, actor: User, completion: Completion, reason: str) -> Completion:
    """Revoke a completion: its certificate and badge say so from now on; the reason is kept."""
    _require_capacity_team(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking it."))
    if completion.revoked_at is not None:
        raise ValidationError(_("This completion is already revoked."))
    completion.revoked_at = timezone.now()
    completion.revoked_reason = reason
    completion.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        action="learning.completion_revoked",
        actor=actor,
        target=completion,
        changes={"reason": reason},
    )
    return completion
