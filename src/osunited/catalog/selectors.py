"""Reads of the catalog, with who may see what in one place.

Published projects (and those under sunset notice or archived: their history stays public, P7)
are visible to anyone. Every other project is visible only to people with a role on it: its focal
points, the representatives of its entity, platform admins, and committee members once it has
been submitted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from osunited.accounts.models import GrantedRole, RoleGrant, User
from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Feedback, Project, ProjectEvent, Scan, ScanStatus
from osunited.catalog.workflow import PUBLIC_STATUSES, ProjectStatus
from osunited.entities.models import Entity

REVIEWABLE_STATUSES = tuple(s for s in ProjectStatus if s != ProjectStatus.DRAFT)


def entities_for_registration(user: User) -> QuerySet[Entity]:
    """The entities `user` may register projects for (CPF 4.3.2): their own, every one for
    platform admins."""
    if Role.PLATFORM_ADMIN in roles_of(user):
        return Entity.objects.all()
    return Entity.objects.filter(pk=user.entity_id) if user.entity_id else Entity.objects.none()


def visible_projects(user: Viewer) -> QuerySet[Project]:
    """Every project `user` may see, in pages, search, API and exports alike."""
    projects = Project.objects.all()
    if not user.is_authenticated:
        return projects.filter(status__in=PUBLIC_STATUSES)
    roles = roles_of(user)
    if Role.PLATFORM_ADMIN in roles:
        return projects
    # Subqueries rather than a join on focal points: no repeated rows, and at 100,000 projects
    # the database answers each part from an index.
    focal = Project.focal_points.through.objects.filter(user_id=user.pk).values("project_id")
    represented = RoleGrant.objects.filter(
        user=user, role=GrantedRole.ENTITY_REPRESENTATIVE
    ).values("entity_id")
    visible = Q(status__in=PUBLIC_STATUSES) | Q(pk__in=focal) | Q(entity_id__in=represented)
    if Role.REVIEWER in roles:
        visible |= Q(status__in=REVIEWABLE_STATUSES)
    return projects.filter(visible)


def get_project_for_user(*, user: Viewer, slug: str) -> Project:
    """The project, if `user` may see it; 404 otherwise (a private project's existence is
    not revealed)."""
    return get_object_or_404(visible_projects(user).select_related("entity"), slug=slug)


def is_public(project: Project) -> bool:
    return project.status in PUBLIC_STATUSES


def get_project_page(*, user: Viewer, slug: str) -> Project:
    """The project for its page, with everything the page shows fetched in a fixed number of
    queries; 404 like `get_project_for_user`."""
    projects = (
        visible_projects(user)
        .select_related("entity", "latest_scan__repository")
        .defer("latest_scan__report")  # the page reads the scan's facts, never the whole report
        .prefetch_related(
            Prefetch("focal_points", queryset=User.objects.order_by("display_name", "pk")),
            "repositories",
            "sdgs",
            "texts",
            Prefetch("events", queryset=ProjectEvent.objects.order_by("created_at", "pk")),
        )
    )
    return get_object_or_404(projects, slug=slug)


# -- feedback (CPF 4.3.8) ---------------------------------------------------------------------
# Moderators are platform admins, and reviewers for projects of entities other than their own
# (the rule reviews follow). Focal points do not moderate their own project's feedback, so that
# criticism cannot be hidden by the people it is about: they answer it, in public.


def may_moderate_feedback(user: User, project: Project) -> bool:
    roles = roles_of(user)
    if Role.PLATFORM_ADMIN in roles:
        return True
    return Role.REVIEWER in roles and user.entity_id != project.entity_id


def may_reply_to_feedback(user: Viewer, project: Project) -> bool:
    return project.has_focal_point(user)


def feedback_for_page(*, project: Project, user: Viewer) -> list[Feedback]:
    """The feedback shown on the project page: published for everyone; pending and rejected
    only to their author, and pending to moderators."""
    shown = Q(moderation=Feedback.Moderation.PUBLISHED)
    if user.is_authenticated:
        shown |= Q(author=user)
        if may_moderate_feedback(user, project):
            shown |= Q(moderation=Feedback.Moderation.PENDING)
    feedback = project.feedback.filter(shown).select_related("author", "replied_by")
    return list(feedback.order_by("created_at", "pk"))


def pending_feedback_for(user: User) -> QuerySet[Feedback]:
    """Feedback awaiting moderation that `user` may moderate, oldest first."""
    pending = Feedback.objects.filter(
        moderation=Feedback.Moderation.PENDING, project__status__in=PUBLIC_STATUSES
    )
    if Role.PLATFORM_ADMIN not in roles_of(user) and user.entity_id is not None:
        pending = pending.exclude(project__entity_id=user.entity_id)
    return pending.select_related("project", "project__entity", "author").order_by(
        "created_at", "pk"
    )


def get_feedback_for_moderation(*, user: User, pk: int) -> Feedback:
    """Feedback the user may moderate: 404 when it is on a project they cannot see, 403 when
    they see it but may not moderate it."""
    feedback = get_object_or_404(
        Feedback.objects.select_related("project"),
        pk=pk,
        project__in=visible_projects(user).values("pk"),
    )
    if not may_moderate_feedback(user, feedback.project):
        raise PermissionDenied(_("Only reviewers of other entities and platform admins moderate."))
    return feedback


def get_feedback_for_reply(*, user: User, slug: str, pk: int) -> Feedback:
    """Published feedback on a project the user is a focal point of; 404 or 403 otherwise."""
    project = get_project_for_user(user=user, slug=slug)
    feedback = get_object_or_404(
        project.feedback.select_related("project"),
        pk=pk,
        moderation=Feedback.Moderation.PUBLISHED,
    )
    if not may_reply_to_feedback(user, project):
        raise PermissionDenied(_("Only the project's focal points answer its feedback."))
    return feedback


def projects_of_focal_point(user: User) -> QuerySet[Project]:
    """The projects `user` is a focal point of, for their home page, each with `failed_scans`
    (a scan failed since the latest successful one) and `feedback_to_answer` (published
    feedback without a reply): one query."""
    failed = Scan.objects.filter(
        project=OuterRef("pk"),
        status=ScanStatus.FAILED,
        pk__gt=Coalesce(OuterRef("latest_scan"), 0),
    )
    unanswered = (
        Feedback.objects.filter(
            project=OuterRef("pk"), moderation=Feedback.Moderation.PUBLISHED, reply=""
        )
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Project.objects.filter(focal_points=user)
        .select_related("entity", "latest_scan")
        .only(*_FOCAL_POINT_COLUMNS)
        .annotate(
            failed_scans=Exists(failed),
            feedback_to_answer=Coalesce(Subquery(unanswered, output_field=IntegerField()), 0),
        )
        .order_by("name", "pk")
    )


_FOCAL_POINT_COLUMNS = (
    "name",
    "slug",
    "status",
    "status_changed_at",
    "confirmed_at",
    "scan_health",
    "vulnerabilities",
    "sunset_deadline",
    "entity",
    "entity__acronym",
    "entity__slug",
    "latest_scan",
    "latest_scan__status",
    "latest_scan__finished_at",
)
