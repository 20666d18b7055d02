"""The requirements survey (CPF 4.2.1): rounds, the questionnaire an entity's representative
answers, the licensing group's results with their CSV, and the public summary."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osunited.accounts.roles import (
    ENTITY_REPRESENTATIVE,
    LICENSING_GROUP,
    PUBLIC,
    access,
    is_entity_representative,
)
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.models import Entity
from osunited.licensing import survey
from osunited.licensing.forms_survey import SurveyAnswerForm, SurveyRoundForm
from osunited.licensing.selectors import survey as selectors
from osunited.licensing.services.survey import (
    is_round_open,
    survey_response_save,
    survey_round_create,
)


@access(PUBLIC)
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rounds": selectors.survey_rounds(),
        "entities": selectors.represented_entities(request.user),
        "is_licensing_group": LICENSING_GROUP.allows(request.user),
        "minimum": survey.PUBLIC_SUMMARY_MINIMUM,
    }
    return render(request, "licensing/survey_list.html", context)


@access(LICENSING_GROUP)
@require_http_methods(["GET", "POST"])
def survey_round_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SurveyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey_round_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The round is open to entities from its first day."))
        return redirect("licensing:survey_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/survey_round_form.html", {"form": form}, status=status)


@access(ENTITY_REPRESENTATIVE)
@require_http_methods(["GET", "POST"])
def survey_answer(request: AuthenticatedHttpRequest, pk: int, entity_slug: str) -> HttpResponse:
    survey_round = selectors.get_survey_round(pk)
    entity = get_object_or_404(Entity, slug=entity_slug)
    if not is_entity_representative(request.user, entity):
        raise PermissionDenied(_("Only the entity's representatives answer for it."))
    response = selectors.response_of(survey_round, entity)
    submit = "submit" in request.POST
    form = SurveyAnswerForm(
        request.POST or None,
        version=survey_round.questions_version,
        submit=submit,
        stored=response.answers if response else None,
    )
    is_open = is_round_open(survey_round)
    if request.method == "POST" and not is_open:
        messages.error(request, _("This round is not open for answers; nothing was saved."))
    elif request.method == "POST" and form.is_valid():
        try:
            survey_response_save(
                actor=request.user,
                survey_round=survey_round,
                entity=entity,
                answers=form.answers,
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Answers submitted.") if submit else _("Draft saved."))
            return redirect(request.path)
    context = {
        "survey_round": survey_round,
        "entity": entity,
        "response": response,
        "form": form,
        "is_open": is_open,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/survey_answer.html", context, status=status)


@access(LICENSING_GROUP)
@require_GET
def survey_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_results = selectors.round_results(selectors.get_survey_round(pk))
    context = {"round_results": round_results, "results": round_results.results}
    return render(request, "licensing/survey_results.html", context)


@access(LICENSING_GROUP)
@require_GET
def survey_results_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_results = selectors.round_results(selectors.get_survey_round(pk))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}-results.csv"'
    csv.writer(response).writerows(survey.csv_rows(round_results.results))
    return response


@access(PUBLIC)
@require_GET
def survey_summary(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = selectors.get_survey_round(pk)
    context = {
        "survey_round": survey_round,
        "results": selectors.public_summary(survey_round),
        "minimum": survey.PUBLIC_SUMMARY_MINIMUM,
    }
    return render(request, "licensing/survey_summary.html", context)


urlpatterns = [
    path("survey/", survey_list, name="survey_list"),
    path("survey/new/", survey_round_new, name="survey_round_new"),
    path(
        "survey/<int:pk>/answer/<slug:entity_slug>/",
        survey_answer,
        name="survey_answer",
    ),
    path("survey/<int:pk>/results/", survey_results, name="survey_results"),
    path("survey/<int:pk>/results.csv", survey_results_csv, name="survey_results_csv"),
    path("survey/<int:pk>/summary/", survey_summary, name="survey_summary"),
]
