"""The OSPO strategy tools (OSEE, Strategy module): the total cost of ownership calculator with
its CSV and XLSX exports, the replacement value of a catalogued project (COCOMO II), and an
entity's OSPO staffing plan."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from osunited import osee, strategy
from osunited.accounts.roles import LEARNING_PLANNER, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.catalog.selectors import get_project_for_user
from osunited.learning.exports_strategy import tco_csv, tco_xlsx
from osunited.learning.forms_strategy import (
    OPTION_LABELS,
    PHASE_LABELS,
    RUNNING_LABELS,
    ReplacementForm,
    TcoForm,
)
from osunited.learning.selectors.strategy import (
    entities_to_plan_for,
    entity_portfolio,
    get_entity_for_staffing,
    latest_scan_size,
    scanned_projects_for,
)

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
LABELS = {"options": OPTION_LABELS, "phases": PHASE_LABELS, "running_kinds": RUNNING_LABELS}


@access(PUBLIC)
@require_GET
def strategy_index(request: HttpRequest) -> HttpResponse:
    context = {
        "projects": scanned_projects_for(request.user),
        "entities": entities_to_plan_for(request.user),
    }
    return render(request, "learning/strategy_index.html", context)


@access(PUBLIC)
@require_GET
def strategy_tco(request: HttpRequest) -> HttpResponse:
    """A GET form: the scenario is in the address. `?format=csv` or `xlsx` downloads it."""
    wages = strategy.load_wage_table()
    form = TcoForm(request.GET if "horizon" in request.GET else None, wages=wages)
    result = None
    if form.is_valid() and form.scenario is not None:
        result = strategy.total_cost_of_ownership(form.scenario)
        export = EXPORTS.get(request.GET.get("format", ""))
        if export:
            return _download(result, *export)
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {
        "form": form,
        "result": result,
        "wages": wages,
        "labour_rows": form.rows("labour"),
        "licence_rows": form.rows("licence"),
        "running_rows": form.rows("running"),
        "max_lines": strategy.MAX_LINES_PER_KIND,
        **LABELS,
    }
    return render(request, "learning/strategy_tco.html", context, status=status)


def _download(result: strategy.TcoResult, content_type: str, extension: str) -> HttpResponse:
    body: str | bytes = tco_csv(result) if extension == "csv" else tco_xlsx(result)
    response = HttpResponse(body, content_type=content_type)
    filename = f"total-cost-of-ownership.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access(PUBLIC)
@require_GET
def strategy_replacement(request: HttpRequest, project_slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=project_slug)
    size = latest_scan_size(project)
    scanned_lines = size.lines_of_code if size else None
    wages = strategy.load_wage_table()
    asked = "lines_of_code" in request.GET
    form = ReplacementForm(request.GET if asked else None, wages=wages)
    form.initial["lines_of_code"] = scanned_lines
    estimate = None
    if form.is_valid():
        rate = form.cleaned_data["rate"]
        estimate = strategy.replacement_value(
            lines_of_code=form.cleaned_data["lines_of_code"],
            monthly_low=rate.monthly.low,
            monthly_high=rate.monthly.high,
        )
    context = {
        "project": project,
        "size": size,
        "scanned_effort": _effort(scanned_lines),
        "form": form,
        "estimate": estimate,
        "from_scan": estimate is not None and estimate.lines_of_code == scanned_lines,
        "rate": form.cleaned_data.get("rate") if estimate else None,
        "wages": wages,
        "scale_factors": strategy.NOMINAL_SCALE_FACTORS,
        "effort_multipliers": strategy.NOMINAL_EFFORT_MULTIPLIERS,
        "constants": {"A": strategy.A, "B": strategy.B, "C": strategy.C, "D": strategy.D},
        "hours_per_person_month": strategy.HOURS_PER_PERSON_MONTH,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "learning/strategy_replacement.html", context, status=status)


def _effort(lines_of_code: int | None) -> strategy.CocomoEstimate | None:
    """COCOMO II's effort and schedule for the scanned size, before any wage is chosen."""
    if lines_of_code is None or not 1 <= lines_of_code <= strategy.MAX_LINES_OF_CODE:
        return None
    # Effort and schedule do not depend on the wage: a unit wage stands in until one is chosen.
    unit = Decimal(1)
    return strategy.replacement_value(
        lines_of_code=lines_of_code, monthly_low=unit, monthly_high=unit
    )


@access(LEARNING_PLANNER)
@require_GET
def strategy_staffing(request: AuthenticatedHttpRequest, entity_slug: str) -> HttpResponse:
    entity = get_entity_for_staffing(request.user, entity_slug)
    portfolio = entity_portfolio(entity)
    plan = strategy.staffing_plan(osee.load_osee().ospo_roles, portfolio)
    context = {
        "entity": entity,
        "plan": plan,
        "rules": sorted(strategy.SIZING_RULES.items()),
        "unsized": strategy.UNSIZED_RULE,
    }
    return render(request, "learning/strategy_staffing.html", context)


urlpatterns: list[URLPattern] = [
    path("strategy/", strategy_index, name="strategy_index"),
    path("strategy/tco/", strategy_tco, name="strategy_tco"),
    path(
        "strategy/replacement/<str:project_slug>/",
        strategy_replacement,
        name="strategy_replacement",
    ),
    path("strategy/staffing/<slug:entity_slug>/", strategy_staffing, name="strategy_staffing"),
]
