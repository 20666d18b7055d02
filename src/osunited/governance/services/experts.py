"""Writes of the roster of experts (CPF 4.1.3, G10): an expert's application and its changes, the
Board's vetting, and consultations with their conflicts of interest checked before sending, each
step allowed by the tables below, audited, and told to the other party by e-mail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
from osunited.catalog.models import Project
from osunited.entities.models import Entity
from osunited.governance.conflicts import Conflict, normalise_organisations
from osunited.governance.models import (
    ConsultationKind,
    ConsultationRequest,
    ConsultationStatus,
    Expert,
    ExpertStatus,
)
from osunited.governance.selectors.experts import consultation_conflicts, language_codes
from osunited.learning.selectors.osee_topics import known_competency_ids
from osunited.notifications import kinds
from osunited.notifications.services import notify

MAX_DAYS_PER_MONTH = 31
# Changing one of these sends a vetted expert back to the Board: what was vetted has changed.
REVIEWED_AGAIN_WHEN_CHANGED = ("interests", "organisations")
# An application is (re)sent from these statuses; a vetted expert edits in place.
APPLYING_FROM = (ExpertStatus.APPLIED, ExpertStatus.DECLINED, ExpertStatus.WITHDRAWN)
WITHDRAWN_FROM = (ExpertStatus.APPLIED, ExpertStatus.VETTED)
OPEN_CONSULTATION = (ConsultationStatus.SENT, ConsultationStatus.ACCEPTED)


@dataclass(frozen=True)
class Profile:
    display_name: str
    headline: str
    bio: str
    competencies: Sequence[str]
    languages: Sequence[str]
    availability: str
    interests: str
    organisations: str = ""  # one a line, as typed
    days_per_month: int | None = None


class ConflictsToConfirm(ValidationError):
    """The expert has conflicts of interest in this consultation, and the requester has not yet
    confirmed that they read them: nothing was sent."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(_("Read the conflicts of interest below before sending the request."))
        self.conflicts = conflicts


@transaction.atomic
def expert_apply(*, actor: User, profile: Profile) -> Expert:
    """Apply to the roster, or change one's profile. A declined or withdrawn expert applies
    again; a vetted expert who changes their declaration of interests goes back to the Board."""
    _check_profile(profile)
    expert = Expert.objects.select_for_update().filter(user=actor).first()
    created = expert is None
    if expert is None:
        expert = Expert(user=actor)
    before = {field: getattr(expert, field) for field in REVIEWED_AGAIN_WHEN_CHANGED}
    _fill(expert, profile)
    declaration_changed = any(
        getattr(expert, field) != before[field] for field in REVIEWED_AGAIN_WHEN_CHANGED
    )
    status_before = expert.status
    if created or expert.status in APPLYING_FROM or declaration_changed:
        expert.status = ExpertStatus.APPLIED
    if expert.status != status_before or created:
        expert.applied_at = timezone.now()
    expert.save()
    changes = {"status": [status_before, expert.status], "competencies": expert.competencies}
    if declaration_changed and not created:
        changes["organisations"] = expert.organisations
    action = "governance.expert_applied" if created else "governance.expert_changed"
    audit_record(action=action, actor=actor, target=expert, changes=changes)
    return expert


def _fill(expert: Expert, profile: Profile) -> None:
    expert.display_name = profile.display_name.strip()
    expert.headline = profile.headline.strip()
    expert.bio = profile.bio.strip()
    expert.competencies = list(dict.fromkeys(profile.competencies))
    expert.languages = list(dict.fromkeys(profile.languages))
    expert.availability = profile.availability.strip()
    expert.days_per_month = profile.days_per_month
    expert.interests = profile.interests.strip()
    expert.organisations = normalise_organisations(profile.organisations)


