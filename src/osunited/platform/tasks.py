from celery import shared_task

from osunited.platform.services import heartbeat_record


@shared_task
def record_heartbeat() -> str:
    """Proves a worker is consuming the queue; /healthz reports the time of the last beat."""
    heartbeat = heartbeat_record(name="worker")
    return heartbeat.beat_at.isoformat()
