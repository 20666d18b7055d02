"""The roster of experts (CPF 4.1.3, G10): applying, the Board's vetting, the roster's search and
an expert's page for UN staff, consultations with conflicts of interest checked, and the Project
Review Committee's requests for an opinion on a review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import osunited.catalog.views  # noqa: F401 - registers the <uslug:> converter of project slugs
from osunited.accounts.roles import BOARD, CONTRIBUTOR, REVIEWER, SIGNED_IN, UN_STAFF, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.selectors import get_project_for_user
from osunited.governance.conflicts import Conflict
from osunited.governance.forms_experts import (
    AnswerForm,
    ConsultationForm,
    ExpertForm,
    OpinionForm,
    RosterSearchForm,
    VettingForm,
)
from osunited.governance.models import (
    ConsultationKind,
    ConsultationRequest,
    Expert,
    ExpertStatus,
)
from osunited.governance.selectors import experts as selectors
from osunited.governance.services import experts as services

_DONE = {
    "accept": gettext_lazy("Request accepted; the requester was told by e-mail."),
    "decline": gettext_lazy("Request declined; the requester was told by e-mail."),
    "answer": gettext_lazy("Answer sent; the requester was told by e-mail."),
    "withdraw": gettext_lazy("Request withdrawn; the expert was told by e-mail."),
}


@access(UN_STAFF)
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    form = RosterSearchForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    rows = selectors.roster(**form.filters()) if valid else selectors.roster()
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "rows": rows}
    return render(request, "governance/experts_roster.html", context, status=status)


@access(UN_STAFF)
@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = selectors.expert_row(selectors.get_vetted_expert(pk))
    context = {"row": row, "own": row.expert.user_id == request.user.pk}
    return render(request, "governance/experts_detail.html", context)


@access(CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    expert = selectors.expert_of(request.user)
    initial = ExpertForm.initial_for(expert) or {"display_name": request.user.get_full_name()}
    form = ExpertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "other_languages"}
        try:
            saved = services.expert_apply(actor=request.user, profile=services.Profile(**data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(expert, saved))
            return redirect("governance:experts_apply")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "expert": expert}
    return render(request, "governance/experts_apply.html", context, status=status)


def _saved_message(before: Expert | None, expert: Expert) -> str:
    if expert.status != ExpertStatus.APPLIED:
        return _("Your profile is saved.")
    if before is not None and before.status == ExpertStatus.VETTED:
        return _("Saved. Your declaration of interests changed: the Board reviews it again.")
    return _("Your application is sent to the Board.")


@access(CONTRIBUTOR)
@require_POST
def withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.expert_withdraw(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Withdrawn: you are not on the roster."))
    return redirect("governance:experts_apply")


@access(BOARD)
@require_GET
def vetting(request: HttpRequest) -> HttpResponse:
    context = {"rows": selectors.applications(), "decided": selectors.recently_vetted()}
    return render(request, "governance/experts_vetting.html", context)


@access(BOARD)
@require_http_methods(["GET", "POST"])
def vet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expert = selectors.get_expert(pk)
    form = VettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepted = form.cleaned_data["decision"] == "accept"
        try:
            notes = form.cleaned_data["notes"]
            services.expert_vet(expert=expert, actor=request.user, accepted=accepted, notes=notes)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, _("Decision recorded; the applicant was told by e-mail."))
            return redirect("governance:experts_vetting")
    context = {
        "form": form,
        "row": selectors.expert_row(expert),
        "own": expert.user_id == request.user.pk,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/experts_vet.html", context, status=status)


def _messages_of(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@access(UN_STAFF, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def consultation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expert = selectors.get_vetted_expert(pk)
    projects = selectors.projects_to_consult_about(request.user)
    initial = {"entity": request.user.entity_id}
    form = ConsultationForm(request.POST or None, initial=initial, projects=projects)
    conflicts: list[Conflict] = []
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_request(
                actor=request.user, expert=expert, **form.cleaned_data
            )
        except services.ConflictsToConfirm as found:
            conflicts = list(found.conflicts)
            form.add_error(None, found)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request sent; the expert was told by e-mail."))
            return redirect("governance:consultations_detail", consultation.pk)
    context = {"form": form, "row": selectors.expert_row(expert), "conflicts": conflicts}
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/consultations_new.html", context, status=status)


@access(SIGNED_IN)
@require_GET
def consultations_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "expert": selectors.expert_of(request.user),
        "received": selectors.consultations_received(request.user),
        "sent": selectors.consultations_sent(request.user),
    }
    return render(request, "governance/consultations_mine.html", context)


@access(SIGNED_IN)
@require_GET
def consultation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.get_consultation_for_party(request.user, pk)
    return _render_detail(request, consultation, AnswerForm(), status=200)


def _render_detail(
    request: AuthenticatedHttpRequest,
    consultation: ConsultationRequest,
    form: AnswerForm,
    *,
    status: int,
) -> HttpResponse:
    allowed = services.changes_allowed(request.user, consultation)
    context = {
        "consultation": consultation,
        "conflicts": selectors.conflicts_recorded(consultation),
        "is_expert": consultation.expert.user_id == request.user.pk,
        "changes": [name for name in allowed if name != "answer"],
        "may_answer": "answer" in allowed,
        "form": form,
    }
    return render(request, "governance/consultations_detail.html", context, status=status)


@access(CONTRIBUTOR)
@require_POST
def consultation_change(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    consultation = selectors.get_consultation_for_party(request.user, pk)
    form = AnswerForm(request.POST) if action == "answer" else None
    if form is not None and not form.is_valid():
        return _render_detail(request, consultation, form, status=400)
    response = form.cleaned_data["response"] if form is not None else ""
    try:
        services.consultation_change(
            actor=request.user, consultation=consultation, action=action, response=response
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _DONE[action])
    return redirect("governance:consultations_detail", consultation.pk)


@access(REVIEWER)
@require_POST
def opinion_request(request: AuthenticatedHttpRequest, project_slug: str) -> HttpResponse:
    """From a project's review page: ask a vetted expert without a conflict for an opinion."""
    project = get_project_for_user(user=request.user, slug=project_slug)
    free, _conflicted = selectors.experts_for_opinion(project)
    form = OpinionForm(request.POST, experts=free)
    back = reverse("catalog:review", kwargs={"slug": project.slug}) + "#expert-opinions"
    if not form.is_valid():
        messages.error(request, _opinion_form_errors(form))
        return redirect(back)
    try:
        services.consultation_request(
            actor=request.user,
            expert=form.cleaned_data["expert"],
            subject=form.cleaned_data["subject"],
            message=form.cleaned_data["message"],
            kind=ConsultationKind.REVIEW_OPINION,
            entity=project.entity,
            project=project,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The expert is asked for an opinion and told by e-mail."))
    return redirect(back)


def _opinion_form_errors(form: OpinionForm) -> str:
    lines = [
        f"{form.fields[name].label}: {' '.join(map(str, errors))}"
        if name in form.fields
        else " ".join(map(str, errors))
        for name, errors in form.errors.items()
    ]
    return _("Nothing was sent. %(errors)s") % {"errors": " ".join(lines)}


urlpatterns = [
    path("experts/", roster, name="experts_roster"),
    path("experts/apply/", apply, name="experts_apply"),
    path("experts/withdraw/", withdraw, name="experts_withdraw"),
    path("experts/vetting/", vetting, name="experts_vetting"),
    path("experts/<int:pk>/", detail, name="experts_detail"),
    path("experts/<int:pk>/vet/", vet, name="experts_vet"),
    path("experts/<int:pk>/consult/", consultation_new, name="consultations_new"),
    path("consultations/", consultations_mine, name="consultations_mine"),
    path("consultations/<int:pk>/", consultation_detail, name="consultations_detail"),
    path("opinions/<uslug:project_slug>/", opinion_request, name="consultations_opinion"),
    *(
        path(
            f"consultations/<int:pk>/{action}/",
            consultation_change,
            {"action": action},
            name=f"consultations_{action}",
        )
        for action in services.CHANGES
    ),
]
