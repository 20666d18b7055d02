"""The monitoring dashboards and the data behind each chart (docs/metrics.md)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from osunited.accounts.roles import OSSIB_MEMBER, PUBLIC, access
from osunited.dashboard.forms import DashboardFilterForm
from osunited.dashboard.metrics import METRIC_IDS
from osunited.dashboard.selectors import (
    COMPARED,
    COMPARED_OVER_SCANS,
    PERIODS,
    Scope,
    chart_for,
    entity_comparison,
    latest_snapshot,
    page_charts,
    scope_for,
)
from osunited.entities.selectors import get_entity

GROUPS = (
    ("adoption", gettext_lazy("Adoption")),
    ("catalog", gettext_lazy("Catalog")),
    ("compliance", gettext_lazy("Compliance and security")),
    ("community", gettext_lazy("Community health")),
    ("capacity", gettext_lazy("Capacity building")),
)


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, Scope, int]:
    form = DashboardFilterForm(request.GET or None)
    if request.GET and form.is_valid():
        scope = scope_for(entity=form.cleaned_data["entity"], goal=form.cleaned_data["sdg"])
        return form, scope, form.days
    return form, scope_for(entity=None, goal=None), 365


@access(PUBLIC)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope, days = _filters(request)
    charts = page_charts(scope, days=days)
    groups = [(gid, title, charts[gid]) for gid, title in GROUPS if gid in charts]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "groups": groups,
            "snapshot": latest_snapshot(scope.id),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@access(PUBLIC)
def entity_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """One entity's figures (P8: entities monitor their projects)."""
    entity = get_entity(slug=slug)
    form = DashboardFilterForm(initial={"entity": entity.slug})
    period = request.GET.get("period", "1y")
    days = PERIODS.get(period, 365)
    scope = scope_for(entity=entity, goal=None)
    charts = page_charts(scope, days=days)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "snapshot": latest_snapshot(scope.id),
            "groups": [(gid, title, charts[gid]) for gid, title in GROUPS if gid in charts],
            "query": f"entity={entity.slug}&period={period if period in PERIODS else '1y'}",
        },
    )


@access(OSSIB_MEMBER)
def ossib_view(request: HttpRequest) -> HttpResponse:
    """Entities side by side, for the OSSIB board; public figures only, as everywhere."""
    sort = request.GET.get("sort", "")
    day, rows = entity_comparison(sort=sort)
    if request.GET.get("format") == "csv":
        return _comparison_csv(rows)
    return render(
        request,
        "dashboard/ossib.html",
        {
            "day": day,
            "rows": rows,
            "columns": COMPARED,
            "sort": sort,
        },
    )


def _comparison_csv(rows: list[Any]) -> HttpResponse:
    """The table as shown; a figure not measured is an empty cell (never 0), and each figure
    over scans has the number of projects it was measured over next to it."""
    out = io.StringIO()
    writer = csv.writer(out)
    over = list(COMPARED_OVER_SCANS)
    writer.writerow(
        ["entity", *(column for column, _, _ in COMPARED), *(f"{c}_measured_over" for c in over)]
    )
    for row in rows:
        measured = [row.coverage[c].measured if row.coverage.get(c) else None for c in over]
        writer.writerow([row.entity.acronym, *(row.values[c] for c, _, _ in COMPARED), *measured])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"osunited-entities-{timezone.localdate()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(PUBLIC)
def chart_data(request: HttpRequest, metric_id: str, fmt: str) -> HttpResponse:
    """Exactly the rows one chart shows, with the page's filters, as CSV or JSON."""
    if metric_id not in METRIC_IDS or fmt not in ("csv", "json"):
        raise Http404
    form, scope, days = _filters(request)
    if form.is_bound and not form.is_valid():
        message = " ".join(str(e) for e in form.non_field_errors()) or gettext("A filter is wrong.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    chart = chart_for(scope, metric_id, days=days)
    name = f"osunited-{metric_id}-{scope.id}-{timezone.localdate()}"
    if request.GET.get("view") == "trend" and chart.lines:
        header, rows = chart.trend_table
        name += "-trend"
    else:
        header = ["day" if chart.trend else "key", metric_id]
        rows = [list(row) for row in chart.rows]
    return _rows_download(header, rows, fmt=fmt, name=name, about=(metric_id, scope.id))


def _rows_download(
    header: list[str], rows: list[list[Any]], *, fmt: str, name: str, about: tuple[str, str]
) -> HttpResponse:
    if fmt == "json":
        records = [dict(zip(header, row, strict=True)) for row in rows]
        body = json.dumps({"metric": about[0], "scope": about[1], "rows": records})
        response = HttpResponse(body, content_type="application/json")
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
