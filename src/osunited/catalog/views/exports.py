"""The catalog's exports (CSV, JSON, a project's publiccode.yml) and the import page."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from osunited.accounts.roles import CONTRIBUTOR, PUBLIC, UN_STAFF, Role, access, roles_of
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.interchange import InterchangeError
from osunited.catalog.interchange.exports import csv_lines, export_records, json_chunks
from osunited.catalog.interchange.imports import projects_import, read_import_file
from osunited.catalog.interchange.publiccode import project_to_publiccode
from osunited.catalog.selectors import (
    entities_for_registration,
    get_project_for_user,
    visible_projects,
)
from osunited.entities.models import Entity

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
Download = TypeVar("Download", bound=HttpResponseBase)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _download(response: Download, name: str) -> Download:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; streamed too
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    records = export_records(visible_projects(request.user), base_url=_base_url(request))
    response = StreamingHttpResponse(csv_lines(records), content_type="text/csv; charset=utf-8")
    return _download(response, f"osunited-catalog-{timezone.now():%Y-%m-%d}.csv")


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; streamed too
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    records = export_records(visible_projects(request.user), base_url=_base_url(request))
    response = StreamingHttpResponse(json_chunks(records), content_type="application/json")
    return _download(response, f"osunited-catalog-{timezone.now():%Y-%m-%d}.json")


@access(PUBLIC)
def project_publiccode(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    text = project_to_publiccode(
        project, page_url=_base_url(request) + reverse("catalog:detail", kwargs={"slug": slug})
    )
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    return _download(response, "publiccode.yml")


@access(UN_STAFF, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def import_projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a publiccode.yml or DPGA record(s): draft projects, with the importer as focal
    point. The results page lists each record's outcome."""
    context: dict[str, Any] = {
        "entities": entities_for_registration(request.user).order_by("acronym"),
        "is_admin": Role.PLATFORM_ADMIN in roles_of(request.user),
        "chosen_entity": request.user.entity_id,
    }
    status = 200
    if request.method == "POST":
        try:
            context["outcomes"] = _import(request)
            context["chosen_entity"] = _int(request.POST.get("entity"))
        except (InterchangeError, PermissionDenied) as error:
            context["error"] = str(error)
            status = 400
    return render(request, "catalog/import.html", context, status=status)


def _import(request: AuthenticatedHttpRequest) -> list[Any]:
    upload = request.FILES.get("file")
    if upload is None:
        raise InterchangeError(_("Choose a file to upload."))
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise InterchangeError(_("The file is larger than 5 MiB."))
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(_("The file is not UTF-8 text.")) from None
    kind = request.POST.get("format") or _guess_format(upload.name or "")
    records = read_import_file(text, kind=kind)
    entity_id = _int(request.POST.get("entity"))
    entity = Entity.objects.filter(pk=entity_id).first() if entity_id else None
    return projects_import(user=request.user, records=records, fallback_entity=entity)


def _guess_format(name: str) -> str:
    return "dpga" if name.lower().endswith(".json") else "publiccode"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


urlpatterns: list[URLPattern] = [
    path("export.csv", export_csv, name="export_csv"),
    path("export.json", export_json, name="export_json"),
    path("import/", import_projects, name="import"),
    path("<uslug:slug>/publiccode.yml", project_publiccode, name="project_publiccode"),
]
