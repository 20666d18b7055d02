"""The catalog as CSV and JSON, written row by row so that a large catalog streams.

Callers pass the projects the reader may see (`visible_projects`). CSV cells that a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return) get a leading quote
(OWASP's advice against CSV injection): project texts come from users.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from osunited.catalog.models import Project
from osunited.catalog.vulnerabilities import SEVERITIES, project_vulnerability_figures

CHUNK_SIZE = 500
# Empty (null in JSON), never 0, when not measured; the reason column says why.
VULNERABILITY_COLUMNS = (
    *(f"vulnerabilities_{severity}" for severity in SEVERITIES),
    "vulnerabilities_not_measured_reason",
    "vulnerability_database_date",
    "vulnerability_database_sources",
    "vulnerabilities_unchecked_ecosystems",
)
COLUMNS = (
    "slug",
    "name",
    "entity",
    "status",
    "purpose",
    "description",
    "development_status",
    "licenses",
    "website",
    "documentation_url",
    "repositories",
    "sdgs",
    "topics",
    "languages",
    "hosting",
    "scan_health",
    "latest_scan_finished_at",
    "status_changed_at",
    "page_url",
    *VULNERABILITY_COLUMNS,
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_records(projects: QuerySet[Project], *, base_url: str) -> Iterator[dict[str, Any]]:
    """One plain record per project, in name order, read from the database in chunks."""
    rows = (
        projects.select_related("entity", "latest_scan")
        .prefetch_related("repositories", "sdgs")
        .order_by("name", "pk")
    )
    for project in rows.iterator(chunk_size=CHUNK_SIZE):
        scan = project.latest_scan
        yield {
            "slug": project.slug,
            "name": project.name,
            "entity": project.entity.acronym,
            "status": project.status,
            "purpose": project.purpose,
            "description": project.description,
            "development_status": project.development_status,
            "licenses": project.licenses,
            "website": project.website,
            "documentation_url": project.documentation_url,
            "repositories": [r.url for r in project.repositories.all()],
            "sdgs": [{"goal": s.goal, "evidence": s.evidence} for s in project.sdgs.all()],
            "topics": list(project.topics),
            "languages": list(project.languages),
            "hosting": project.hosting,
            "scan_health": project.scan_health,
            "latest_scan_finished_at": scan.finished_at if scan else None,
            "status_changed_at": project.status_changed_at,
            "page_url": base_url + reverse("catalog:detail", kwargs={"slug": project.slug}),
            **_vulnerability_fields(project),
        }


def _vulnerability_fields(project: Project) -> dict[str, Any]:
    figures = project_vulnerability_figures(project).as_data()
    return {
        **{f"vulnerabilities_{severity}": figures[severity] for severity in SEVERITIES},
        "vulnerabilities_not_measured_reason": figures["not_measured_reason"],
        "vulnerability_database_date": figures["database_date"],
        "vulnerability_database_sources": figures["database_sources"],
        "vulnerabilities_unchecked_ecosystems": figures["unchecked_ecosystems"],
    }


class _Echo:
    """A file that hands back what is written, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet will not run: lists joined, formulas quoted."""
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = "; ".join(
            str(item["goal"]) if isinstance(item, dict) else str(item) for item in value
        )
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for record in records:
        yield writer.writerow([csv_cell(record[column]) for column in COLUMNS])


def json_chunks(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """`{"generated_at": ..., "format": ..., "projects": [...]}`, one project per chunk."""
    head = {"generated_at": timezone.now(), "format": "osunited-catalog/1"}
    yield json.dumps(head, cls=DjangoJSONEncoder)[:-1] + ', "projects": ['
    for number, record in enumerate(records):
        yield ("," if number else "") + "\n" + json.dumps(record, cls=DjangoJSONEncoder)
    yield "\n]}\n"
