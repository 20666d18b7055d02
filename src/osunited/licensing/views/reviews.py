"""Licensing pages: legal reviews, the public overview and each entity's reviews with their
history, set by its representatives and its licensing-group members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import CONTRIBUTOR, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.models import Entity
from osunited.licensing.forms import LegalReviewForm, ReviewPreferencesForm
from osunited.licensing.models import ReviewStatus
from osunited.licensing.selectors.licenses import find_license
from osunited.licensing.selectors.reviews import (
    get_entity_reviews,
    may_set_reviews,
    public_review_matrix,
    review_of,
    reviews_are_public,
)
from osunited.licensing.services.reviews import legal_review_set, licensing_preferences_set


@access(PUBLIC)
@require_GET
def review_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "licensing/reviews_overview.html", {"matrix": public_review_matrix()})


@access(PUBLIC)
@require_GET
def entity_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    entity, rows = get_entity_reviews(viewer=request.user, slug=slug)
    may_set = may_set_reviews(request.user, entity)
    public = reviews_are_public(entity)
    context = {
        "entity": entity,
        "rows": rows,
        "may_set": may_set,
        "public": public,
        "preferences_form": ReviewPreferencesForm(initial={"reviews_public": public})
        if may_set
        else None,
    }
    return render(request, "licensing/reviews_entity.html", context)


def _entity_to_set(request: AuthenticatedHttpRequest, slug: str) -> Entity:
    entity = get_object_or_404(Entity, slug=slug)
    if not may_set_reviews(request.user, entity):
        raise PermissionDenied(_("Only the entity's representatives and its licensing group."))
    return entity


@access(SIGNED_IN, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def review_edit(request: AuthenticatedHttpRequest, slug: str, license_id: str) -> HttpResponse:
    entity = _entity_to_set(request, slug)
    facts = find_license(license_id)
    review = review_of(entity, facts.spdx_id)
    initial = {"status": ReviewStatus.NOT_REVIEWED, "reviewer_entity": entity}
    if review is not None:
        initial = {
            "status": review.status,
            "conditions": review.conditions,
            "reviewed_on": review.reviewed_on,
            "reviewer_entity": review.reviewer_entity,
        }
    form = LegalReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            legal_review_set(
                entity=entity,
                license_id=facts.spdx_id,
                status=ReviewStatus(form.cleaned_data["status"]),
                conditions=form.cleaned_data["conditions"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                reviewer_entity=form.cleaned_data["reviewer_entity"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review of %(id)s was saved.") % {"id": facts.spdx_id})
            return redirect(reverse("licensing:entity_reviews", args=[slug]) + f"#{facts.spdx_id}")
    context = {"entity": entity, "facts": facts, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/reviews_form.html", context, status=status)


@access(SIGNED_IN, CONTRIBUTOR)
@require_POST
def review_preferences(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    entity = _entity_to_set(request, slug)
    form = ReviewPreferencesForm(request.POST)
    if form.is_valid():
        licensing_preferences_set(
            entity=entity, reviews_public=form.cleaned_data["reviews_public"], actor=request.user
        )
        messages.success(request, _("Your choice was saved."))
    return redirect("licensing:entity_reviews", slug=slug)


urlpatterns: list[URLPattern] = [
    path("reviews/", review_overview, name="reviews"),
    path("reviews/<slug:slug>/", entity_reviews, name="entity_reviews"),
    path("reviews/<slug:slug>/preferences/", review_preferences, name="review_preferences"),
    path("reviews/<slug:slug>/<str:license_id>/", review_edit, name="review_edit"),
]
