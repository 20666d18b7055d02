"""The monitoring dashboards and the data behind each chart (docs/metrics.md)."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from osunited.accounts.roles import PUBLIC, access
from osunited.dashboard.forms import DashboardFilterForm
from osunited.dashboard.metrics import METRIC_IDS
from osunited.dashboard.selectors import (
    Scope,
    chart_for,
    latest_snapshot,
    page_charts,
    scope_for,
)

GROUPS = (
    ("adoption", "Adoption"),
    ("catalog", "Catalog"),
    ("compliance", "Compliance and security"),
    ("community", "Community health"),
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
    return render(request, "dashboard/dashboard.html", {
        "form": form, "scope": scope, "groups": groups, "snapshot": latest_snapshot(scope.id),
        "query": request.GET.urlencode(),
    }, status=status)  # fmt: skip


@access(PUBLIC)
def chart_data(request: HttpRequest, metric_id: str, fmt: str) -> HttpResponse:
    """Exactly the rows one chart shows, with the page's filters, as CSV or JSON."""
    if metric_id not in METRIC_IDS or fmt not in ("csv", "json"):
        raise Http404
    form, scope, days = _filters(request)
    if form.is_bound and not form.is_valid():
        message = " ".join(str(e) for e in form.non_field_errors()) or "A filter is wrong."
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    chart = chart_for(scope, metric_id, days=days)
    name = f"osunited-{metric_id}-{scope.id}-{timezone.localdate()}.{fmt}"
    header = ("day" if chart.trend else "key", metric_id)
    if fmt == "json":
        rows = [dict(zip(header, row, strict=True)) for row in chart.rows]
        body = json.dumps({"metric": metric_id, "scope": scope.id, "rows": rows})
        response = HttpResponse(body, content_type="application/json")
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(chart.rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
