"""Taking the daily snapshots of the dashboard's metrics, today's and, from history, past ones."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from osunited.dashboard.metrics import day_end, measure_all
from osunited.dashboard.models import MetricSnapshot
from osunited.platform.caching import DASHBOARD, public_content_changed


@transaction.atomic
def snapshot_take(day: date | None = None) -> int:
    """Measure every scope and store it as `day`'s snapshot (today by default, from the live
    state; a past day from history). Taken again, it replaces that day's: a retry does no harm.
    Returns the number of scopes stored."""
    today = timezone.localdate()
    day = day or today
    live = day >= today
    taken = timezone.now()
    scopes = measure_all(taken if live else day_end(day), live=live)
    MetricSnapshot.objects.filter(day=day).delete()
    MetricSnapshot.objects.bulk_create(
        MetricSnapshot(day=day, scope=scope, values=values, taken_at=taken)
        for scope, values in scopes.items()
    )
    public_content_changed(DASHBOARD)  # bulk writes send no signal
    return len(scopes)


def snapshot_backfill(*, days: int, replace: bool = False) -> list[date]:
    """Snapshots of the `days` days before today from the workflow history; days that already
    have one are kept unless `replace`. Returns the days taken."""
    today = timezone.localdate()
    wanted = [today - timedelta(days=n) for n in range(days, 0, -1)]
    if not replace:
        have = set(MetricSnapshot.objects.filter(day__in=wanted).values_list("day", flat=True))
        wanted = [day for day in wanted if day not in have]
    for day in wanted:
        snapshot_take(day)
    return wanted
