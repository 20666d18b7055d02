"""What the workflow's guards read (CPF 4.3.5, 4.3.6): who may act on a project, the one rule
of conflicts of interest, the scans, the approvals counted and the committee's setting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.catalog.models import (
    CommitteeSettings,
    ConflictOfInterest,
    Hosting,
    Project,
    Review,
    Scan,
    ScanStatus,
)
from osunited.catalog.scanning import latest_scan_ids_by_source
from osunited.catalog.workflow import (
    Actor,
    GuardFacts,
)


def actor_for(project: Project, user: User) -> set[Actor]:
    """The parts `user` may play for this project: its focal point, or a committee member.
    Whether a committee member may decide on this project is the NO_CONFLICT guard's to say
    (`review_conflict`)."""
    actors = set()
    if project.has_focal_point(user):
        actors.add(Actor.FOCAL_POINT)
    if Role.REVIEWER in roles_of(user):
        actors.add(Actor.REVIEWER)
    return actors


def review_conflict(project: Project, user: User) -> str:
    """Why `user` must not decide on `project` as a committee member, or "" (CPF 4.3.5)."""
    return review_conflicts(user, [project]).get(project.pk, "")


def review_conflicts(user: User, projects: Sequence[Project]) -> dict[int, str]:
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


def guard_facts(project: Project, user: User | None, *, now: datetime | None = None) -> GuardFacts:
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
        hosted_on_platform=project.hosting == Hosting.INTERNAL,
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


def required_approvals() -> int:
    """How many committee members of other entities must approve in a round: the platform
    admins' setting, or OSU_CATALOG_REQUIRED_APPROVALS until they set one."""
    chosen = CommitteeSettings.objects.filter(pk=1).values_list("required_approvals", flat=True)
    return next(iter(chosen), None) or settings.OSU_CATALOG_REQUIRED_APPROVALS


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
