from celery import shared_task

from osunited.platform.services import database_analyze, heartbeat_record


@shared_task
def record_heartbeat() -> str:
    """Proves a worker is consuming the queue; /healthz reports the time of the last beat."""
    heartbeat = heartbeat_record(name="worker")
    return heartbeat.beat_at.isoformat()


@shared_task
def analyze_database() -> str:
    """Nightly: fresh planner statistics for SQLite (PostgreSQL keeps its own)."""
    return database_analyze()
