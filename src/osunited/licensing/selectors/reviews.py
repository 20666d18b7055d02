"""Legal reviews as people may see them: an entity's own, and others' where they allow it."""

from __future__ import annotations

from osunited.entities.models import Entity
from osunited.licensing.models import LegalReview, ReviewStatus


def review_of(entity: Entity, license_id: str) -> LegalReview | None:
    """The entity's legal review of a license, or None when it has none (not reviewed)."""
    return (
        LegalReview.objects.select_related("reviewer_entity")
        .filter(entity=entity, license_id=license_id)
        .first()
    )


def review_status_of(entity: Entity, license_id: str) -> ReviewStatus:
    review = review_of(entity, license_id)
    return ReviewStatus(review.status) if review is not None else ReviewStatus.NOT_REVIEWED
