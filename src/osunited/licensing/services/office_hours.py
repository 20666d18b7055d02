"""Writes of office hours (CPF 4.2.2): sessions with licensing experts, questions a project's focal
point asks (from a license finding of one of its scans, or from the project page), their
assignment to a session, the answer kept with the project, and withdrawal by the asker."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.services import in_language_of
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.catalog.models import Project, ScanFinding
from osunited.licensing.models import LicensingQuestion, OfficeHoursSession, QuestionStatus
from osunited.notifications import kinds
from osunited.notifications.services import notify
from osunited.platform.caching import CATALOG, public_content_changed

PENDING = (QuestionStatus.OPEN, QuestionStatus.SCHEDULED)


def is_license_finding(check_id: str) -> bool:
    """Findings a focal point may take to office hours: the license checks and the licenses of
    dependencies."""
    return check_id.startswith("license.") or check_id == "deps.licenses"


@transaction.atomic
def office_hours_session_create(
    *,
    actor: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    experts: str,
    joining_url: str = "",
    capacity: int = 10,
) -> OfficeHoursSession:
    if ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."))
    session = OfficeHoursSession(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        experts=experts,
        joining_url=joining_url,
        capacity=capacity,
        created_by=actor,
    )
    session.full_clean()
    session.save()
    audit_record(action="licensing.office_hours_scheduled", actor=actor, target=session)
    return session


@transaction.atomic
def question_ask(
    *, actor: User, project: Project, question: str, finding: ScanFinding | None = None
) -> LicensingQuestion:
    """A focal point's question; a finding's check, rule, title and location are copied so that
    the question still reads well once the scan is gone."""
    if not project.has_focal_point(actor):
        raise PermissionDenied(_("Only the project's focal points ask the licensing experts."))
    if not question.strip():
        raise ValidationError(_("Write your question first."))
    asked = LicensingQuestion(project=project, question=question.strip(), asked_by=actor)
    if finding is not None:
        _copy_finding(asked, project, finding)
    asked.save()
    audit_record(action="licensing.question_asked", actor=actor, target=asked)
    return asked


def _copy_finding(asked: LicensingQuestion, project: Project, finding: ScanFinding) -> None:
    if finding.scan.project_id != project.pk:
        raise ValidationError(_("This finding is not one of the project's."))
    if not is_license_finding(finding.check_id):
        raise ValidationError(_("Only license findings go to the licensing experts."))
    location = f"{finding.path}:{finding.line}" if finding.line else finding.path
    asked.scan = finding.scan
    asked.finding_check = finding.check_id[:80]
    asked.finding_rule = finding.rule_id[:80]
    asked.finding_title = finding.message[:500]
    asked.finding_location = location[:500]


@transaction.atomic
def question_assign(
    *, actor: User, question: LicensingQuestion, session: OfficeHoursSession
) -> LicensingQuestion:
    """Put a waiting question on a session's agenda, within the session's capacity."""
    session = OfficeHoursSession.objects.select_for_update().get(pk=session.pk)
    _require_pending(question)
    if session.ends_at <= timezone.now():
        raise ValidationError(_("This session is over."))
    taken = session.questions.exclude(status=QuestionStatus.WITHDRAWN).exclude(pk=question.pk)
    if taken.count() >= session.capacity:
        raise ValidationError(_("This session is full."))
    previous = question.session_id
    question.session, question.status = session, QuestionStatus.SCHEDULED
    question.save(update_fields=["session", "status"])
    audit_record(
        action="licensing.question_scheduled",
        actor=actor,
        target=question,
        changes={"session": [previous, session.pk]},
    )
    return question


@transaction.atomic
def question_answer(*, actor: User, question: LicensingQuestion, answer: str) -> LicensingQuestion:
    """The experts' answer, kept with the project; the asker hears of it by e-mail."""
    _require_pending(question)
    if not answer.strip():
        raise ValidationError(_("Write the answer first."))
    question.answer, question.answered_by = answer.strip(), actor
    question.answered_at, question.status = timezone.now(), QuestionStatus.ANSWERED
    question.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    audit_record(action="licensing.question_answered", actor=actor, target=question)
    public_content_changed(CATALOG)  # a public project's page shows its answered questions
    if question.asked_by is not None:
        notify(
            users=[question.asked_by],
            kind=kinds.QUESTION_ANSWERED,
            url=reverse("catalog:detail", kwargs={"slug": question.project.slug}),
            params={"project": question.project.name},
        )
    transaction.on_commit(lambda: _tell_asker(question.pk))
    return question


def _tell_asker(question_pk: int) -> None:
    question = LicensingQuestion.objects.select_related("project", "asked_by").get(pk=question_pk)
    if question.asked_by is None:
        return
    link = settings.SITE_URL + reverse("catalog:detail", kwargs={"slug": question.project.slug})
    with in_language_of(question.asked_by):
        send_mail(
            subject=_("[Open Source United] %(project)s: the licensing experts answered")
            % {"project": question.project.name},
            message=_("Your question:\n%(question)s\n\nThe answer:\n%(answer)s\n\n%(link)s")
            % {"question": question.question, "answer": question.answer, "link": link},
            from_email=None,
            recipient_list=[question.asked_by.email],
        )


@transaction.atomic
def question_withdraw(*, actor: User, question: LicensingQuestion) -> LicensingQuestion:
    if question.asked_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked withdraws a question."))
    _require_pending(question)
    question.status = QuestionStatus.WITHDRAWN
    question.save(update_fields=["status"])
    audit_record(action="licensing.question_withdrawn", actor=actor, target=question)
    return question


def _require_pending(question: LicensingQuestion) -> None:
    current = LicensingQuestion.objects.select_for_update().get(pk=question.pk)
    if current.status not in PENDING:
        raise ValidationError(_("This question is already answered or withdrawn."))
