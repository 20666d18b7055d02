"""An entity's capacity page, and the representative's "add to evidence" of a suggestion on the
assessment's answer page (docs/learning.md, "From gaps to learning and from learning to
evidence")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osunited.accounts.roles import CONTRIBUTOR, ENTITY_REPRESENTATIVE, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.assessments.selectors import framework_of, get_assessment_for_user
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
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    framework = framework_of(assessment)
    if item_id not in framework.item_ids:
        raise Http404
    if not assessment.is_editable:
        raise PermissionDenied(_("A submitted assessment is not changed; start a new one."))
    try:
        learning_evidence_add(
            assessment=assessment,
            item_id=item_id,
            key=request.POST.get("suggestion", "")[:200],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The suggestion is added to the evidence of %(item)s.") % {"item": item_id}
        )
    page = reverse("assessments:answers", kwargs={"pk": pk})
    return redirect(f"{page}?pillar={framework.item(item_id).pillar}#item-{item_id}")


urlpatterns: list[URLPattern] = [
    path("entities/<slug:entity_slug>/capacity/", capacity_entity, name="capacity_entity"),
    path(
        "assessments/<int:pk>/evidence/<str:item_id>/",
        capacity_evidence_add,
        name="capacity_evidence_add",
    ),
]
