"""Reads of office hours: upcoming sessions, the licensing group's queue, and the questions a
project page shows to whom."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from osunited.accounts.roles import LICENSING_GROUP, Role, roles_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Project, ScanFinding
from osunited.catalog.selectors import is_public
from osunited.licensing.models import LicensingQuestion, OfficeHoursSession, QuestionStatus
from osunited.licensing.services.office_hours import PENDING


def upcoming_sessions() -> QuerySet[OfficeHoursSession]:
    """Sessions not yet over, soonest first, with the questions on their agenda counted."""
    return (
        OfficeHoursSession.objects.filter(ends_at__gt=timezone.now())
        .annotate(taken=Count("questions", filter=~Q(questions__status=QuestionStatus.WITHDRAWN)))
        .order_by("starts_at", "pk")
    )


def question_queue() -> QuerySet[LicensingQuestion]:
    """Questions waiting for an answer, oldest first."""
    return (
        LicensingQuestion.objects.filter(status__in=PENDING)
        .select_related("project", "project__entity", "asked_by", "session", "scan")
        .defer("scan__report")
        .order_by("asked_at", "pk")
    )


def get_question(pk: int) -> LicensingQuestion:
    return get_object_or_404(
        LicensingQuestion.objects.select_related("project", "asked_by", "session", "scan").defer(
            "scan__report"
        ),
        pk=pk,
    )


def get_license_finding(project: Project, finding_pk: int) -> ScanFinding:
    """A license finding of one of the project's scans; 404 for any other finding."""
    license_checks = Q(check_id__startswith="license.") | Q(check_id="deps.licenses")
    return get_object_or_404(
        ScanFinding.objects.select_related("scan").defer("scan__report").filter(license_checks),
        pk=finding_pk,
        scan__project=project,
    )


def may_see_all_questions(user: Viewer, project: Project) -> bool:
    """Focal points of the project, committee members and the licensing group see every question;
    others see answered ones of a public project only."""
    if not user.is_authenticated:
        return False
    return (
        project.has_focal_point(user)
        or Role.REVIEWER in roles_of(user)
        or LICENSING_GROUP.allows(user)
    )


def questions_for_project(user: Viewer, project: Project) -> list[LicensingQuestion]:
    questions = (
        LicensingQuestion.objects.filter(project=project)
        .select_related("session", "scan")
        .defer("scan__report")
    )
    if not may_see_all_questions(user, project):
        if not is_public(project):
            return []
        questions = questions.filter(status=QuestionStatus.ANSWERED)
    return list(questions.order_by("-asked_at", "-pk"))
