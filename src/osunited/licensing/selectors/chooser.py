"""What the use-case chooser reads: the published packages as candidates, the user's entity's
legal review of each license it shows, and the user's repositories on the platform's forge."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.types import Viewer
from osunited.forges.models import HostedRepository, HostingState
from osunited.licenses import Family, Recommendation
from osunited.licensing.models import LegalReview, PackageLicense, PackageStatus
from osunited.licensing.selectors.reviews import reviews_by_license


@dataclass(frozen=True)
class ChoiceRow:
    """A license the result shows, with the entity's legal review (None: not signed in, or no
    entity; a review None inside: not reviewed)."""

    license_id: str
    family: Family | None
    recommended: bool
    reasons: tuple[str, ...]
    ruled_out: bool
    review: LegalReview | None
    review_known: bool


def published_candidates() -> dict[str, list[str]] | None:
    """Package name -> the license ids of its published version, in the package's order; None
    when no package is published (the chooser then uses the engine's candidates)."""
    entries = (
        PackageLicense.objects.filter(version__status=PackageStatus.PUBLISHED)
        .select_related("version__package")
        .order_by("version__package__name", "position", "license_id")
    )
    packages: dict[str, list[str]] = {}
    for entry in entries:
        packages.setdefault(entry.version.package.name, []).append(entry.license_id)
    return packages or None


def choice_rows(viewer: Viewer, recommendation: Recommendation) -> list[ChoiceRow]:
    """The recommended license, then the alternatives, each with the viewer's entity's review
    (selectors/reviews, in one query)."""
    entity = viewer.entity if viewer.is_authenticated else None
    rows = []
    if recommendation.license_id is not None:
        reasons = tuple(reason.text for reason in recommendation.reasons)
        rows.append((recommendation.license_id, recommendation.family, True, reasons, False))
    for alternative in recommendation.alternatives:
        reasons = tuple(reason.text for reason in alternative.why_lower)
        rows.append(
            (alternative.license_id, alternative.family, False, reasons, alternative.ruled_out)
        )
    reviews = reviews_by_license(entity, (row[0] for row in rows)) if entity is not None else {}
    return [
        ChoiceRow(
            license_id=license_id,
            family=family,
            recommended=recommended,
            reasons=reasons,
            ruled_out=ruled_out,
            review=reviews.get(license_id),
            review_known=entity is not None,
        )
        for license_id, family, recommended, reasons, ruled_out in rows
    ]


def repositories_for_license(user: Viewer) -> QuerySet[HostedRepository]:
    """The provisioned repositories on the platform's forge of the projects `user` is a focal
    point of: where the chooser may open a merge request adding a LICENSE."""
    if not user.is_authenticated:
        return HostedRepository.objects.none()
    return (
        HostedRepository.objects.filter(
            project__focal_points=user, state=HostingState.READY, archived=False
        )
        .exclude(remote_id="")
        .select_related("project", "namespace__forge")
        .order_by("project__name", "component")
    )


def get_repository_for_license(user: User, pk: int) -> HostedRepository:
    """404 for no such repository; 403 unless `user` is a focal point of its project."""
    repository = get_object_or_404(
        HostedRepository.objects.select_related("project", "namespace__forge"), pk=pk
    )
    if not repository.project.has_focal_point(user):
        raise PermissionDenied(_("Only the project's focal points add its license."))
    return repository
