"""The Celery application. Tasks live in each app's tasks.py and are found by autodiscovery."""

import os

from celery import Celery
from celery.schedules import crontab

from osunited.platform.env import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osunited.platform.settings")

app = Celery("osunited")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "osunited.platform.tasks.record_heartbeat",
        "schedule": float(env_int("OSU_HEARTBEAT_SECONDS", 60, minimum=1)),
    },
    # Scans whose worker was lost (killed, restarted) are queued again or failed with the reason.
    "catalog-scan-sweep": {
        "task": "osunited.catalog.tasks.sweep_scans",
        "schedule": float(env_int("OSU_SCAN_SWEEP_SECONDS", 60, minimum=1)),
    },
    # Nightly, at quiet hours (CELERY_TIMEZONE): rescans first, then the sunset sweep reads them.
    "catalog-nightly-scans": {
        "task": "osunited.catalog.tasks.scan_published_projects",
        "schedule": crontab(hour=2, minute=0),
    },
    "catalog-sunset-sweep": {
        "task": "osunited.catalog.tasks.sunset_sweep",
        "schedule": crontab(hour=5, minute=0),
    },
    # Today's dashboard snapshot, kept fresh through the day; the last one of a day stays.
    "dashboard-snapshot": {
        "task": "osunited.dashboard.tasks.take_snapshot",
        "schedule": crontab(minute=15),
    },
    "database-analyze": {
        "task": "osunited.platform.tasks.analyze_database",
        "schedule": crontab(hour=3, minute=30),
    },
    "policy-reminders": {
        "task": "osunited.accounts.tasks.send_policy_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Hourly, so that a session is announced about a day ahead whatever hour it starts.
    "learning-event-reminders": {
        "task": "osunited.learning.tasks.send_event_reminders",
        "schedule": crontab(minute=40),
    },
    "audit-forge-namespaces": {
        "task": "osunited.forges.tasks.audit_namespaces",
        "schedule": crontab(hour=4, minute=0),
    },
}
