"""Writes to the catalog. Every workflow change goes through `project_transition`."""

from __future__ import annotations

import tarfile
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, roles_of
from osunited.audit.services import audit_record
from osunited.catalog.licenses import checked_license_expression
from osunited.catalog.models import (
    PROJECT_FACTS,
    CommitteeSettings,
    ConflictOfInterest,
    Feedback,
    Hosting,
    Project,
    ProjectEvent,
    ProjectSdg,
    Repository,
    Review,
    Scan,
    ScanStatus,
    ScanTrigger,
)
from osunited.catalog.scanning import latest_scan_ids_by_source, scan_request
from osunited.catalog.selectors import (
    entities_for_registration,
    is_public,
    may_moderate_feedback,
    may_reply_to_feedback,
)
from osunited.catalog.sources import clone_target
from osunited.catalog.workflow import (
    Actor,
    GuardFacts,
    ProjectStatus,
    Transition,
    TransitionNotAllowed,
    transition_for,
)
from osunited.entities.models import Entity

SOURCE_ARCHIVE_MAX_BYTES = 200 * 1024 * 1024
# The archive formats the scanner extracts (osunited.scanner._archive).
SOURCE_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
# What `project_update` may change: the project's facts, never its workflow state.
EDITABLE_FIELDS = frozenset({*PROJECT_FACTS, "entity", "prefill_sources"})
# Under review, the facts stay as submitted: withdraw first, or answer the reviewers' request.
FROZEN_STATUSES = frozenset(
    {
        ProjectStatus.SUBMITTED,
        ProjectStatus.RESUBMITTED,
        ProjectStatus.IN_REVIEW,
        ProjectStatus.REJECTED,
        ProjectStatus.ARCHIVED,
    }
)


@transaction.atomic
def project_create(
    *,
    entity: Entity,
    created_by: Any,
    focal_points: list[Any],
    repositories: list[str],
    sdgs: Sequence[tuple[int, str]] = (),
    source_archive: UploadedFile | None = None,
    **fields: Any,
) -> Project:
    """A draft project (CPF 4.3.2). Focal points must be UN staff, at least one. An external
    project names at least one repository the platform may clone; an internal one uploads its
    source as an archive (CPF 4.3.4). Each SDG comes with a line of evidence."""
    _check_focal_points(focal_points)
    for_other_entity = _check_registering_entity(created_by, entity)
    fields["licenses"] = checked_license_expression(fields.get("licenses") or "")
    project = Project(
        entity=entity, created_by=created_by, slug=_free_slug(fields["name"]), **fields
    )
    _check_sources(project.hosting, repositories, source_archive)
    checked_sdgs = _checked_sdgs(sdgs)
    if source_archive is not None:
        project.source_archive = source_archive
    project.full_clean()
    project.save()
    project.focal_points.set(focal_points)
    _set_repositories(project, repositories)
    _set_sdgs(project, checked_sdgs)
    changes = {"registered_for_another_entity": entity.acronym} if for_other_entity else None
    audit_record(action="project.created", actor=created_by, target=project, changes=changes)
    return project


def _check_registering_entity(user: Any, entity: Entity) -> bool:
    """A project is registered for the registrant's own entity (CPF 4.3.2); only platform
    admins register for another, and that is recorded. True when it is another entity."""
    if user is None or not entities_for_registration(user).filter(pk=entity.pk).exists():
        own = getattr(getattr(user, "entity", None), "acronym", None)
        if own:
            message = _("You can register projects only for your own entity, %(entity)s.")
            raise ValidationError(message % {"entity": own})
        raise ValidationError(
            _("Your account is not linked to a UN entity, so you cannot register projects yet.")
        )
    return bool(user.entity_id != entity.pk)


@transaction.atomic
def project_update(*, project: Project, user: Any, changes: dict[str, Any]) -> Project:
    """Change a project's facts as one of its focal points, audited with the fields changed.

    `changes` holds model fields (EDITABLE_FIELDS) and optionally `focal_points`,
    `repositories`, `sdgs` and `source_archive`. Allowed in every status but those of
    FROZEN_STATUSES; the status never changes (a published project stays published)."""
    if not project.has_focal_point(user):
        raise PermissionDenied("Only the project's focal points may edit it.")
    if project.status in FROZEN_STATUSES:
        raise ValidationError(
            f"A project that is {ProjectStatus(project.status).label} cannot be edited."
        )
    changes = dict(changes)
    if "licenses" in changes:
        changes["licenses"] = checked_license_expression(changes["licenses"] or "")
    relations = {key: changes.pop(key) for key in _RELATIONS if key in changes}
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "entity" in changes and changes["entity"] != project.entity:
        _check_registering_entity(user, changes["entity"])
    changed = _apply_fields(project, changes)
    if {"repositories", "source_archive"} & relations.keys() or "hosting" in changed:
        _check_sources(
            project.hosting,
            relations.get("repositories", [r.url for r in project.repositories.all()]),
            relations.get("source_archive"),
            archive_on_file=bool(project.source_archive),
        )
    changed += _apply_relations(project, relations)
    if changed:
        audit_record(
            action="project.updated", actor=user, target=project, changes={"fields": changed}
        )
    return project


