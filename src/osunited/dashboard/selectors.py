"""Reads of the dashboard's snapshots: the latest figures of a scope, and a metric's trend."""

from __future__ import annotations

from datetime import date
from typing import Any

from osunited.dashboard.metrics import METRIC_IDS
from osunited.dashboard.models import MetricSnapshot


def latest_snapshot(scope: str) -> MetricSnapshot | None:
    return MetricSnapshot.objects.filter(scope=scope).order_by("-day").first()


def metric_series(scope: str, metric_id: str, *, since: date) -> list[tuple[date, Any]]:
    """One metric's value per day since `since`, oldest first. The database extracts the one
    value from each day's JSON, so a trend over two years reads 730 numbers, not 730 rows."""
    if metric_id not in METRIC_IDS:
        raise KeyError(metric_id)
    rows = MetricSnapshot.objects.filter(scope=scope, day__gte=since).order_by("day")
    return list(rows.values_list("day", f"values__{metric_id}"))
