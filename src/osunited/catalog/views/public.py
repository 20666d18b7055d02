"""The public catalog (placeholder list until its owner replaces it)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from osunited.accounts.roles import PUBLIC, access
from osunited.catalog.selectors import visible_projects


@access(PUBLIC)
def catalog_list(request: HttpRequest) -> HttpResponse:
    projects = visible_projects(request.user).select_related("entity")[:50]
    return render(request, "catalog/catalog_list.html", {"projects": projects})


urlpatterns = [path("", catalog_list, name="list")]