_RELATIONS = ("focal_points", "repositories", "sdgs", "source_archive")


def _apply_fields(project: Project, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(project, name) != value]
    for name in changed:
        setattr(project, name, changes[name])
    if changed:
        project.full_clean(exclude=["source_archive"])
        project.save(update_fields=changed)
    return sorted(changed)


def _apply_relations(project: Project, relations: dict[str, Any]) -> list[str]:
    changed = []
    if "focal_points" in relations:
        _check_focal_points(relations["focal_points"])
        if set(project.focal_points.all()) != set(relations["focal_points"]):
            project.focal_points.set(relations["focal_points"])
            changed.append("focal_points")
    repositories = relations.get("repositories")
    if repositories is not None and sorted(repositories) != sorted(
        project.repositories.values_list("url", flat=True)
    ):
        project.repositories.all().delete()
        _set_repositories(project, repositories)
        changed.append("repositories")
    if "sdgs" in relations:
        sdgs = _checked_sdgs(relations["sdgs"])
        if sdgs != list(project.sdgs.values_list("goal", "evidence")):
            project.sdgs.all().delete()
            _set_sdgs(project, sdgs)
            changed.append("sdgs")
    archive = relations.get("source_archive")
    if archive is not None:
        project.source_archive = archive
        project.save(update_fields=["source_archive"])
        changed.append("source_archive")
    return changed


def _check_focal_points(focal_points: list[Any]) -> None:
    if not focal_points:
        raise ValidationError("A project needs at least one focal point.")
    outsiders = [user.email for user in focal_points if not user.is_un_staff]
    if outsiders:
        raise ValidationError(f"Focal points must be UN staff: {', '.join(outsiders)}.")


def _check_sources(
    hosting: str, repositories: list[str], archive: Any, *, archive_on_file: bool = False
) -> None:
    """External hosting: at least one repository, each one the platform may clone (the SSRF
    guard). Internal hosting: the source archive, in a format the scanner extracts."""
    for url in repositories:
        try:
            clone_target(url)
        except ValidationError as error:
            raise ValidationError(f"{url}: {' '.join(error.messages)}") from None
    if hosting == Hosting.EXTERNAL and not repositories:
        raise ValidationError("An externally hosted project needs at least one repository URL.")
    if archive is not None:
        _check_archive(archive)
    elif hosting == Hosting.INTERNAL and not archive_on_file:
        raise ValidationError("An internally hosted project uploads its source code as an archive.")


def _check_archive(archive: Any) -> None:
    name = str(getattr(archive, "name", "")).lower()
    if not name.endswith(SOURCE_ARCHIVE_SUFFIXES):
        raise ValidationError(
            f"The source archive must be one of: {', '.join(SOURCE_ARCHIVE_SUFFIXES)}."
        )
    if archive.size > SOURCE_ARCHIVE_MAX_BYTES:
        raise ValidationError(
            f"The source archive is larger than {SOURCE_ARCHIVE_MAX_BYTES // (1024 * 1024)} MB."
        )
    archive.seek(0)
    readable = zipfile.is_zipfile(archive) if name.endswith(".zip") else _is_tar(archive)
    archive.seek(0)
    if not readable:
        raise ValidationError("The source archive cannot be read: it is not a valid zip or tar.")


def _is_tar(archive: Any) -> bool:
    try:
        with tarfile.open(fileobj=archive, mode="r:*") as tar:
            tar.next()
    except (tarfile.TarError, EOFError, OSError):
        return False
    return True


