"""The sunset procedure (CPF 4.3.3): entries are confirmed, or given notice, then archived.

Focal points confirm their entry every OSU_CATALOG_CONFIRMATION_MONTHS months, and are
reminded REMINDER_DAYS_BEFORE days before it falls due. A published entry not confirmed in time,
or whose latest scan reads unmaintained (and that no focal point confirmed within the grace
period), gets a sunset notice from the system, with the reason and a deadline
OSU_CATALOG_SUNSET_GRACE_DAYS ahead (`services.project_transition` records both). Past the
deadline, the entry is due for archiving: the committee archives it, and its reason and history
stay public. Confirming clears the notice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osunited.accounts.models import User
from osunited.accounts.services import in_language_of
from osunited.audit.services import audit_record
from osunited.catalog.models import Project, ScanHealth
from osunited.catalog.services import project_transition
from osunited.catalog.workflow import ProjectStatus
from osunited.notifications import kinds
from osunited.notifications.services import notify

REMINDER_DAYS_BEFORE = 30


@dataclass
class SweepResult:
    reminded: list[Project] = field(default_factory=list)
    noticed: list[Project] = field(default_factory=list)
    due_for_archiving: list[Project] = field(default_factory=list)


def sunset_sweep(*, now: datetime | None = None) -> SweepResult:
    """The daily pass: reminders, then notices, then the list of entries the committee may
    archive now. Running it twice in a day does no more than running it once."""
    now = now or timezone.now()
    result = SweepResult()
    for project, reason in _projects_to_notice(now):
        project_transition(project=project, action="give_sunset_notice", user=None, comment=reason)
        result.noticed.append(project)
    for project in _projects_to_remind(now):
        _remind(project, now)
        result.reminded.append(project)
    result.due_for_archiving = list(projects_due_for_archiving(now=now))
    return result


def projects_due_for_archiving(*, now: datetime | None = None) -> QuerySet[Project]:
    """Entries under sunset notice whose deadline has passed: the committee's to archive."""
    return Project.objects.filter(
        status=ProjectStatus.SUNSET_NOTICE, sunset_deadline__lte=now or timezone.now()
    ).select_related("entity")


def projects_under_sunset_notice() -> QuerySet[Project]:
    """Every entry under notice, those whose deadline passed first: the committee's sunset list."""
    return (
        Project.objects.filter(status=ProjectStatus.SUNSET_NOTICE)
        .select_related("entity")
        .order_by("sunset_deadline", "pk")
    )


def confirmation_due_at(project: Project) -> datetime:
    """When the focal points must next confirm the entry."""
    return _add_months(_confirmed_since(project), settings.OSU_CATALOG_CONFIRMATION_MONTHS)


