"""Legal reviews as people may see them: an entity's own, and others' where they allow it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.licenses import license_facts
from osunited.licensing.models import (
    LegalReview,
    LegalReviewChange,
    LicensingPreferences,
    ReviewStatus,
)
from osunited.licensing.selectors.packages import recommended_licenses


def review_of(entity: Entity, license_id: str) -> LegalReview | None:
    """The entity's legal review of a license, or None when it has none (not reviewed)."""
    return (
        LegalReview.objects.select_related("reviewer_entity")
        .filter(entity=entity, license_id=license_id)
        .first()
    )


def reviews_by_license(entity: Entity, license_ids: Iterable[str]) -> dict[str, LegalReview]:
    """The entity's legal reviews of several licenses at once (one query), by license id; a
    license missing from the result is not reviewed."""
    reviews = LegalReview.objects.select_related("reviewer_entity").filter(
        entity=entity, license_id__in=list(license_ids)
    )
    return {review.license_id: review for review in reviews}


def review_status_of(entity: Entity, license_id: str) -> ReviewStatus:
    review = review_of(entity, license_id)
    return ReviewStatus(review.status) if review is not None else ReviewStatus.NOT_REVIEWED


def may_set_reviews(user: Viewer, entity: Entity) -> bool:
    """The entity's representatives, and licensing-group members of that entity, record its
    legal team's decisions; nobody else, platform admins included."""
    if not user.is_authenticated:
        return False
    if is_entity_representative(user, entity):
        return True
    return Role.LICENSING_GROUP in roles_of(user) and user.entity_id == entity.pk


def reviews_are_public(entity: Entity) -> bool:
    return LicensingPreferences.objects.filter(entity=entity, reviews_public=True).exists()


def may_see_reviews(viewer: Viewer, entity: Entity) -> bool:
    """Everyone when the entity shows its reviews publicly; otherwise its own people only."""
    if reviews_are_public(entity):
        return True
    return viewer.is_authenticated and (
        viewer.entity_id == entity.pk or may_set_reviews(viewer, entity)
    )


@dataclass(frozen=True)
class ReviewRow:
    license_id: str
    name: str
    review: LegalReview | None
    history: tuple[LegalReviewChange, ...]

    @property
    def status(self) -> ReviewStatus:
        return ReviewStatus(self.review.status) if self.review else ReviewStatus.NOT_REVIEWED


def _with_history() -> QuerySet[LegalReview]:
    return LegalReview.objects.select_related("reviewer_entity").prefetch_related(
        Prefetch(
            "history",
            queryset=LegalReviewChange.objects.select_related("reviewer_entity", "changed_by"),
        )
    )


def get_entity_reviews(*, viewer: Viewer, slug: str) -> tuple[Entity, list[ReviewRow]]:
    """An entity's review of every license of the published packages and of any other license
    it reviewed, with each one's history; 404 for whoever may not see them."""
    entity = get_object_or_404(Entity, slug=slug)
    if not may_see_reviews(viewer, entity):
        raise Http404("No such entity's reviews.")
    reviews = {review.license_id: review for review in _with_history().filter(entity=entity)}
    license_ids = sorted((recommended_licenses() or frozenset()) | reviews.keys())
    rows = [
        ReviewRow(
            license_id=license_id,
            name=_name_of(license_id),
            review=reviews.get(license_id),
            history=tuple(reviews[license_id].history.all()) if license_id in reviews else (),
        )
        for license_id in license_ids
    ]
    return entity, rows


def _name_of(license_id: str) -> str:
    facts = license_facts(license_id)
    return facts.name if facts else license_id


@dataclass(frozen=True)
class ReviewMatrix:
    entities: tuple[Entity, ...]
    rows: tuple[tuple[str, str, tuple[LegalReview | None, ...]], ...]  # id, name, per entity


def public_review_matrix() -> ReviewMatrix:
    """Licenses by the entities that show their reviews publicly (two queries)."""
    entities = tuple(
        Entity.objects.filter(licensing_preferences__reviews_public=True).order_by("acronym")
    )
    reviews = LegalReview.objects.filter(entity__in=entities).select_related("reviewer_entity")
    by_pair = {(review.license_id, review.entity_id): review for review in reviews}
    license_ids = sorted(
        (recommended_licenses() or frozenset()) | {license_id for license_id, _ in by_pair}
    )
    rows = tuple(
        (
            license_id,
            _name_of(license_id),
            tuple(by_pair.get((license_id, entity.pk)) for entity in entities),
        )
        for license_id in license_ids
    )
    return ReviewMatrix(entities=entities, rows=rows)


@dataclass(frozen=True)
class LicenseReviews:
    public: tuple[LegalReview, ...]  # of entities that show their reviews, the viewer's excepted
    own_entity: Entity | None
    own: LegalReview | None  # the viewer's own entity's review, shown always


def reviews_of_license(*, viewer: Viewer, license_id: str) -> LicenseReviews:
    """The reviews of one license a viewer may see."""
    own_entity = viewer.entity if viewer.is_authenticated else None
    public = LegalReview.objects.filter(
        license_id=license_id, entity__licensing_preferences__reviews_public=True
    ).select_related("entity", "reviewer_entity")
    if own_entity is not None:
        public = public.exclude(entity=own_entity)
    return LicenseReviews(
        public=tuple(public.order_by("entity__acronym")),
        own_entity=own_entity,
        own=review_of(own_entity, license_id) if own_entity is not None else None,
    )
