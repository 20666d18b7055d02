"""Registering and editing a project, the focal point's list, and workflow transitions."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osunited.accounts.roles import CONTRIBUTOR, SIGNED_IN, UN_STAFF, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.forms import (
    LINE_FIELDS,
    ProjectForm,
    TransitionForm,
    initial_for_project,
    parse_sources,
)
from osunited.catalog.models import Project, Review
from osunited.catalog.prefill import Prefill, prefill_from_publiccode, prefill_from_repository
from osunited.catalog.selectors import entities_for_registration, get_project_for_user
from osunited.catalog.services import (
    FROZEN_STATUSES,
    actor_for,
    project_create,
    project_transition,
    project_update,
)
from osunited.catalog.workflow import (
    Actor,
    ProjectStatus,
    TransitionNotAllowed,
    available_actions,
)

FORM_TEMPLATE = "catalog/project_form.html"
PARTIAL_TEMPLATE = "catalog/_prefill.html"


@access(UN_STAFF, CONTRIBUTOR)
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The registering user becomes a focal point; others are added by e-mail."""
    if request.method != "POST":
        form = ProjectForm(initial={"entity": request.user.entity_id})
        return _render_form(request, form, project=None)
    form = ProjectForm(request.POST, request.FILES)
    if "prefill" in request.POST:
        return _prefill(request, form, project=None)
    if form.is_valid():
        extra = [u for u in form.cleaned_data["focal_point_emails"] if u != request.user]
        try:
            project = project_create(
                created_by=request.user,
                focal_points=[request.user, *extra],
                repositories=form.cleaned_data["repositories"],
                sdgs=form.cleaned_data["sdgs"],
                source_archive=form.cleaned_data["source_archive"],
                texts=form.cleaned_data["texts"],
                **form.project_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%s is registered as a draft.") % project.name)
            return redirect(project_page(project))
    return _render_form(request, form, project=None)


@access(UN_STAFF, CONTRIBUTOR)
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    if Actor.FOCAL_POINT not in actor_for(project, request.user):
        raise PermissionDenied(_("Only the project's focal points may edit it."))
    if request.method != "POST":
        return _render_form(request, ProjectForm(initial=initial_for_project(project)), project)
    form = ProjectForm(request.POST, request.FILES, require_focal_points=True)
    if "prefill" in request.POST:
        return _prefill(request, form, project=project)
    if form.is_valid():
        changes = {
            **form.project_fields(),
            "focal_points": form.cleaned_data["focal_point_emails"],
            "repositories": form.cleaned_data["repositories"],
            "sdgs": form.cleaned_data["sdgs"],
            "texts": form.cleaned_data["texts"],
        }
        if form.cleaned_data["source_archive"]:
            changes["source_archive"] = form.cleaned_data["source_archive"]
        try:
            project_update(project=project, user=request.user, changes=changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes to %s are saved.") % project.name)
            return redirect(project_page(project))
    return _render_form(request, form, project)


def _prefill(
    request: AuthenticatedHttpRequest, form: ProjectForm, project: Project | None
) -> HttpResponse:
    """Fill the form from the repository URL or the publiccode.yml given; nothing is saved."""
    found, error = _run_prefill(request)
    data = request.POST.copy()
    if found is not None:
        _merge(data, found)
    fresh = ProjectForm(require_focal_points=project is not None)
    initial = {
        name: field.widget.value_from_datadict(data, {}, name)
        for name, field in fresh.fields.items()
        if name not in ("source_archive", "publiccode_file")
    }
    unbound = ProjectForm(initial=initial)
    if error:
        unbound.prefill_error = error  # type: ignore[attr-defined]
    elif found is not None:
        messages.info(request, _("The form is prefilled: check every value before you save."))
    return _render_form(request, unbound, project)


def _run_prefill(request: HttpRequest) -> tuple[Prefill | None, str]:
    url = request.POST.get("prefill_url", "").strip()
    upload = request.FILES.get("publiccode_file")
    text = request.POST.get("publiccode_text", "")
    try:
        if upload is not None:
            content = upload.read(1024 * 1024 + 1).decode("utf-8", "replace")
            return prefill_from_publiccode(content), ""
        if text.strip():
            return prefill_from_publiccode(text), ""
        if url:
            return prefill_from_repository(url), ""
    except ValidationError as error:
        return None, " ".join(error.messages)
    return None, _("Give a repository URL or a publiccode.yml to prefill from.")


def _merge(data: QueryDict, found: Prefill) -> None:
    for name, value in found.values.items():
        is_lines = name in LINE_FIELDS or name == "focal_point_emails"
        data[name] = "\n".join(value) if is_lines else str(value)
    sources = {**parse_sources(data.get("prefill_sources")), **found.sources}
    data["prefill_sources"] = json.dumps(sources)


def _render_form(
    request: AuthenticatedHttpRequest, form: ProjectForm, project: Project | None
) -> HttpResponse:
    entity = form.fields["entity"]
    entity.queryset = entities_for_registration(request.user)  # type: ignore[attr-defined]
    entity.empty_label = None  # type: ignore[attr-defined]  # one's own entity is preselected
    context = {"form": form, "project": project, "notes": form.prefill_notes()}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, PARTIAL_TEMPLATE, context)
    return render(request, FORM_TEMPLATE, context)


@access(UN_STAFF)
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's projects, with their status, what they can do next and the reviewers'
    feedback of the current round."""
    reviews = Review.objects.select_related("reviewer").order_by("-created_at")
    projects = (
        Project.objects.filter(focal_points=request.user.pk)
        .select_related("entity")
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="all_reviews"))
        .order_by("name")
    )
    rows = []
    for project in projects:
        status = ProjectStatus(project.status)
        rows.append(
            {
                "project": project,
                "status": status,
                "actions": available_actions(status, {Actor.FOCAL_POINT}),
                "editable": status not in FROZEN_STATUSES,
                "reviews": _current_round(project),
                "url": project_page(project),
            }
        )
    return render(request, "catalog/my_projects.html", {"rows": rows})


def _current_round(project: Project) -> list[Review]:
    reviews: list[Review] = getattr(project, "all_reviews", [])
    return [review for review in reviews if review.round == project.review_round]


@access(SIGNED_IN, CONTRIBUTOR)
@require_POST
def transition(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Make a workflow transition from the project page: `action` and a `comment`."""
    project = get_project_for_user(user=request.user, slug=slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action and say why, in a comment."))
        return redirect(_back(request, project))
    try:
        project_transition(
            project=project,
            action=form.cleaned_data["action"],
            user=request.user,
            comment=form.cleaned_data["comment"],
        )
    except (TransitionNotAllowed, PermissionDenied, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("You cannot make this change."))
    else:
        messages.success(request, _("Done: the focal points are told by e-mail."))
    return redirect(_back(request, project))


def _back(request: HttpRequest, project: Project) -> str:
    if request.POST.get("next") == "mine":
        return reverse("catalog:mine")
    return project_page(project)


def project_page(project: Project) -> str:
    return reverse("catalog:detail", kwargs={"slug": project.slug})


urlpatterns: list[URLPattern] = [
    path("register/", register, name="register"),
    path("mine/", mine, name="mine"),
    path("<uslug:slug>/edit/", edit, name="edit"),
    path("<uslug:slug>/transition/", transition, name="transition"),
]
