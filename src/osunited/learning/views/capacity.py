"""An entity's capacity page, and the representative's "add to evidence" of a suggestion on the
assessment's answer page (docs/learning.md, "From gaps to learning and from learning to
evidence")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osunited.accounts.roles import CONTRIBUTOR, ENTITY_REPRESENTATIVE, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.assessments.suggested_evidence import suggested_evidence_add
from osunited.entities.selectors import get_entity
from osunited.learning.selectors.capacity import entity_capacity
from osunited.learning.services.evidence import learning_evidence_add


@access(PUBLIC)
def capacity_entity(request: HttpRequest, entity_slug: str) -> HttpResponse:
    entity = get_entity(slug=entity_slug)
    capacity = entity_capacity(entity, request.user)
    return render(request, "learning/capacity_entity.html", {"entity": entity, "c": capacity})


@access(ENTITY_REPRESENTATIVE, CONTRIBUTOR)
@require_POST
def capacity_evidence_add(request: AuthenticatedHttpRequest, pk: int, item_id: str) -> HttpResponse:
    added = _("The suggestion is added to the evidence of %(item)s.")
    return suggested_evidence_add(
        request, pk=pk, item_id=item_id, add=learning_evidence_add, added=added
    )


urlpatterns: list[URLPattern] = [
    path("entities/<slug:entity_slug>/capacity/", capacity_entity, name="capacity_entity"),
    path(
        "assessments/<int:pk>/evidence/<str:item_id>/",
        capacity_evidence_add,
        name="capacity_evidence_add",
    ),
]
