"""The policy library's pages: a policy with everything it links to, publishing and editing
policies (entity representatives for their entity, editors for governments and organisations),
lessons learned and their moderation, and adding a policy to an assessment's evidence."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from osunited.accounts.roles import PUBLIC, access
from osunited.policies.selectors.library import CSIS_SOURCE, policy_page


@access(PUBLIC)
@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    page = policy_page(public_id=public_id, viewer=request.user)
    return render(
        request, "policies/library_detail.html", {"page": page, "csis_source": CSIS_SOURCE}
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/", detail, name="detail"),
]
