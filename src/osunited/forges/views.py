"""Code hosting pages: the forges and the entities' namespaces, for platform admins; the retry
of a failed provisioning, from the project page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import FOCAL_POINT, PLATFORM_ADMIN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.selectors import get_project_for_user
from osunited.forges.forms import ForgeForm, NamespaceForm
from osunited.forges.models import Forge
from osunited.forges.selectors import (
    entities_without_namespace,
    forge_list,
    get_forge,
    hosting_for_project,
)
from osunited.forges.services import (
    forge_connections_check,
    forge_save,
    namespace_set,
    repository_retry,
)


@access(PLATFORM_ADMIN)
@require_GET
def forges(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "forges/forge_list.html", _list_context())


def _list_context(**extra: Any) -> dict[str, Any]:
    return {"forges": forge_list(), "unplaced": entities_without_namespace(), **extra}


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def forge_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _forge_form(request, None)


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def forge_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _forge_form(request, get_forge(pk=pk))


def _forge_form(request: AuthenticatedHttpRequest, forge: Forge | None) -> HttpResponse:
    form = ForgeForm(request.POST or None, forge=forge)
    if request.method == "POST" and form.is_valid():
        try:
            saved = forge_save(actor=request.user, forge=forge, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
            forge = get_forge(pk=forge.pk) if forge else None  # as stored, not as refused
        else:
            messages.success(request, _("The forge %(name)s was saved.") % {"name": saved})
            return redirect("hosting:forges")
    status = 400 if form.errors else 200
    return render(request, "forges/forge_form.html", {"form": form, "forge": forge}, status=status)


@access(PLATFORM_ADMIN)
@require_POST
def forge_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forge = get_forge(pk=pk)
    checks = forge_connections_check(actor=request.user, forge=forge)
    context = {"forge": forge, "checks": checks, "checked": True}
    if request.headers.get("HX-Request"):
        return render(request, "forges/_connection_check.html", context)
    return render(
        request, "forges/forge_list.html", _list_context(checked_forge=forge.pk, **context)
    )


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def namespace_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"entity": request.GET.get("entity", "")}
    form = NamespaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            namespace = namespace_set(
                actor=request.user, entity=data["entity"], forge=data["forge"], path=data["path"]
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("The repositories of %(entity)s will be created in %(namespace)s.")
                % {"entity": namespace.entity.acronym, "namespace": namespace},
            )
            return redirect("hosting:forges")
    status = 400 if form.errors else 200
    return render(request, "forges/namespace_form.html", {"form": form}, status=status)


@access(FOCAL_POINT)
@require_POST
def project_retry(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    try:
        repository_retry(actor=request.user, project=project)
    except ValidationError as error:
        outcome, level = " ".join(error.messages), messages.ERROR
    else:
        outcome, level = _("Provisioning was asked for again."), messages.SUCCESS
    if request.headers.get("HX-Request"):
        hosting = hosting_for_project(project, request.user)
        context = {"hosting": hosting, "project": project, "outcome": outcome}
        return render(request, "forges/_project_hosting.html", context)
    messages.add_message(request, level, outcome)
    return redirect("catalog:detail", slug=project.slug)


def _errors_onto(form: forms.Form, error: ValidationError) -> None:
    """The service's refusal, on the field it is about where the form has that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
