"""Writes of attendance: a check-in by the QR code on a ticket (or its code typed in), by the
session's participant list, and an imported attendance file. Each records a person once per
session; the last session of an event attended completes it (services/credentials.py).

Only the capacity-building team and the event's organisers record attendance
(`may_manage_event`); a ticket is honoured only for a confirmed registration of that event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from osunited.accounts.models import User as UserModel
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.entities.models import EmailDomain, Entity
from osunited.learning.attendance_import import AttendanceRow
from osunited.learning.models import (
    Attendance,
    AttendanceSource,
    Event,
    EventSession,
    Registration,
    RegistrationState,
)
from osunited.learning.selectors.attendance import registration_by_ticket
from osunited.learning.selectors.events import may_manage_event
from osunited.learning.services.credentials import completion_after_attendance


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    attendance: Attendance
    already: bool  # checked in before: `attendance` is the earlier check-in


def _require_manager(actor: User, event: Event) -> None:
    if not may_manage_event(actor, event):
        raise PermissionDenied(
            _("Only the event's organisers and the capacity team check people in.")
        )


def _refusal(registration: Registration) -> str:
    reasons = {
        RegistrationState.PENDING: _(
            "This registration still waits for its entity's confirmation: it cannot be "
            "checked in yet."
        ),
        RegistrationState.WAITLISTED: _(
            "This person is on the waiting list, not registered: they cannot be checked in."
        ),
        RegistrationState.CANCELLED: _("This registration was cancelled: it cannot be checked in."),
    }
    return reasons.get(
        RegistrationState(registration.state), _("This ticket cannot be checked in.")
    )


@transaction.atomic
def attendance_check_in(
    *, actor: User, session: EventSession, ticket: str, source: str = AttendanceSource.QR
) -> CheckIn:
    """Record the ticket's holder at the session once; a second scan answers with the first
    check-in (`already`), never an error."""
    _require_manager(actor, session.event)
    registration = registration_by_ticket(ticket.strip())
    if registration is None:
        raise ValidationError(_("No registration has this ticket code."))
    if registration.event_id != session.event_id:
        raise ValidationError(
            _("This ticket is for another event: %(title)s.") % {"title": registration.event.title}
        )
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(_refusal(registration))
    return _record(actor=actor, session=session, registration=registration, source=source)


def _record(
    *, actor: User, session: EventSession, registration: Registration, source: str
) -> CheckIn:
    user = registration.user
    earlier = _earlier_check_in(session, user)
    if earlier is not None:
        return CheckIn(registration, earlier, already=True)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                registration=registration,
                user=user,
                name=user.display_name,
                email=user.email,
                entity=registration.entity or user.entity,
                source=source,
                checked_in_by=actor,
            )
    except IntegrityError:  # scanned at the same moment on another phone
        earlier = _earlier_check_in(session, user)
        assert earlier is not None
        return CheckIn(registration, earlier, already=True)
    audit_record(
        action="learning.attendance_recorded",
        actor=actor,
        target=attendance,
        changes={"session": session.pk, "source": source},
    )
    completion_after_attendance(user=user, event=session.event, actor=actor)
    return CheckIn(registration, attendance, already=False)


def _earlier_check_in(session: EventSession, user: User) -> Attendance | None:
    """The person's check-in at the session; an imported row with their address but no account
    yet becomes theirs."""
    earlier = (
        session.attendance.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .order_by("-user_id")
        .first()
    )
    if earlier is not None and earlier.user_id is None:
        earlier.user = user
        earlier.save(update_fields=["user"])
    return earlier


@transaction.atomic
def attendance_list_record(
    *, actor: User, session: EventSession, registration_ids: Iterable[int]
) -> int:
    """Check in the ticked participants (confirmed registrations of the event); returns how many
    were recorded now, those checked in before left as they were."""
    _require_manager(actor, session.event)
    registrations = Registration.objects.filter(
        pk__in=list(registration_ids),
        event=session.event_id,
        state=RegistrationState.CONFIRMED,
    ).select_related("user", "entity", "event")
    recorded = 0
    for registration in registrations:
        check_in = _record(
            actor=actor, session=session, registration=registration, source=AttendanceSource.LIST
        )
        recorded += not check_in.already
    return recorded


@dataclass
class ImportSummary:
    recorded: int = 0
    with_account: int = 0
    registered: int = 0
    without_account: int = 0
    already: int = 0
    completed: list[str] = field(default_factory=list)


@transaction.atomic
def attendance_import(
    *, actor: User, session: EventSession, rows: Sequence[AttendanceRow], file_name: str
) -> ImportSummary:
    """Record every row of a file already read without error (attendance_import.py): all rows
    or none. People are matched by e-mail address to accounts (case-insensitive) and to the
    event's registrations; people without an account are kept with their name and address."""
    _require_manager(actor, session.event)
    users = _users_by_email(row.email for row in rows)
    registrations = {
        r.user_id: r
        for r in Registration.objects.filter(event=session.event_id, user__in=users.values())
    }
    entities = _entities_by_domain(row.email for row in rows)
    seen_users, seen_emails = _already_recorded(session)
    summary, new_rows, newly_attending = ImportSummary(), [], []
    for row in rows:
        user = users.get(row.email)
        if row.email in seen_emails or (user is not None and user.pk in seen_users):
            summary.already += 1
            continue
        registration = registrations.get(user.pk) if user is not None else None
        new_rows.append(
            _imported(session, row, user, registration, entities, actor=actor, file_name=file_name)
        )
        _count(summary, user, registration)
        if user is not None:
            newly_attending.append(user)
    Attendance.objects.bulk_create(new_rows)
    summary.recorded = len(new_rows)
    audit_record(
        action="learning.attendance_imported",
        actor=actor,
        target=session,
        changes={"file": file_name[:200], "recorded": summary.recorded, "already": summary.already},
    )
    for user in newly_attending:
        completion = completion_after_attendance(user=user, event=session.event, actor=actor)
        if completion is not None:
            summary.completed.append(str(completion.public_id))
    return summary


