"""Adding a suggested piece of evidence to an assessment's answer from its answers page: one view
shape for every app that suggests evidence (the learning records, the policy library). Each app
keeps its own URL, rule and service; the checks, messages and redirect are shared here."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.assessments.models import Answer
from osunited.assessments.selectors import framework_of, get_assessment_for_user

KEY_MAX_CHARS = 200

EvidenceAdd = Callable[..., Answer]  # (*, assessment, item_id, key, user) -> the saved answer


def suggested_evidence_add(
    request: AuthenticatedHttpRequest,
    *,
    pk: int,
    item_id: str,
    add: EvidenceAdd,
    added: str,
) -> HttpResponse:
    """Run `add` for the posted suggestion key, tell the user how it went (`added` takes
    %(item)s) and return to the item on the answers page."""
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    framework = framework_of(assessment)
    if item_id not in framework.item_ids:
        raise Http404
    if not assessment.is_editable:
        raise PermissionDenied(_("A submitted assessment is not changed; start a new one."))
    key = request.POST.get("suggestion", "")[:KEY_MAX_CHARS]
    try:
        add(assessment=assessment, item_id=item_id, key=key, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, added % {"item": item_id})
    page = reverse("assessments:answers", kwargs={"pk": pk})
    return redirect(f"{page}?pillar={framework.item(item_id).pillar}#item-{item_id}")
