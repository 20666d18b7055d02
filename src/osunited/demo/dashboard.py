"""The demo's monitoring history: the catalog's workflow spread over the past months (the demo
registers everything at load time), then a snapshot for each day of it, so that every chart of
the demo dashboard has a trend."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osunited.catalog.models import Project, ProjectEvent, Scan
from osunited.dashboard.services import snapshot_backfill, snapshot_take

HISTORY_DAYS = 60


def load_dashboard() -> None:
    _spread_catalog_history()
    snapshot_backfill(days=HISTORY_DAYS)
    snapshot_take()


def _spread_catalog_history() -> None:
    """Move each demo project's past back in time: the first registered 50 days ago, the next
    ones later, each transition four days after the one before."""
    now = timezone.now()
    for rank, project in enumerate(Project.objects.order_by("pk")):
        start = now - timedelta(days=HISTORY_DAYS - 10 - rank * 9)
        Project.objects.filter(pk=project.pk).update(created_at=start)
        events = list(ProjectEvent.objects.filter(project=project).order_by("created_at", "pk"))
        for step, event in enumerate(events):
            moment = min(start + timedelta(days=4 * (step + 1)), now)
            ProjectEvent.objects.filter(pk=event.pk).update(created_at=moment)
        last = min(start + timedelta(days=4 * len(events)), now)
        for order, scan_id in enumerate(
            Scan.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)
        ):
            moment = min(last + timedelta(minutes=order), now)  # scans keep their order
            Scan.objects.filter(pk=scan_id).update(finished_at=moment, created_at=moment)
