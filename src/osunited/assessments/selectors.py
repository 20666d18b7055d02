"""Reads of assessments: who may see or change which, and ratings suggested by platform data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.assessments.models import Assessment, AssessmentStatus, RatingChoice, Visibility
from osunited.entities.models import Entity


def may_manage_assessments(user: Any, entity: Entity) -> bool:
    """Entity representatives of `entity` (and platform admins) start, answer and publish."""
    if not user.is_authenticated:
        return False
    return Role.PLATFORM_ADMIN in roles_of(user) or is_entity_representative(user, entity)


def public_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED, visibility=Visibility.PUBLISHED
    )


def assessments_of_entity(*, user: Any, entity: Entity) -> QuerySet[Assessment]:
    """The entity's assessments `user` may see: all for its representatives, else published."""
    assessments = Assessment.objects.filter(entity=entity)
    if not may_manage_assessments(user, entity):
        assessments = assessments & public_assessments()
    return assessments.select_related("entity").order_by("-created_at", "-pk")


def get_assessment_for_user(*, user: Any, pk: int, manage: bool = False) -> Assessment:
    """The assessment if `user` may see it (404 otherwise: a private one is not revealed); with
    `manage`, only for the entity's representatives (403 for a reader of a published one)."""
    assessment = get_object_or_404(Assessment.objects.select_related("entity"), pk=pk)
    manager = may_manage_assessments(user, assessment.entity)
    public = (assessment.status, assessment.visibility) == (
        AssessmentStatus.SUBMITTED, Visibility.PUBLISHED)  # fmt: skip
    if not manager and not public:
        raise Http404
    if manage and not manager:
        raise PermissionDenied(_("Only the entity's representatives change its assessments."))
    return assessment


# -- suggestions from platform data -----------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A rating the platform's own data suggests, with where it comes from. Never saved by
    itself: a person's answer always wins."""

    item_id: str
    rating: str
    provenance: str


def _rating_for_share(part: int, whole: int) -> str:
    """All: full; at least half: partial; less: minimal."""
    if part == whole:
        return RatingChoice.FULL
    return RatingChoice.PARTIAL if part * 2 >= whole else RatingChoice.MINIMAL


def suggestions_for(entity: Entity) -> dict[str, Suggestion]:
    """Suggested ratings for the items the platform can measure (docs/assessment.md)."""
    from osunited.catalog.models import Project
    from osunited.catalog.workflow import ProjectStatus

    suggestions = [_liaison(entity)]
    registered = Project.objects.filter(entity=entity).exclude(
        status__in=(ProjectStatus.DRAFT, ProjectStatus.REJECTED, ProjectStatus.ARCHIVED)
    )
    counts = _catalog_counts(registered)
    total = counts["total"]
    if total:
        suggestions += [
            Suggestion("SC1", _rating_for_share(counts["focal"], total), _(
                "%(n)d of %(total)d registered projects have a focal point.")
                % {"n": counts["focal"], "total": total}),
            Suggestion("C2", _rating_for_share(counts["recommended"], total), _(
                "%(n)d of %(total)d registered projects are under a recommended license.")
                % {"n": counts["recommended"], "total": total}),
            Suggestion("CH4", _rating_for_share(counts["scanned"], total), _(
                "%(n)d of %(total)d registered projects had a successful scan in the last 30 days.")
                % {"n": counts["scanned"], "total": total}),
        ]  # fmt: skip
    published = counts["published"]
    if published:
        months = settings.OSU_CATALOG_CONFIRMATION_MONTHS
        suggestions.append(Suggestion("SC4", _rating_for_share(counts["confirmed"], published), _(
            "%(n)d of %(total)d published entries were confirmed in the last %(months)d months.")
            % {"n": counts["confirmed"], "total": published, "months": months}))  # fmt: skip
    return {suggestion.item_id: suggestion for suggestion in suggestions}


def _liaison(entity: Entity) -> Suggestion:
    if entity.liaison_id:
        return Suggestion("G1", RatingChoice.FULL, _("The entity page names a liaison."))
    return Suggestion("G1", RatingChoice.MINIMAL, _("The entity page names no liaison yet."))


def _catalog_counts(projects: QuerySet[Any]) -> dict[str, int]:
    from osunited.catalog.models import Scan, ScanStatus
    from osunited.catalog.workflow import ProjectStatus
    from osunited.scanner import default_policy

    now = timezone.now()
    months = settings.OSU_CATALOG_CONFIRMATION_MONTHS
    recent_scan = Scan.objects.filter(
        project=OuterRef("pk"),
        status=ScanStatus.SUCCEEDED,
        finished_at__gte=now - timedelta(days=30),
    )
    counted = projects.annotate(focal=Count("focal_points"), scanned=Exists(recent_scan))
    rows = list(counted.values_list("licenses", "focal", "scanned", "status", "confirmed_at"))
    recommended = default_policy().recommended_licenses
    confirmed_after = now - timedelta(days=round(months * 30.44))
    published = [row for row in rows if row[3] == ProjectStatus.PUBLISHED]
    return {
        "total": len(rows),
        "focal": sum(1 for row in rows if row[1]),
        "scanned": sum(1 for row in rows if row[2]),
        "recommended": sum(1 for row in rows if _only_recommended(row[0], recommended)),
        "published": len(published),
        "confirmed": sum(1 for row in published if row[4] and row[4] >= confirmed_after),
    }


def _only_recommended(expression: str, recommended: frozenset[str]) -> bool:
    """Whether a license expression names licenses, all of them recommended."""
    words = expression.replace("(", " ").replace(")", " ").split()
    ids = [word for word in words if word.upper() not in ("AND", "OR", "WITH")]
    return bool(ids) and all(license_id in recommended for license_id in ids)