def _checked_sdgs(sdgs: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    checked: dict[int, str] = {}
    for goal, evidence in sdgs:
        if not isinstance(goal, int) or not 1 <= goal <= 17:
            raise ValidationError(f"There is no SDG {goal}: the goals are numbered 1 to 17.")
        if not str(evidence).strip():
            raise ValidationError(f"Give a line of evidence for SDG {goal}.")
        if goal in checked:
            raise ValidationError(f"SDG {goal} is listed twice.")
        checked[goal] = str(evidence).strip()[:300]
    return sorted(checked.items())


def _set_repositories(project: Project, repositories: list[str]) -> None:
    unique = list(dict.fromkeys(url.strip() for url in repositories))
    Repository.objects.bulk_create([Repository(project=project, url=url) for url in unique])


def _set_sdgs(project: Project, sdgs: list[tuple[int, str]]) -> None:
    ProjectSdg.objects.bulk_create(
        [ProjectSdg(project=project, goal=goal, evidence=evidence) for goal, evidence in sdgs]
    )


def actor_for(project: Project, user: Any) -> set[Actor]:
    """The parts `user` may play for this project: its focal point, or a committee member.
    Whether a committee member may decide on this project is the NO_CONFLICT guard's to say
    (`review_conflict`)."""
    actors = set()
    if project.has_focal_point(user):
        actors.add(Actor.FOCAL_POINT)
    if Role.REVIEWER in roles_of(user):
        actors.add(Actor.REVIEWER)
    return actors


def review_conflict(project: Project, user: Any) -> str:
    """Why `user` must not decide on `project` as a committee member, or "" (CPF 4.3.5)."""
    return review_conflicts(user, [project]).get(project.pk, "")


def review_conflicts(user: Any, projects: Sequence[Project]) -> dict[int, str]:
    """The one rule of who must not decide, for many projects in three queries: the reviewer
    registered the project, is its focal point, belongs to its entity, or declared a conflict.
    Maps each conflicted project's id to the reason, for the reviewer to read."""
    ids = [project.pk for project in projects]
    focal = set(
        Project.focal_points.through.objects.filter(
            project_id__in=ids, user_id=user.pk
        ).values_list("project_id", flat=True)
    )
    declared = set(
        ConflictOfInterest.objects.filter(project_id__in=ids, reviewer=user).values_list(
            "project_id", flat=True
        )
    )
    reasons = {}
    for project in projects:
        if project.created_by_id == user.pk:
            reasons[project.pk] = _(
                "You registered this project: another member of the committee must decide."
            )
        elif project.pk in focal:
            reasons[project.pk] = _(
                "You are a focal point of this project: another member of the committee must "
                "decide."
            )
        elif user.entity_id is not None and project.entity_id == user.entity_id:
            reasons[project.pk] = _(
                "This is a project of your entity: another member of the committee must decide."
            )
        elif project.pk in declared:
            reasons[project.pk] = _("You declared a conflict of interest on this project.")
    return reasons


def guard_facts(project: Project, user: Any, *, now: datetime | None = None) -> GuardFacts:
    """What the workflow's guards read for `project` and the acting `user` (None: the system)."""
    now = now or timezone.now()
    deadline = project.sunset_deadline
    approvals = _counted_approvals(project)
    return GuardFacts(
        conflict=review_conflict(project, user) if user is not None else "",
        scans_succeeded=every_source_scanned(project),
        scan_override=any(review.scan_override_reason for review in approvals),
        approvals=len({review.reviewer_id for review in approvals}),
        required_approvals=required_approvals(),
        deadline=date_format(timezone.localtime(deadline), "DATE_FORMAT") if deadline else "",
        deadline_passed=deadline is not None and deadline <= now,
    )


def every_source_scanned(project: Project) -> bool:
    """Whether the latest finished scan of every repository, and of the uploaded archive if
    any, succeeded: a success from before a failure does not count."""
    finished = (ScanStatus.SUCCEEDED, ScanStatus.FAILED)
    latest = latest_scan_ids_by_source(project, finished)
    succeeded = set(
        Scan.objects.filter(pk__in=latest.values(), status=ScanStatus.SUCCEEDED).values_list(
            "pk", flat=True
        )
    )
    sources: list[int | None] = list(project.repositories.values_list("pk", flat=True))
    if project.source_archive:
        sources.append(None)
    return bool(sources) and all(latest.get(source) in succeeded for source in sources)


@transaction.atomic
def project_transition(*, project: Project, action: str, user: Any, comment: str) -> Project:
    """Make a workflow transition as `user` (None: the system), with a comment that the
    history keeps. Raises PermissionDenied, TransitionNotAllowed (with every guard's reason)
    or ValidationError."""
    comment = comment.strip()
    if not comment:
        raise ValidationError("Say why, in a comment: it stays in the project's history.")
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
    transaction.on_commit(lambda: _tell_people_concerned(locked, chosen, comment))
    _scan_after_transition(locked)
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


def _transition(project: Project, action: str, user: Any) -> Transition:
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


def _tell_people_concerned(project: Project, transition: Transition, comment: str) -> None:
    """The focal points hear of every transition; committee members of other entities hear of
    projects that now wait for them (blind copies: reviewers do not see each other's address)."""
    subject = f"[Open Source United] {project.name}: {transition.label}"
    body = f"{project.name} is now {transition.target.label}.\n\n{comment}"
    focal_points = list(project.focal_points.values_list("email", flat=True))
    messages = [EmailMessage(subject, body, to=focal_points)]
    if transition.target in (ProjectStatus.SUBMITTED, ProjectStatus.RESUBMITTED):
        reviewers = committee_emails(exclude_entity_id=project.entity_id)
        if reviewers:
            messages.append(EmailMessage(subject, body, bcc=reviewers))
    get_connection().send_messages(messages)


def committee_emails(*, exclude_entity_id: int | None) -> list[str]:
    """Addresses of active committee members, but those of `exclude_entity_id`."""
    grants = RoleGrant.objects.filter(role=GrantedRole.REVIEWER, user__is_active=True)
    if exclude_entity_id is not None:
        grants = grants.exclude(user__entity_id=exclude_entity_id)
    return sorted(set(grants.values_list("user__email", flat=True)))


@transaction.atomic
def project_review_submit(
    *,
    project: Project,
    reviewer: Any,
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
        raise ValidationError("Say why, in a comment: the focal points read it.")
    if decision not in Review.Decision.values:
        raise ValidationError(f"There is no decision '{decision}'.")
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
            f"A project that is {ProjectStatus(project.status).label} is not under review."
        )
    in_round = Review.objects.filter(project=project, round=project.review_round)
    if in_round.filter(reviewer=reviewer, decision=Review.Decision.APPROVE).exists():
        raise ValidationError("You have already approved this project in this review round.")
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


def _approve_when_enough(project: Project, reviewer: Any, comment: str, override: str) -> None:
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
def conflict_declare(*, project: Project, reviewer: Any, reason: str) -> ConflictOfInterest:
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


def required_approvals() -> int:
    """How many committee members of other entities must approve in a round: the platform
    admins' setting, or OSU_CATALOG_REQUIRED_APPROVALS until they set one."""
    chosen = CommitteeSettings.objects.filter(pk=1).values_list("required_approvals", flat=True)
    return next(iter(chosen), None) or settings.OSU_CATALOG_REQUIRED_APPROVALS


@transaction.atomic
def committee_settings_update(*, actor: Any, approvals: int) -> CommitteeSettings:
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


def approvals_in_round(project: Project) -> int:
    """How many distinct reviewers approved the project in its current review round, leaving
    out those who now have a conflict (declared since, or made its focal point)."""
    return len({review.reviewer_id for review in _counted_approvals(project)})


def _counted_approvals(project: Project) -> list[Review]:
    approvals = list(
        Review.objects.filter(
            project=project, round=project.review_round, decision=Review.Decision.APPROVE
        ).select_related("reviewer")
    )
    return [review for review in approvals if not review_conflict(project, review.reviewer)]


def latest_succeeded_scan(project: Project) -> Scan | None:
    return Scan.objects.filter(project=project, status=ScanStatus.SUCCEEDED).first()


# Paths under /catalog/ that a project slug must not take.
RESERVED_SLUGS = frozenset(
    {"register", "mine", "review", "feedback", "import", "export", "api", "new", "scans"}
)


def _free_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70].strip("-") or "project"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# -- feedback (CPF 4.3.8): moderated, answered by focal points -------------------------------


