from celery import shared_task

from osunited.dashboard.services import snapshot_take


@shared_task
def take_snapshot() -> int:
    """Today's snapshot, refreshed through the day (the schedule is in platform/celery.py)."""
    return snapshot_take()
