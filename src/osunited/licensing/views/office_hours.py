"""Office hours with licensing experts (CPF 4.2.2): the public list of sessions, scheduling by the
licensing group, questions a project's focal point asks (from a license finding or the project
page), and the group's queue where questions are assigned to a session and answered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import osunited.catalog.views  # noqa: F401 - registers the <uslug:> converter of project slugs
from osunited.accounts.roles import FOCAL_POINT, LICENSING_GROUP, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.models import Project, ScanFinding
from osunited.catalog.selectors import get_project_for_user
from osunited.licensing.forms_office_hours import AnswerForm, AssignForm, QuestionForm, SessionForm
from osunited.licensing.selectors import office_hours as selectors
from osunited.licensing.services import office_hours as services


@access(PUBLIC)
@require_GET
def office_hours(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": selectors.upcoming_sessions(),
        "is_licensing_group": LICENSING_GROUP.allows(request.user),
    }
    return render(request, "licensing/office_hours_list.html", context)


@access(LICENSING_GROUP)
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.office_hours_session_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Session scheduled."))
        return redirect("licensing:office_hours")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "licensing/office_hours_session_form.html", {"form": form}, status=status
    )


@access(FOCAL_POINT)
@require_http_methods(["GET", "POST"])
def question_ask(request: AuthenticatedHttpRequest, project_slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=project_slug)
    if not project.has_focal_point(request.user):
        raise PermissionDenied(_("Only the project's focal points ask the licensing experts."))
    finding = _finding_of(request, project)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(
                actor=request.user,
                project=project,
                question=form.cleaned_data["question"],
                finding=finding,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Question sent to the licensing experts."))
            return redirect(reverse("catalog:detail", kwargs={"slug": project.slug}))
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "finding": finding, "form": form}
    return render(request, "licensing/office_hours_ask.html", context, status=status)


def _finding_of(request: HttpRequest, project: Project) -> ScanFinding | None:
    """The license finding the question is about (`?finding=<id>`), if any; 404 for any other."""
    raw = request.POST.get("finding") or request.GET.get("finding") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return selectors.get_license_finding(project, int(raw))


@access(LICENSING_GROUP)
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "questions": list(selectors.question_queue()),
        "assign_form": AssignForm(sessions=selectors.upcoming_sessions()),
    }
    return render(request, "licensing/office_hours_queue.html", context)


@access(LICENSING_GROUP)
@require_POST
def question_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question(pk)
    form = AssignForm(request.POST, sessions=selectors.upcoming_sessions())
    if not form.is_valid():
        messages.error(request, _("Choose a session that is not over; nothing was changed."))
        return redirect("licensing:office_hours_queue")
    try:
        services.question_assign(
            actor=request.user, question=question, session=form.cleaned_data["session"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question put on the session's agenda."))
    return redirect("licensing:office_hours_queue")


@access(LICENSING_GROUP)
@require_http_methods(["GET", "POST"])
def question_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question(pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Answer saved; the asker was told by e-mail."))
            return redirect("licensing:office_hours_queue")
    status = 400 if request.method == "POST" else 200
    context = {"question": question, "form": form}
    return render(request, "licensing/office_hours_answer.html", context, status=status)


@access(FOCAL_POINT)
@require_POST
def question_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question(pk)
    try:
        services.question_withdraw(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question withdrawn."))
    return redirect(reverse("catalog:detail", kwargs={"slug": question.project.slug}))


urlpatterns = [
    path("office-hours/", office_hours, name="office_hours"),
    path("office-hours/sessions/new/", session_new, name="office_hours_session_new"),
    path("office-hours/queue/", queue, name="office_hours_queue"),
    path("office-hours/ask/<uslug:project_slug>/", question_ask, name="office_hours_ask"),
    path(
        "office-hours/questions/<int:pk>/assign/",
        question_assign,
        name="office_hours_assign",
    ),
    path(
        "office-hours/questions/<int:pk>/answer/",
        question_answer,
        name="office_hours_answer",
    ),
    path(
        "office-hours/questions/<int:pk>/withdraw/",
        question_withdraw,
        name="office_hours_withdraw",
    ),
]
