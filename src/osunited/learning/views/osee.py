"""The OSEE framework's public pages: the index of categories and modules, one page per module,
and the 1EdTech CASE 1.1 package that learning systems import to align their courses."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from osunited.accounts.roles import PUBLIC, access
from osunited.learning.selectors import osee as selectors

CASE_FILENAME = "osee-2024-10-case-1.1.json"


@access(PUBLIC)
@require_GET
def osee_index(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/osee_index.html", {"page": selectors.osee_index()})


@access(PUBLIC)
@require_GET
def osee_module(request: HttpRequest, module_id: str) -> HttpResponse:
    page = selectors.osee_module_page(module_id)
    return render(request, "learning/osee_module.html", {"page": page})


@access(PUBLIC)
@require_GET
def osee_case(request: HttpRequest) -> HttpResponse:
    base_uri = request.build_absolute_uri(reverse("learning:osee_index"))
    package = selectors.osee_case_package(base_uri)
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{CASE_FILENAME}"'
    return response


urlpatterns: list[URLPattern] = [
    path("osee/", osee_index, name="osee_index"),
    path("osee/case.json", osee_case, name="osee_case"),
    path("osee/<slug:module_id>/", osee_module, name="osee_module"),
]