class FeedbackRateLimited(Exception):
    """The author has posted the hourly maximum (OSU_CATALOG_FEEDBACK_PER_HOUR)."""


def _feedback_quota_key(user: Any) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"catalog:feedback:{user.pk}:{hour}"


@transaction.atomic
def feedback_submit(*, project: Project, author: Any, body: str) -> Feedback:
    """New feedback, pending moderation. Only on public projects; refused with
    FeedbackRateLimited past the hourly quota, and then nothing is stored."""
    if not is_public(project):
        raise PermissionDenied("Feedback is for projects published in the catalog.")
    body = body.strip()
    if not body:
        raise ValidationError("Write your feedback first.")
    key = _feedback_quota_key(author)
    cache.add(key, 0, timeout=3600)
    if cache.get(key, 0) >= settings.OSU_CATALOG_FEEDBACK_PER_HOUR:
        raise FeedbackRateLimited
    feedback = Feedback(project=project, author=author, body=body)
    feedback.full_clean()
    feedback.save()
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: this hour starts over
        cache.set(key, 1, timeout=3600)
    audit_record(action="feedback.submitted", actor=author, target=feedback)
    return feedback


@transaction.atomic
def feedback_moderate(*, feedback: Feedback, moderator: Any, publish: bool) -> Feedback:
    """Publish or reject pending feedback (the selectors decide who may)."""
    if not may_moderate_feedback(moderator, feedback.project):
        raise PermissionDenied("Only reviewers of other entities and platform admins moderate.")
    previous = feedback.moderation
    feedback.moderation = Feedback.Moderation.PUBLISHED if publish else Feedback.Moderation.REJECTED
    feedback.moderated_by = moderator
    feedback.save(update_fields=["moderation", "moderated_by"])
    audit_record(
        action=f"feedback.{'published' if publish else 'rejected'}",
        actor=moderator,
        target=feedback,
        changes={"moderation": [previous, feedback.moderation]},
    )
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: Feedback, user: Any, body: str) -> Feedback:
    """A focal point's public answer to published feedback (a new answer replaces the old)."""
    if not may_reply_to_feedback(user, feedback.project):
        raise PermissionDenied("Only the project's focal points answer its feedback.")
    if feedback.moderation != Feedback.Moderation.PUBLISHED:
        raise ValidationError("Only published feedback can be answered.")
    body = body.strip()
    if not body:
        raise ValidationError("Write your answer first.")
    previous = feedback.reply
    feedback.reply, feedback.replied_by, feedback.replied_at = body, user, timezone.now()
    feedback.full_clean()
    feedback.save(update_fields=["reply", "replied_by", "replied_at"])
    audit_record(
        action="feedback.replied",
        actor=user,
        target=feedback,
        changes={"reply": [previous, body]},
    )
    return feedback


