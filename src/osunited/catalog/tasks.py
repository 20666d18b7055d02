"""The catalog's background work: scans and the sunset scheduler. Interfaces only."""

from __future__ import annotations

from dataclasses import asdict

from celery import Task, shared_task
from django.db import DatabaseError

from osunited.catalog import scan_queue, scanning, sunset


# A database that is briefly unavailable (SQLite locked, a PostgreSQL failover) is worth a few
# retries; a scan that cannot be done is recorded as failed by the service and never raises.
# The task id names the scan's lease, so that a retry (or a redelivery after its worker died)
# takes its own lease back at once.
@shared_task(
    bind=True,
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=30,
    retry_backoff_max=600,
)
def run_scan(self: Task, scan_id: int) -> None:  # type: ignore[type-arg]
    scanning.scan_execute(scan_id, owner=self.request.id or "")


@shared_task
def sweep_scans() -> dict[str, list[int]]:
    """Every OSU_SCAN_SWEEP_SECONDS: scans lost with their worker queued again or failed."""
    return asdict(scan_queue.scan_sweep())


@shared_task
def scan_published_projects() -> int:
    """Nightly: queue a scan of every published project and every one under sunset notice."""
    return len(scanning.scan_nightly())


@shared_task
def sunset_sweep() -> None:
    """Daily: reminders, sunset notices, and the projects now due for archiving."""
    sunset.sunset_sweep()
