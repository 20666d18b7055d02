"""Licensing pages: the recommended packages, their history, and their drafts for the licensing
group."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import CONTRIBUTOR, LICENSING_GROUP, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.licensing.forms import PackageCreateForm, PackageEntryForm, PackagePublishForm
from osunited.licensing.models import LicensePackage
from osunited.licensing.selectors.packages import get_package, package_list, scan_policy_file
from osunited.licensing.services.packages import (
    package_create,
    package_license_move,
    package_license_remove,
    package_license_set,
    package_publish,
)


@access(PUBLIC)
@require_GET
def package_index(request: HttpRequest) -> HttpResponse:
    return render(request, "licensing/packages_list.html", {"packages": package_list()})


@access(PUBLIC)
@require_http_methods(["GET", "HEAD"])
def package_scan_policy(request: HttpRequest) -> HttpResponse:
    """The published packages as a scan policy file for a project's CI (`osu scan --policy`)."""
    policy = scan_policy_file()
    if policy is None:
        return HttpResponse(
            _("No license package is published yet: osu scan keeps its interim list."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(policy, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="osunited-policy.yml"'
    return response


@access(LICENSING_GROUP, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def package_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PackageCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            package = package_create(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The package was created: add its licenses."))
            return redirect("licensing:package_draft", slug=package.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/packages_form.html", {"form": form}, status=status)


def _draft_page(
    request: AuthenticatedHttpRequest,
    slug: str,
    entry_form: PackageEntryForm | None = None,
    publish_form: PackagePublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "view": get_package(slug=slug),
        "entry_form": entry_form or PackageEntryForm(),
        "publish_form": publish_form or PackagePublishForm(),
    }
    return render(request, "licensing/packages_draft.html", context, status=status)


@access(LICENSING_GROUP, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def package_draft(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The draft version: add a license, or change the rationale of one already in it."""
    package = get_object_or_404(LicensePackage, slug=slug)
    if request.method != "POST":
        return _draft_page(request, slug)
    form = PackageEntryForm(request.POST)
    if form.is_valid():
        try:
            package_license_set(package=package, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("license_id", error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("licensing:package_draft", slug=slug)
    return _draft_page(request, slug, entry_form=form, status=400)


@access(LICENSING_GROUP, CONTRIBUTOR)
@require_POST
def package_entry_remove(
    request: AuthenticatedHttpRequest, slug: str, license_id: str
) -> HttpResponse:
    package = get_object_or_404(LicensePackage, slug=slug)
    try:
        package_license_remove(package=package, license_id=license_id, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("licensing:package_draft", slug=slug)


@access(LICENSING_GROUP, CONTRIBUTOR)
@require_POST
def package_entry_move(
    request: AuthenticatedHttpRequest, slug: str, license_id: str
) -> HttpResponse:
    package = get_object_or_404(LicensePackage, slug=slug)
    try:
        package_license_move(
            package=package,
            license_id=license_id,
            up=request.POST.get("direction") == "up",
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("licensing:package_draft", slug=slug)


@access(LICENSING_GROUP, CONTRIBUTOR)
@require_POST
def package_publish_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    package = get_object_or_404(LicensePackage, slug=slug)
    form = PackagePublishForm(request.POST)
    if form.is_valid():
        try:
            version = package_publish(
                package=package, changes=form.cleaned_data["changes"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s was published.") % {"number": version.number}
            )
            return redirect("licensing:packages")
    return _draft_page(request, slug, publish_form=form, status=400)


urlpatterns: list[URLPattern] = [
    path("packages/", package_index, name="packages"),
    path("packages/new/", package_new, name="package_create"),
    path("packages/policy.yml", package_scan_policy, name="package_scan_policy"),
    path("packages/<slug:slug>/draft/", package_draft, name="package_draft"),
    path(
        "packages/<slug:slug>/draft/<str:license_id>/remove/",
        package_entry_remove,
        name="package_entry_remove",
    ),
    path(
        "packages/<slug:slug>/draft/<str:license_id>/move/",
        package_entry_move,
        name="package_entry_move",
    ),
    path("packages/<slug:slug>/publish/", package_publish_view, name="package_publish"),
]