@transaction.atomic
def project_confirm(*, project: Project, user: User) -> Project:
    """A focal point confirms the entry is current: for a published entry this restarts the
    confirmation period; an entry under sunset notice goes back to published."""
    if project.status == ProjectStatus.SUNSET_NOTICE:
        return project_transition(
            project=project,
            action="confirm_maintained",
            user=user,
            comment="A focal point confirmed that the project is maintained.",
        )
    if not project.has_focal_point(user):
        raise PermissionDenied(_("Only the project's focal points confirm its entry."))
    if project.status != ProjectStatus.PUBLISHED:
        raise ValidationError(_("Only a published entry is confirmed."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.confirmed_at = timezone.now()
    locked.sunset_reason, locked.sunset_deadline = "", None
    locked.save(update_fields=["confirmed_at", "sunset_reason", "sunset_deadline"])
    audit_record(action="project.confirmed", actor=user, target=locked)
    return locked


# The later of the last confirmation and the publication: a reactivated entry starts afresh.
CONFIRMED_SINCE = Greatest(Coalesce("confirmed_at", "status_changed_at"), "status_changed_at")


def _confirmed_since(project: Project) -> datetime:
    return max(project.confirmed_at or project.status_changed_at, project.status_changed_at)


def confirmation_lapses_before(now: datetime) -> datetime:
    """An entry confirmed (or published) at or before this moment is no longer current."""
    return _add_months(now, -settings.OSU_CATALOG_CONFIRMATION_MONTHS)


def with_current_confirmation(projects: QuerySet[Project], now: datetime) -> QuerySet[Project]:
    """The projects annotated with `confirmation_current`: confirmed, or published, within the
    confirmation period. The one rule for the sunset sweep and the stage readiness suggestions."""
    return projects.annotate(confirmed_since=CONFIRMED_SINCE).annotate(
        confirmation_current=Q(confirmed_since__gt=confirmation_lapses_before(now))
    )


def _projects_to_notice(now: datetime) -> list[tuple[Project, str]]:
    grace = timedelta(days=settings.OSU_CATALOG_SUNSET_GRACE_DAYS)
    overdue = confirmation_lapses_before(now)
    unconfirmed = Q(confirmed_since__lte=overdue)
    unmaintained = Q(scan_health=ScanHealth.UNMAINTAINED, confirmed_since__lte=now - grace)
    published = (
        Project.objects.filter(status=ProjectStatus.PUBLISHED)
        .annotate(confirmed_since=CONFIRMED_SINCE)
        .filter(unconfirmed | unmaintained)
        .order_by("pk")
    )
    chosen: list[tuple[Project, str]] = []
    for project in published:
        since = _confirmed_since(project)
        if since <= overdue:
            reason = _(
                "No focal point has confirmed this entry since %(date)s; entries are confirmed "
                "every %(months)s months."
            ) % {
                "date": since.date().isoformat(),
                "months": settings.OSU_CATALOG_CONFIRMATION_MONTHS,
            }
        else:
            reason = _("The latest scan found no recent commit: the repository reads unmaintained.")
        deadline = (now + grace).date().isoformat()
        then = _("Confirm it by %(deadline)s, or it may be archived.") % {"deadline": deadline}
        chosen.append((project, f"{reason} {then}"))
    return chosen


def _projects_to_remind(now: datetime) -> QuerySet[Project]:
    months = settings.OSU_CATALOG_CONFIRMATION_MONTHS
    soon = _add_months(now + timedelta(days=REMINDER_DAYS_BEFORE), -months)
    not_reminded = Q(confirmation_reminded_at__isnull=True) | Q(
        confirmation_reminded_at__lt=F("confirmed_since")
    )
    return (
        Project.objects.filter(status=ProjectStatus.PUBLISHED)
        .annotate(confirmed_since=CONFIRMED_SINCE)
        .filter(
            not_reminded, confirmed_since__lte=soon, confirmed_since__gt=_add_months(now, -months)
        )
        .order_by("pk")
    )


@transaction.atomic
def _remind(project: Project, now: datetime) -> None:
    due = confirmation_due_at(project).date().isoformat()
    path = reverse("catalog:scan_list", kwargs={"slug": project.slug})
    link = settings.SITE_URL + path
    notify(
        users=project.focal_points.all(),
        kind=kinds.CONFIRMATION_DUE,
        url=path,
        params={"project": project.name, "due": due},
    )
    for focal_point in project.focal_points.all():
        _send_reminder(focal_point, project, due, link)
    project.confirmation_reminded_at = now
    project.save(update_fields=["confirmation_reminded_at"])


def _send_reminder(user: User, project: Project, due: str, link: str) -> None:
    months = settings.OSU_CATALOG_CONFIRMATION_MONTHS
    names = {"project": project.name, "due": due, "months": months}
    with in_language_of(user):
        subject = _("[Open Source United] %(project)s: please confirm the entry by %(due)s")
        body = ngettext(
            "Entries in the catalog are confirmed by a focal point every month. Please confirm "
            "that %(project)s is still maintained by %(due)s; otherwise it gets a sunset notice.",
            "Entries in the catalog are confirmed by a focal point every %(months)s months. "
            "Please confirm that %(project)s is still maintained by %(due)s; otherwise it gets "
            "a sunset notice.",
            months,
        )
        send_mail(
            subject=subject % names,
            message=f"{body % names}\n\n{link}",
            from_email=None,
            recipient_list=[user.email],
        )


def _add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (or earlier), clamped to the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
