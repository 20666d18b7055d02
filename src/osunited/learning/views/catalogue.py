"""The learning catalogue and paths (CPF 4.5): public pages to search and read them, and the
capacity-building team's pages to create, edit and unpublish modules and edit a path's steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import CAPACITY_TEAM, CONTRIBUTOR, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.learning.forms_catalogue import ModuleForm, PathStepForm
from osunited.learning.models import LearningModule
from osunited.learning.selectors.catalogue import (
    catalogue_search,
    get_module,
    get_module_page,
    get_path,
    get_path_page,
    may_manage_catalogue,
    modules_for_path_steps,
    parse_catalogue_query,
    path_list,
    unpublished_modules,
)
from osunited.learning.services.catalogue import (
    module_create,
    module_publication_set,
    module_update,
    path_step_move,
    path_step_remove,
    path_step_set,
)


@access(PUBLIC)
@require_GET
def catalogue_index(request: HttpRequest) -> HttpResponse:
    context = {
        "results": catalogue_search(parse_catalogue_query(request.GET)),
        "unpublished": unpublished_modules(request.user),
        "may_manage": may_manage_catalogue(request.user),
    }
    if (
        request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "catalogue-results"
    ):
        return render(request, "learning/catalogue_results.html", context)
    return render(request, "learning/catalogue_index.html", context)


@access(PUBLIC)
@require_GET
def catalogue_module(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_module_page(slug=slug, viewer=request.user)
    return render(request, "learning/catalogue_module.html", {"view": page})


def _module_form_page(
    request: AuthenticatedHttpRequest, form: ModuleForm, module: LearningModule | None = None
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "module": module}
    return render(request, "learning/catalogue_module_form.html", context, status=status)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def catalogue_module_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = module_create(
                slug=form.cleaned_data["slug"], actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The module was added to the catalogue."))
            return redirect("learning:catalogue_module", slug=module.slug)
    return _module_form_page(request, form)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def catalogue_module_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    module = get_module(slug=slug, viewer=request.user)
    form = ModuleForm(request.POST or None, module=module)
    if request.method == "POST" and form.is_valid():
        try:
            module_update(module=module, actor=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The module was saved."))
            return redirect("learning:catalogue_module", slug=module.slug)
    return _module_form_page(request, form, module)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_POST
def catalogue_module_publication(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    module = get_module(slug=slug, viewer=request.user)
    published = request.POST.get("published") == "yes"
    module_publication_set(module=module, published=published, actor=request.user)
    if published:
        messages.success(request, _("The module is back in the catalogue."))
    else:
        messages.success(
            request, _("The module left the catalogue; events and certificates still name it.")
        )
    return redirect("learning:catalogue_module", slug=module.slug)


@access(PUBLIC)
@require_GET
def catalogue_paths(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/catalogue_paths.html", {"paths": path_list()})


@access(PUBLIC)
@require_GET
def catalogue_path(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_path_page(slug=slug, viewer=request.user)
    return render(request, "learning/catalogue_path.html", {"view": page})


def _path_edit_page(
    request: AuthenticatedHttpRequest, slug: str, form: PathStepForm | None = None
) -> HttpResponse:
    context = {
        "view": get_path_page(slug=slug, viewer=request.user),
        "form": form or PathStepForm(modules=modules_for_path_steps()),
    }
    status = 400 if form is not None else 200
    return render(request, "learning/catalogue_path_edit.html", context, status=status)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def catalogue_path_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The path's steps, and a form to add one (or change why a module is on it)."""
    learning_path = get_path(slug=slug)
    if request.method != "POST":
        return _path_edit_page(request, slug)
    form = PathStepForm(request.POST, modules=modules_for_path_steps())
    if form.is_valid():
        try:
            path_step_set(path=learning_path, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The path was saved."))
            return redirect("learning:catalogue_path_edit", slug=slug)
    return _path_edit_page(request, slug, form)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_POST
def catalogue_path_step_remove(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    learning_path = get_path(slug=slug)
    try:
        path_step_remove(path=learning_path, step_id=pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step was removed."))
    return redirect("learning:catalogue_path_edit", slug=slug)


@access(CAPACITY_TEAM, CONTRIBUTOR)
@require_POST
def catalogue_path_step_move(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    learning_path = get_path(slug=slug)
    up = request.POST.get("direction") == "up"
    try:
        path_step_move(path=learning_path, step_id=pk, up=up, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:catalogue_path_edit", slug=slug)


urlpatterns: list[URLPattern] = [
    path("", catalogue_index, name="catalogue_index"),
    path("modules/new/", catalogue_module_create, name="catalogue_module_create"),
    path("modules/<slug:slug>/", catalogue_module, name="catalogue_module"),
    path("modules/<slug:slug>/edit/", catalogue_module_edit, name="catalogue_module_edit"),
    path(
        "modules/<slug:slug>/publication/",
        catalogue_module_publication,
        name="catalogue_module_publication",
    ),
    path("paths/", catalogue_paths, name="catalogue_paths"),
    path("paths/<slug:slug>/", catalogue_path, name="catalogue_path"),
    path("paths/<slug:slug>/edit/", catalogue_path_edit, name="catalogue_path_edit"),
    path(
        "paths/<slug:slug>/steps/<int:pk>/remove/",
        catalogue_path_step_remove,
        name="catalogue_path_step_remove",
    ),
    path(
        "paths/<slug:slug>/steps/<int:pk>/move/",
        catalogue_path_step_move,
        name="catalogue_path_step_move",
    ),
]