def _users_by_email(emails: Iterable[str]) -> dict[str, User]:
    wanted = {email.lower() for email in emails}
    found = UserModel.objects.annotate(address=Lower("email")).filter(address__in=wanted)
    return {user.email.lower(): user for user in found.select_related("entity")}


def _entities_by_domain(emails: Iterable[str]) -> dict[str, Entity]:
    domains = {email.rsplit("@", 1)[-1] for email in emails}
    rows = EmailDomain.objects.filter(domain__in=domains).select_related("entity")
    return {row.domain.lower(): row.entity for row in rows}


def _already_recorded(session: EventSession) -> tuple[set[int], set[str]]:
    users, emails = set(), set()
    for user_id, email in session.attendance.values_list("user_id", "email"):
        if user_id is not None:
            users.add(user_id)
        if email:
            emails.add(email.lower())
    return users, emails


def _imported(
    session: EventSession,
    row: AttendanceRow,
    user: User | None,
    registration: Registration | None,
    entities: dict[str, Entity],
    *,
    actor: User,
    file_name: str,
) -> Attendance:
    entity = (registration.entity if registration else None) or (user.entity if user else None)
    return Attendance(
        session=session,
        registration=registration,
        user=user,
        name=row.name or (user.display_name if user else ""),
        email=row.email,
        entity=entity or entities.get(row.email.rsplit("@", 1)[-1]),
        source=AttendanceSource.IMPORT,
        imported_from=file_name[:200],
        # A row that does not say when is dated at the session's start, never at the import.
        checked_in_at=row.checked_in_at or session.starts_at,
        checked_in_by=actor,
    )


def _count(summary: ImportSummary, user: User | None, registration: Registration | None) -> None:
    if user is None:
        summary.without_account += 1
        return
    summary.with_account += 1
    summary.registered += registration is not None


@transaction.atomic
def attendance_claim(*, user: User, email: str) -> int:
    """Attendance imported under `email` before its owner had an account becomes theirs once the
    address is confirmed, with the completions of the events they attended in full. Returns the
    number of sessions claimed."""
    unclaimed = Attendance.objects.filter(user__isnull=True, email__iexact=email).exclude(
        session__attendance__user=user  # a session they were checked in at already
    )
    sessions = list(unclaimed.values_list("session_id", "session__event_id"))
    if not sessions:
        return 0
    unclaimed.update(user=user, entity=user.entity)
    audit_record(
        action="learning.attendance_claimed",
        actor=user,
        target=user,
        changes={"sessions": sorted(session for session, _event in sessions)},
    )
    for event in Event.objects.filter(pk__in={event for _session, event in sessions}):
        completion_after_attendance(user=user, event=event, actor=None)
    return len(sessions)
