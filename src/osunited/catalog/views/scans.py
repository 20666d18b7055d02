"""A project's scans: history, one scan with what changed, its JSON report; scans on demand,
retries, and the focal points' confirmation of their entry (the sunset procedure)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osunited.accounts.roles import FOCAL_POINT, PUBLIC, SCAN_MANAGER, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog import scanning
from osunited.catalog.models import Project, Scan, ScanStatus, ScanTrigger
from osunited.catalog.selectors import get_project_for_user
from osunited.catalog.sunset import confirmation_due_at, project_confirm
from osunited.catalog.workflow import ProjectStatus

CONFIRMABLE = (ProjectStatus.PUBLISHED, ProjectStatus.SUNSET_NOTICE)


def _managed_project(request: AuthenticatedHttpRequest, slug: str) -> Project:
    project = get_project_for_user(user=request.user, slug=slug)
    if not scanning.may_manage_scans(request.user, project):
        raise PermissionDenied(_("Only the project's focal points, reviewers and admins."))
    return project


@access(PUBLIC)
def scan_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    scans = project.scans.select_related("repository").order_by("-pk")[:100]
    is_focal_point = project.has_focal_point(request.user)
    return render(
        request,
        "catalog/scan_list.html",
        {
            "project": project,
            "scans": scans,
            "may_manage": scanning.may_manage_scans(request.user, project),
            "may_confirm": is_focal_point and project.status in CONFIRMABLE,
            "confirmation_due_at": confirmation_due_at(project),
        },
    )


@access(PUBLIC)
def scan_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    scan = get_object_or_404(project.scans.select_related("repository"), pk=pk)
    findings = list(scan.findings.all())
    before = scanning.previous_scan(scan) if scan.status == ScanStatus.SUCCEEDED else None
    new, fixed = scanning.findings_diff(scan, before)
    return render(
        request,
        "catalog/scan_detail.html",
        {
            "project": project,
            "scan": scan,
            "scores": scanning.scores_of(scan),
            "groups": scanning.findings_by_pillar(findings),
            "new_findings": new,
            "fixed_findings": fixed,
            "previous_scan": before,
            "may_manage": scanning.may_manage_scans(request.user, project),
        },
    )


@access(PUBLIC)
def scan_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    scan = get_object_or_404(Scan, project=project, pk=pk, report__isnull=False)
    response = JsonResponse(scan.report, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-scan-{scan.pk}.json"'
    return response


@access(PUBLIC)
def scan_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The project page's scan panel alone, for htmx to refresh while a scan runs."""
    project = get_project_for_user(user=request.user, slug=slug)
    context = scanning.scan_panel_for(project=project, user=request.user)
    return render(request, "catalog/_scan_results.html", context)


@access(SCAN_MANAGER)
@require_POST
def scan_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = _managed_project(request, slug)
    queued = scanning.scan_request(
        project=project, trigger=ScanTrigger.ON_DEMAND, user=request.user
    )
    if queued:
        messages.success(request, _("Scan queued. Results appear here when it finishes."))
    else:
        messages.info(request, _("A scan of this project is already queued or running."))
    return _back_to_scans(request, project)


@access(SCAN_MANAGER)
@require_POST
def scan_retry(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _managed_project(request, slug)
    scan = get_object_or_404(Scan, project=project, pk=pk)
    try:
        scanning.scan_retry(scan=scan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Scan queued again."))
    return _back_to_scans(request, project)


@access(FOCAL_POINT)
@require_POST
def confirm_entry(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    try:
        project_confirm(project=project, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the entry is confirmed."))
    return redirect("catalog:scan_list", slug=project.slug)


def _back_to_scans(request: HttpRequest, project: Project) -> HttpResponse:
    if getattr(request, "htmx", False):
        context = scanning.scan_panel_for(project=project, user=request.user)
        return render(request, "catalog/_scan_results.html", context)
    return redirect("catalog:scan_list", slug=project.slug)


urlpatterns = [
    path("<uslug:slug>/scans/", scan_list, name="scan_list"),
    path("<uslug:slug>/scans/new/", scan_request, name="scan_request"),
    path("<uslug:slug>/scans/panel/", scan_panel, name="scan_panel"),
    path("<uslug:slug>/scans/<int:pk>/", scan_detail, name="scan_detail"),
    path("<uslug:slug>/scans/<int:pk>/report.json", scan_report, name="scan_report"),
    path("<uslug:slug>/scans/<int:pk>/retry/", scan_retry, name="scan_retry"),
    path("<uslug:slug>/confirm-entry/", confirm_entry, name="confirm_entry"),
]
