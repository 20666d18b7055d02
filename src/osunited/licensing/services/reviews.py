"""Writes of legal reviews: an entity's legal team's decision on a license, each change kept in
LegalReviewChange, and whether the entity shows its reviews publicly."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.licensing.models import (
    LegalReview,
    LegalReviewChange,
    LicensingPreferences,
    ReviewStatus,
)
from osunited.licensing.selectors.reviews import may_set_reviews
from osunited.licensing.services.packages import known_license_id

_NOT_YOURS = (
    "Only the entity's representatives and its members of the licensing group record its legal "
    "reviews."
)


def _check(status: ReviewStatus, conditions: str, reviewed_on: date | None) -> None:
    if status == ReviewStatus.CLEARED_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError(_("Say which conditions the license is cleared with."))
    if reviewed_on is not None and reviewed_on > timezone.localdate():
        raise ValidationError(_("The date of the decision cannot be in the future."))


@transaction.atomic
def legal_review_set(
    *,
    entity: Entity,
    license_id: str,
    status: ReviewStatus,
    conditions: str,
    reviewed_on: date | None,
    reviewer_entity: Entity | None,
    actor: User,
) -> LegalReview:
    """Record the entity's decision on a license; a change appends one history row."""
    if not may_set_reviews(actor, entity):
        raise PermissionDenied(_NOT_YOURS)
    spdx_id = known_license_id(license_id)
    _check(status, conditions, reviewed_on)
    review = LegalReview.objects.select_for_update().filter(entity=entity, license_id=spdx_id)
    current = review.first() or LegalReview(entity=entity, license_id=spdx_id)
    values = {
        "status": str(status),
        "conditions": conditions.strip(),
        "reviewed_on": reviewed_on,
        "reviewer_entity": reviewer_entity,
    }
    if current.pk is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current
    for key, value in values.items():
        setattr(current, key, value)
    current.updated_by, current.updated_at = actor, timezone.now()
    current.save()
    LegalReviewChange.objects.create(
        review=current,
        status=current.status,
        conditions=current.conditions,
        reviewed_on=reviewed_on,
        reviewer_entity=reviewer_entity,
        changed_by=actor,
        changed_at=current.updated_at,
    )
    audit_record(
        action="legal_review.changed",
        actor=actor,
        target=current,
        changes={"status": current.status, "conditions": current.conditions},
    )
    return current


@transaction.atomic
def licensing_preferences_set(
    *, entity: Entity, reviews_public: bool, actor: User
) -> LicensingPreferences:
    if not may_set_reviews(actor, entity):
        raise PermissionDenied(_NOT_YOURS)
    preferences, _created = LicensingPreferences.objects.get_or_create(entity=entity)
    if preferences.reviews_public != reviews_public:
        preferences.reviews_public = reviews_public
        preferences.save(update_fields=["reviews_public"])
        audit_record(
            action="licensing_preferences.changed",
            actor=actor,
            target=preferences,
            changes={"reviews_public": reviews_public},
        )
    return preferences
