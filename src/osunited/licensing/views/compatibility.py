"""Licensing pages: compatibility (CPF 4.2). One license expression against another for each
kind of use, with every source's verdict, and a project's whole verdict from its latest scan."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

import osunited.catalog.views  # noqa: F401  (registers <uslug:>, a project slug of any script)
from osunited.accounts.roles import PUBLIC, access
from osunited.catalog.selectors import get_project_for_user
from osunited.licensing.forms_compatibility import PairForm, VerdictFilterForm
from osunited.licensing.selectors.compatibility import pair_results, project_compatibility_of

COMPONENTS_PER_PAGE = 100


@access(PUBLIC)
@require_GET
def pair(request: HttpRequest) -> HttpResponse:
    """The form and, once it is sent, the verdicts on the same page."""
    asked = "inbound" in request.GET or "outbound" in request.GET
    form = PairForm(request.GET if asked else None)
    context: dict[str, object] = {"form": form, "results": []}
    if form.is_valid():
        data = form.cleaned_data
        context["results"] = pair_results(data["inbound"], data["outbound"], form.uses())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "licensing/compatibility_pair.html", context, status=status)


@access(PUBLIC)
@require_GET
def project(request: HttpRequest, project_slug: str) -> HttpResponse:
    """A project's verdict; a project the viewer may not see is a 404, as everywhere."""
    found = get_project_for_user(user=request.user, slug=project_slug)
    compatibility = project_compatibility_of(found)
    form = VerdictFilterForm(request.GET)
    shown = compatibility.components(form.verdict_chosen())
    page = Paginator(shown, COMPONENTS_PER_PAGE).get_page(form.page_number())
    context = {
        "project": found,
        "compatibility": compatibility,
        "form": form,
        "page": page,
        "filtered": form.verdict_chosen() is not None,
    }
    return render(request, "licensing/compatibility_project.html", context)


urlpatterns: list[URLPattern] = [
    path("compatibility/", pair, name="compatibility"),
    path(
        "compatibility/projects/<uslug:project_slug>/",
        project,
        name="compatibility_project",
    ),
]