def draft_deletion_refusals(projects: QuerySet[Project]) -> dict[int, str]:
    """Why those of `projects` that may not be deleted may not, by id; the others are drafts
    that may. A project that was ever published stays on record: it is archived through the
    workflow instead. A running scan must finish first."""
    ever_published = set(
        ProjectEvent.objects.filter(
            project__in=projects, to_status=ProjectStatus.PUBLISHED
        ).values_list("project_id", flat=True)
    )
    scanning = set(
        Scan.objects.filter(project__in=projects, status=ScanStatus.RUNNING).values_list(
            "project_id", flat=True
        )
    )
    refusals = {}
    for pk, name, status in projects.values_list("pk", "name", "status"):
        if status != ProjectStatus.DRAFT:
            refusals[pk] = _(
                "“%(name)s” is %(status)s, not a draft: only drafts can be deleted. A published "
                "project is archived through the workflow."
            ) % {"name": name, "status": ProjectStatus(status).label}
        elif pk in ever_published:
            refusals[pk] = _(
                "“%(name)s” was published once: its record stays. Archive it through the workflow."
            ) % {"name": name}
        elif pk in scanning:
            refusals[pk] = _(
                "A scan of “%(name)s” is running: delete it once the scan has finished."
            ) % {"name": name}
    return refusals


def draft_deletion_refusal(project: Project) -> str:
    """Why `project` may not be deleted, or "" (see `draft_deletion_refusals`)."""
    return draft_deletion_refusals(Project.objects.filter(pk=project.pk)).get(project.pk, "")


@transaction.atomic
def project_delete_draft(*, project: Project, actor: Any) -> None:
    """Delete a junk draft with its scans, reviews and feedback (platform admins only). The
    audit log keeps what it was; ValidationError says why a project may not be deleted."""
    if Role.PLATFORM_ADMIN not in roles_of(actor):
        raise PermissionDenied(_("Only platform administrators delete projects."))
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise ValidationError(_("“%(name)s” was deleted already.") % {"name": project.name})
    if refusal := draft_deletion_refusal(locked):
        raise ValidationError(refusal)
    audit_record(
        action="project.deleted", actor=actor, target=locked, changes=_deleted_record(locked)
    )
    archive = locked.source_archive
    locked.delete()
    if archive:
        name, storage = archive.name, archive.storage
        transaction.on_commit(lambda: storage.delete(name))


def _deleted_record(project: Project) -> dict[str, Any]:
    """What the audit log keeps of a deleted draft."""
    return {
        "slug": project.slug,
        "entity": project.entity.acronym,
        "created_by": project.created_by.email,
        "created_at": project.created_at.isoformat(),
        "repositories": list(project.repositories.values_list("url", flat=True)),
    }
