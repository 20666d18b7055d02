"""The Project Review Committee's writes: reviews, conflicts of interest declared, its
setting (CPF 4.3.5, 4.4.8)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.audit.services import audit_record
from osunited.catalog.models import (
    CommitteeSettings,
    ConflictOfInterest,
    Project,
    ProjectEvent,
    Review,
    Scan,
    ScanStatus,
)
from osunited.catalog.services.guards import (
    actor_for,
    approvals_in_round,
    every_source_scanned,
    required_approvals,
    review_conflict,
)
from osunited.catalog.services.transitions import project_transition
from osunited.catalog.workflow import (
    Actor,
    ProjectStatus,
    TransitionNotAllowed,
)


@transaction.atomic
def project_review_submit(
    *,
    project: Project,
    reviewer: User,
    decision: str,
    checklist: dict[str, Any],
    comment: str,
    scan_override_reason: str = "",
) -> Review:
    """Record a committee member's review for the current round and act on it.

    A submitted or resubmitted project is taken into review first (`start_review`). Requesting
    changes or rejecting takes effect at once; an approval takes effect once the required
    number of distinct reviewers approved in this round, and until then the history notes
    "1 of 2 approvals". An approval while a repository has no successful scan needs
    `scan_override_reason`, which the history and the audit log keep."""
    comment = comment.strip()
    override = scan_override_reason.strip()
    if not comment:
        raise ValidationError(_("Say why, in a comment: the focal points read it."))
    if decision not in Review.Decision.values:
        raise ValidationError(_("There is no decision '%(decision)s'.") % {"decision": decision})
    if Actor.REVIEWER not in actor_for(project, reviewer):
        raise PermissionDenied(_("Only Project Review Committee members review projects."))
    if conflict := review_conflict(project, reviewer):
        raise PermissionDenied(conflict)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if decision == Review.Decision.APPROVE:
        override = _checked_scan_override(project, override)
    else:
        override = ""
    if project.status in (ProjectStatus.SUBMITTED, ProjectStatus.RESUBMITTED):
        project = project_transition(
            project=project,
            action="start_review",
            user=reviewer,
            comment=f"Review round {project.review_round} started.",
        )
    if project.status != ProjectStatus.IN_REVIEW:
        raise TransitionNotAllowed(
            _("A project that is %(status)s is not under review.")
            % {"status": ProjectStatus(project.status).label}
        )
    in_round = Review.objects.filter(project=project, round=project.review_round)
    if in_round.filter(reviewer=reviewer, decision=Review.Decision.APPROVE).exists():
        raise ValidationError(_("You have already approved this project in this review round."))
    review = Review.objects.create(
        project=project,
        reviewer=reviewer,
        scan=latest_succeeded_scan(project),
        decision=decision,
        checklist=checklist,
        comment=comment,
        round=project.review_round,
        scan_override_reason=override,
    )
    audit_record(
        action="project.reviewed",
        actor=reviewer,
        target=project,
        changes={"decision": decision, "round": project.review_round}
        | ({"scan_override_reason": override} if override else {}),
    )
    if decision != Review.Decision.APPROVE:
        project_transition(project=project, action=decision, user=reviewer, comment=comment)
        return review
    _approve_when_enough(project, reviewer, comment, override)
    return review


def _checked_scan_override(project: Project, override: str) -> str:
    """The override reason to keep: "" when every source has a succeeded scan; refused when a
    source has none and no reason is given."""
    if every_source_scanned(project):
        return ""
    if not override:
        raise ValidationError(
            _(
                "Not every repository has a successful scan yet: wait for the scans, or approve "
                "with an override and its reason."
            )
        )
    return override


def _approve_when_enough(project: Project, reviewer: User, comment: str, override: str) -> None:
    approvals = approvals_in_round(project)
    required = required_approvals()
    tally = _("%(approvals)d of %(required)d approvals") % {
        "approvals": approvals,
        "required": required,
    }
    note = ""
    if override:
        note = " " + _("Approved without a successful scan of every repository: %(reason)s") % {
            "reason": override
        }
    if approvals >= required:
        project_transition(
            project=project,
            action="approve",
            user=reviewer,
            comment=f"{comment} ({tally}){note}",
        )
    else:
        ProjectEvent.objects.create(
            project=project,
            action="approve",
            from_status=project.status,
            to_status=project.status,
            actor=reviewer,
            comment=f"{tally}. {comment}{note}",
        )


@transaction.atomic
def conflict_declare(*, project: Project, reviewer: User, reason: str) -> ConflictOfInterest:
    """A committee member declares a conflict of interest and is excluded from the project's
    review from then on. Declaring twice keeps the first declaration."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say what the conflict is: the committee's chair reads it."))
    if Role.REVIEWER not in roles_of(reviewer):
        raise PermissionDenied(_("Only Project Review Committee members declare conflicts."))
    conflict, created = ConflictOfInterest.objects.get_or_create(
        project=project, reviewer=reviewer, defaults={"reason": reason}
    )
    if created:
        audit_record(
            action="project.conflict_declared",
            actor=reviewer,
            target=project,
            changes={"reason": reason},
        )
    return conflict


@transaction.atomic
def committee_settings_update(*, actor: User, approvals: int) -> CommitteeSettings:
    """Change the committee's settings (platform admins), audited with the old and new value."""
    if Role.PLATFORM_ADMIN not in roles_of(actor):
        raise PermissionDenied(_("Only platform admins change the committee's settings."))
    if approvals not in (1, 2):
        raise ValidationError(_("A round needs 1 or 2 approvals."))
    before = required_approvals()
    row, _created = CommitteeSettings.objects.update_or_create(
        pk=1, defaults={"required_approvals": approvals}
    )
    audit_record(
        action="catalog.committee_settings_changed",
        actor=actor,
        target=row,
        changes={"required_approvals": [before, approvals]},
    )
    return row


def latest_succeeded_scan(project: Project) -> Scan | None:
    return Scan.objects.filter(project=project, status=ScanStatus.SUCCEEDED).first()
