"""Every workflow change of a project goes through `project_transition`, which applies the
table of catalog/workflow.py with the guards' facts, keeps the history and tells people."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import GrantedRole, RoleGrant, User
from osunited.accounts.services import in_language_of
from osunited.audit.services import audit_record
from osunited.catalog.models import (
    Project,
    ProjectEvent,
    ScanTrigger,
)
from osunited.catalog.scanning import scan_request
from osunited.catalog.services.guards import actor_for, guard_facts
from osunited.catalog.workflow import (
    Actor,
    ProjectStatus,
    Transition,
    TransitionNotAllowed,
    transition_for,
)
from osunited.forges.provisioning import hosting_after_transition
from osunited.notifications import kinds
from osunited.notifications.services import notify


@transaction.atomic
def project_transition(
    *, project: Project, action: str, user: User | None, comment: str
) -> Project:
    """Make a workflow transition as `user` (None: the system), with a comment that the
    history keeps. Raises PermissionDenied, TransitionNotAllowed (with every guard's reason)
    or ValidationError."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say why, in a comment: it stays in the project's history."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    chosen = _transition(locked, action, user)
    previous = ProjectStatus(locked.status)
    locked.status = chosen.target
    locked.status_changed_at = timezone.now()
    if chosen.target == ProjectStatus.RESUBMITTED:  # a new review round: approvals start over
        locked.review_round += 1
    if action == "confirm_maintained":
        locked.confirmed_at = locked.status_changed_at
    _apply_sunset_fields(locked, action, comment)
    locked.save(
        update_fields=[
            "status",
            "status_changed_at",
            "confirmed_at",
            "review_round",
            "sunset_reason",
            "sunset_deadline",
        ]
    )
    ProjectEvent.objects.create(
        project=locked,
        action=action,
        from_status=previous,
        to_status=chosen.target,
        actor=user,
        comment=comment,
    )
    audit_record(
        action=f"project.{action}",
        actor=user,
        target=locked,
        changes={"status": [previous.value, chosen.target.value], "comment": comment},
    )
    _notify_people_concerned(locked, chosen)
    transaction.on_commit(lambda: _tell_people_concerned(locked, chosen, comment))
    _scan_after_transition(locked)
    hosting_after_transition(locked, chosen.target)
    return locked


def _apply_sunset_fields(project: Project, action: str, comment: str) -> None:
    """A sunset notice keeps its reason and a deadline (CPF 4.3.3); a confirmation clears them."""
    if action == "give_sunset_notice":
        grace = timedelta(days=settings.OSU_CATALOG_SUNSET_GRACE_DAYS)
        project.sunset_reason = comment
        project.sunset_deadline = project.status_changed_at + grace
    elif action == "confirm_maintained" or action == "reactivate":
        project.sunset_reason, project.sunset_deadline = "", None


def _scan_after_transition(project: Project) -> None:
    """Scan on submission and resubmission, and again on approval (CPF 4.3.6)."""
    triggers = {
        ProjectStatus.SUBMITTED: ScanTrigger.SUBMISSION,
        ProjectStatus.RESUBMITTED: ScanTrigger.SUBMISSION,
        ProjectStatus.APPROVED: ScanTrigger.APPROVAL,
    }
    trigger = triggers.get(ProjectStatus(project.status))
    if trigger is not None:
        scan_request(project=project, trigger=trigger)


def _transition(project: Project, action: str, user: User | None) -> Transition:
    status = ProjectStatus(project.status)
    facts = guard_facts(project, user)
    if user is None:
        return transition_for(action, status, Actor.SYSTEM, facts)
    actors = actor_for(project, user)
    if not actors:
        raise PermissionDenied(_("Only the project's focal points and committee members."))
    table_refusals: list[TransitionNotAllowed] = []
    guard_refusals: list[TransitionNotAllowed] = []  # the reason to show, when there is one
    for actor in sorted(actors):
        try:
            transition_for(action, status, actor)
        except TransitionNotAllowed as error:  # the user's other part may be allowed
            table_refusals.append(error)
            continue
        try:
            return transition_for(action, status, actor, facts)
        except TransitionNotAllowed as error:
            guard_refusals.append(error)
    raise (guard_refusals or table_refusals)[0]


def _waits_for_committee(transition: Transition) -> bool:
    return transition.target in (ProjectStatus.SUBMITTED, ProjectStatus.RESUBMITTED)


def _notify_people_concerned(project: Project, transition: Transition) -> None:
    """The notifications beside the e-mails of `_tell_people_concerned`, in the transition's
    transaction."""
    notify(
        users=project.focal_points.all(),
        kind=kinds.PROJECT_STATUS,
        url=reverse("catalog:detail", kwargs={"slug": project.slug}),
        params={"project": project.name, "status": transition.target.value},
    )
    if _waits_for_committee(transition):
        notify(
            users=committee_members(exclude_entity_id=project.entity_id),
            kind=kinds.REVIEW_WAITING,
            url=reverse("catalog:review", kwargs={"slug": project.slug}),
            params={"project": project.name},
        )


def _tell_people_concerned(project: Project, transition: Transition, comment: str) -> None:
    """The focal points hear of every transition; committee members of other entities hear of
    projects that now wait for them (blind copies: reviewers do not see each other's address).
    Each e-mail links to the page it is about, and is written in its readers' language."""
    page = settings.SITE_URL + reverse("catalog:detail", kwargs={"slug": project.slug})
    focal_points = list(project.focal_points.all())
    messages = _emails(focal_points, project, transition, f"{comment}\n\n{page}", blind=False)
    if _waits_for_committee(transition):
        reviewers = list(committee_members(exclude_entity_id=project.entity_id))
        review = settings.SITE_URL + reverse("catalog:review", kwargs={"slug": project.slug})
        messages += _emails(reviewers, project, transition, f"{comment}\n\n{review}", blind=True)
    get_connection().send_messages(messages)


def _emails(
    users: list[User], project: Project, transition: Transition, end: str, *, blind: bool
) -> list[EmailMessage]:
    """One e-mail per language of `users` (blind: in blind copies), `end` after its first line."""
    by_language: dict[str, list[User]] = {}
    for user in users:
        by_language.setdefault(user.language, []).append(user)
    messages = []
    for readers in by_language.values():
        with in_language_of(readers[0]):
            names = {"project": project.name, "action": transition.label}
            subject = _("[Open Source United] %(project)s: %(action)s") % names
            body = _("%(project)s is now %(status)s.") % {
                "project": project.name,
                "status": transition.target.label,
            }
        addresses = [user.email for user in readers]
        text = f"{body}\n\n{end}"
        messages.append(
            EmailMessage(subject, text, bcc=addresses)
            if blind
            else EmailMessage(subject, text, to=addresses)
        )
    return messages


def committee_members(*, exclude_entity_id: int | None) -> QuerySet[User]:
    """Active committee members, but those of `exclude_entity_id`."""
    grants = RoleGrant.objects.filter(role=GrantedRole.REVIEWER)
    members = User.objects.filter(is_active=True, pk__in=grants.values("user_id"))
    if exclude_entity_id is not None:
        members = members.exclude(entity_id=exclude_entity_id)
    return members.order_by("email")


def committee_emails(*, exclude_entity_id: int | None) -> list[str]:
    """Addresses of active committee members, but those of `exclude_entity_id`."""
    members = committee_members(exclude_entity_id=exclude_entity_id)
    return sorted(set(members.values_list("email", flat=True)))
