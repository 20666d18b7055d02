from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.utils import timezone

from osunited.platform.models import Heartbeat

if TYPE_CHECKING:
    from osunited.catalog.vulnerabilities import VulnerabilityCoverage


@dataclass(frozen=True)
class Health:
    database_ok: bool
    worker_last_beat: datetime | None
    worker_ok: bool

    @property
    def ok(self) -> bool:
        return self.database_ok


def platform_health() -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:  # any database failure means "not healthy", whatever its kind
        return Health(database_ok=False, worker_last_beat=None, worker_ok=False)
    beat = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    # A worker that missed three beats in a row is considered gone.
    allowed_silence = timedelta(seconds=3 * settings.OSU_HEARTBEAT_SECONDS)
    worker_ok = beat is not None and timezone.now() - beat <= allowed_silence
    return Health(database_ok=database_ok, worker_last_beat=beat, worker_ok=worker_ok)


@dataclass(frozen=True)
class OperatorFigures:
    """What an operator watches (the /metrics endpoint): queues, failures, freshness."""

    health: Health
    scans_waiting: int  # queued or running
    scans_failed_total: int
    scans_failed_24h: int
    review_queue: int  # projects waiting for the committee
    last_snapshot: datetime | None
    vulnerabilities: VulnerabilityCoverage | None = None  # of the projects past their draft


def operator_figures() -> OperatorFigures:
    from osunited.catalog.models import Project, Scan, ScanStatus
    from osunited.catalog.vulnerabilities import vulnerability_coverage
    from osunited.catalog.workflow import QUEUE_STATUSES, ProjectStatus
    from osunited.dashboard.models import MetricSnapshot

    health = platform_health()
    failed = Scan.objects.filter(status=ScanStatus.FAILED)
    day_ago = timezone.now() - timedelta(days=1)
    waiting = Scan.objects.filter(status__in=(ScanStatus.QUEUED, ScanStatus.RUNNING))
    return OperatorFigures(
        health=health,
        scans_waiting=waiting.count(),
        scans_failed_total=failed.count(),
        scans_failed_24h=failed.filter(finished_at__gte=day_ago).count(),
        review_queue=Project.objects.filter(status__in=QUEUE_STATUSES).count(),
        last_snapshot=MetricSnapshot.objects.order_by("-taken_at")
        .values_list("taken_at", flat=True)
        .first(),
        vulnerabilities=vulnerability_coverage(Project.objects.exclude(status=ProjectStatus.DRAFT)),
    )