def _check_profile(profile: Profile) -> None:
    required = (profile.display_name, profile.headline, profile.bio, profile.availability)
    if not all(text.strip() for text in required):
        raise ValidationError(_("Give your name, headline, background and availability."))
    if not profile.interests.strip():
        raise ValidationError(_("Declare your interests, or write that you have none."))
    if not profile.competencies:
        raise ValidationError(_("Choose at least one area."))
    unknown = sorted(set(profile.competencies) - known_competency_ids())
    if unknown:
        raise ValidationError(
            _("Unknown OSEE competencies: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    if not profile.languages or not set(profile.languages) <= language_codes():
        raise ValidationError(_("Choose your languages from the list of ISO 639-1 codes."))
    days = profile.days_per_month
    if days is not None and not 1 <= days <= MAX_DAYS_PER_MONTH:
        raise ValidationError(
            _("Give between 1 and %(max)d days a month.") % {"max": MAX_DAYS_PER_MONTH}
        )


@transaction.atomic
def expert_withdraw(*, actor: User) -> Expert:
    """Leave the roster, or withdraw an application; the profile is kept to apply again."""
    expert = Expert.objects.select_for_update().filter(user=actor).first()
    if expert is None or expert.status not in WITHDRAWN_FROM:
        raise ValidationError(_("You have no application or place on the roster to withdraw."))
    before, expert.status = expert.status, ExpertStatus.WITHDRAWN
    expert.save(update_fields=["status", "updated_at"])
    audit_record(
        action="governance.expert_withdrawn",
        actor=actor,
        target=expert,
        changes={"status": [before, expert.status]},
    )
    return expert


@transaction.atomic
def expert_vet(*, expert: Expert, actor: User, accepted: bool, notes: str = "") -> Expert:
    """The Board accepts an application (the expert joins the roster) or declines it, with notes
    the applicant reads; nobody vets their own application."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.user_id == actor.pk:
        raise PermissionDenied(_("You cannot vet your own application."))
    if expert.status != ExpertStatus.APPLIED:
        raise ValidationError(
            _("Nothing was changed: this application's status is “%(status)s”.")
            % {"status": expert.get_status_display()}
        )
    if not accepted and not notes.strip():
        raise ValidationError(_("Say why the application is declined: the applicant reads it."))
    expert.status = ExpertStatus.VETTED if accepted else ExpertStatus.DECLINED
    expert.vetted_by, expert.vetted_at = actor, timezone.now()
    expert.vetting_notes = notes.strip()
    expert.save(update_fields=["status", "vetted_by", "vetted_at", "vetting_notes", "updated_at"])
    audit_record(
        action=f"governance.expert_{expert.status}",
        actor=actor,
        target=expert,
        changes={"status": [ExpertStatus.APPLIED, expert.status], "notes": expert.vetting_notes},
    )
    notify(
        users=[expert.user],
        kind=kinds.EXPERT_APPLICATION,
        url=reverse("governance:experts_apply"),
        params={"status": expert.status},
    )
    pk = expert.pk
    transaction.on_commit(lambda: _tell_applicant(pk))
    return expert


def _tell_applicant(expert_pk: int) -> None:
    expert = Expert.objects.select_related("user").get(pk=expert_pk)
    with in_language_of(expert.user):
        _mail(
            expert.user.email,
            _("[Open Source United] Your application to the roster of experts: %(status)s")
            % {"status": expert.get_status_display()},
            expert.vetting_notes,
            reverse("governance:experts_apply"),
        )


@transaction.atomic
def consultation_request(
    *,
    actor: User,
    expert: Expert,
    subject: str,
    message: str,
    kind: ConsultationKind = ConsultationKind.ADVICE,
    entity: Entity | None = None,
    project: Project | None = None,
    conflicts_read: bool = False,
) -> ConsultationRequest:
    """Ask a vetted expert. Their conflicts of interest are checked first: an opinion on a review
    is never asked of an expert with one; other requests need the requester to confirm that they
    read them (`ConflictsToConfirm` until then), and the request keeps them."""
    expert = (
        Expert.objects.select_for_update(of=("self",))
        .select_related("user__entity")
        .get(pk=expert.pk)
    )
    _check_request(actor, expert, subject, message, kind, project)
    conflicts = consultation_conflicts(expert, entity=entity, project=project)
    if conflicts and kind == ConsultationKind.REVIEW_OPINION:
        raise ValidationError(
            [_("This expert cannot give an opinion on this project:")]
            + [conflict.text for conflict in conflicts]
        )
    if conflicts and not conflicts_read:
        raise ConflictsToConfirm(conflicts)
    consultation = ConsultationRequest.objects.create(
        expert=expert,
        kind=kind,
        requested_by=actor,
        entity=entity,
        project=project,
        subject=subject.strip(),
        message=message.strip(),
        conflicts=[conflict.as_dict() for conflict in conflicts],
    )
    audit_record(
        action="governance.consultation_requested",
        actor=actor,
        target=consultation,
        changes={"kind": kind, "expert": expert.pk, "conflicts": consultation.conflicts},
    )
    _notify_other_party(consultation, actor)
    pk = consultation.pk
    transaction.on_commit(lambda: _tell_other_party(pk, actor.pk))
    return consultation


def _check_request(
    actor: User,
    expert: Expert,
    subject: str,
    message: str,
    kind: ConsultationKind,
    project: Project | None,
) -> None:
    if expert.status != ExpertStatus.VETTED:
        raise ValidationError(_("This expert is not on the roster."))
    if expert.user_id == actor.pk:
        raise ValidationError(_("You cannot consult yourself."))
    if not subject.strip() or not message.strip():
        raise ValidationError(_("Give a subject and a message."))
    if kind == ConsultationKind.REVIEW_OPINION and project is None:
        raise ValidationError(_("An opinion on a review is about a project."))
    waiting = ConsultationRequest.objects.filter(
        expert=expert, requested_by=actor, project=project, status__in=OPEN_CONSULTATION
    )
    if kind == ConsultationKind.REVIEW_OPINION and waiting.filter(kind=kind).exists():
        raise ValidationError(_("This expert was already asked about this project."))


@dataclass(frozen=True)
class Change:
    sources: tuple[ConsultationStatus, ...]
    target: ConsultationStatus
    by_expert: bool  # the expert makes it; otherwise the requester


# The one table of a consultation: each change, from which statuses, and who makes it.
CHANGES: dict[str, Change] = {
    "accept": Change((ConsultationStatus.SENT,), ConsultationStatus.ACCEPTED, by_expert=True),
    "decline": Change(OPEN_CONSULTATION, ConsultationStatus.DECLINED, by_expert=True),
    "answer": Change(OPEN_CONSULTATION, ConsultationStatus.ANSWERED, by_expert=True),
    "withdraw": Change(OPEN_CONSULTATION, ConsultationStatus.WITHDRAWN, by_expert=False),
}


@transaction.atomic
def consultation_change(
    *, actor: User, consultation: ConsultationRequest, action: str, response: str = ""
) -> ConsultationRequest:
    """Accept, decline, answer (with the answer) or withdraw, as CHANGES allows."""
    change = CHANGES.get(action)
    if change is None:
        raise ValidationError(_("Unknown change."))
    consultation = (
        ConsultationRequest.objects.select_for_update()
        .select_related("expert")
        .get(pk=consultation.pk)
    )
    if not _is_party(actor, consultation, change):
        raise PermissionDenied(_("Only the expert or the requester this change is for makes it."))
    if consultation.status not in change.sources:
        raise ValidationError(
            _("Nothing was changed: this request's status is “%(status)s”.")
            % {"status": consultation.get_status_display()}
        )
    if change.target == ConsultationStatus.ANSWERED:
        if not response.strip():
            raise ValidationError(_("Write your answer."))
        consultation.response, consultation.answered_at = response.strip(), timezone.now()
    before, consultation.status = consultation.status, change.target
    consultation.save(update_fields=["status", "response", "answered_at"])
    audit_record(
        action=f"governance.consultation_{change.target}",
        actor=actor,
        target=consultation,
        changes={"status": [before, consultation.status]},
    )
    _notify_other_party(consultation, actor)
    pk = consultation.pk
    transaction.on_commit(lambda: _tell_other_party(pk, actor.pk))
    return consultation


def changes_allowed(actor: User, consultation: ConsultationRequest) -> list[str]:
    """The changes the table lets this person make now, in the table's order."""
    return [
        name
        for name, change in CHANGES.items()
        if consultation.status in change.sources and _is_party(actor, consultation, change)
    ]


def _is_party(actor: User, consultation: ConsultationRequest, change: Change) -> bool:
    if change.by_expert:
        return actor.pk == consultation.expert.user_id
    return actor.pk == consultation.requested_by_id


def _notify_other_party(consultation: ConsultationRequest, actor: User) -> None:
    """The notification beside `_tell_other_party`'s e-mail, in the change's transaction."""
    expert_user, requester = consultation.expert.user, consultation.requested_by
    other = requester if actor.pk == expert_user.pk else expert_user
    if other is None:
        return
    notify(
        users=[other],
        kind=kinds.CONSULTATION,
        url=reverse("governance:consultations_detail", args=[consultation.pk]),
        params={"subject": consultation.subject, "status": consultation.status},
    )


def _tell_other_party(consultation_pk: int, actor_pk: int) -> None:
    consultation = ConsultationRequest.objects.select_related("expert__user", "requested_by").get(
        pk=consultation_pk
    )
    expert_user, requester = consultation.expert.user, consultation.requested_by
    other = requester if actor_pk == expert_user.pk else expert_user
    if other is None:
        return
    with in_language_of(other):
        _mail(
            other.email,
            _("[Open Source United] Consultation “%(subject)s”: %(status)s")
            % {"subject": consultation.subject, "status": consultation.get_status_display()},
            consultation.response or consultation.message,
            reverse("governance:consultations_detail", args=[consultation.pk]),
        )


def _mail(recipient: str, subject: str, body: str, path: str) -> None:
    send_mail(
        subject=subject,
        message=f"{body}\n\n{settings.SITE_URL}{path}",
        from_email=None,
        recipient_list=[recipient],
    )
