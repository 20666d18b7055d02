"""The policy library's public reads: search with facets, the world map of coverage and gaps,
and the exports of a result set (CSV in the CSIS columns, JSON with every field)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from osunited.accounts.roles import PUBLIC, access
from osunited.policies.csis import CSIS_COLUMNS, csis_row
from osunited.policies.models import Policy
from osunited.policies.regions import BANDS, HEIGHT, WIDTH, map_regions
from osunited.policies.search import SORTS, parse_query, policy_search
from osunited.policies.selectors.search import (
    detail_url,
    detail_url_pattern,
    export_policies,
    policy_record,
    region_figures,
    searchable_policies,
)

CSIS_ATTRIBUTION = (
    "CSIS Government Open Source Software Policies (December 2022), by Eugenia Lostri, Georgia "
    "Wood and Megha Jain, Center for Strategic and International Studies, CC-BY-4.0"
)
DEFAULT_SINCE = 2015
DEFAULT_FEWER_THAN = 3


@access(PUBLIC)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    query = parse_query(request.GET)
    results = policy_search(searchable_policies(), query)
    pattern = detail_url_pattern()
    for policy in results.page:
        policy.detail_url = detail_url(pattern, policy)
    context = {
        "results": results,
        "sorts": SORTS,
        "query_string": urlencode(query.as_params()),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "policy-results":
        return render(request, "policies/search_results.html", context)
    return render(request, "policies/search_index.html", context)


def _year_param(value: str | None, default: int, low: int, high: int) -> tuple[int, bool]:
    """A whole number between `low` and `high`, or the default (and False: it was refused)."""
    if not value:
        return default, True
    try:
        number = int(value)
    except ValueError:
        return default, False
    return (number, True) if low <= number <= high else (default, False)


@access(PUBLIC)
@require_GET
def world_map(request: HttpRequest) -> HttpResponse:
    this_year = timezone.now().year
    since, since_ok = _year_param(request.GET.get("since"), DEFAULT_SINCE, 1990, this_year)
    fewer, fewer_ok = _year_param(request.GET.get("fewer_than"), DEFAULT_FEWER_THAN, 1, 1000)
    notes = []
    if not since_ok:
        notes.append(_("The year must be between 1990 and %(year)s.") % {"year": this_year})
    if not fewer_ok:
        notes.append(_("The number of policies must be between 1 and 1000."))
    regions = map_regions(region_figures(), since=since, fewer_than=fewer)
    context = {
        "regions": regions,
        "since": since,
        "fewer_than": fewer,
        "this_year": this_year,
        "notes": notes,
        "width": WIDTH,
        "height": HEIGHT,
        "bands": [name for _lowest, name in BANDS],
        "gaps": [region for region in regions if region.gap],
    }
    return render(request, "policies/map_index.html", context)


def _download(response: StreamingHttpResponse, name: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_lines(policies: Iterator[Policy]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSIS_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for policy in policies:
        writer.writerow(csis_row(policy))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; streamed too
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    policies = export_policies(parse_query(request.GET))
    response = StreamingHttpResponse(_csv_lines(policies), content_type="text/csv; charset=utf-8")
    return _download(response, f"osunited-policies-{timezone.now():%Y-%m-%d}.csv")


def _json_chunks(request: HttpRequest, policies: Iterator[Policy]) -> Iterator[str]:
    head = {"attribution": CSIS_ATTRIBUTION, "query": request.GET.urlencode()}
    yield json.dumps(head)[:-1] + ', "policies": ['
    pattern = detail_url_pattern()
    for number, policy in enumerate(policies):
        url = detail_url(pattern, policy)
        record = policy_record(policy, request.build_absolute_uri(url) if url else None)
        yield ("," if number else "") + json.dumps(record)
    yield "]}"


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; streamed too
@require_GET
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    policies = export_policies(parse_query(request.GET))
    chunks = _json_chunks(request, policies)
    response = StreamingHttpResponse(chunks, content_type="application/json")
    return _download(response, f"osunited-policies-{timezone.now():%Y-%m-%d}.json")


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("map/", world_map, name="map"),
    path("export.csv", export_csv, name="search_export_csv"),
    path("export.json", export_json, name="search_export_json"),
]
