"""The Celery application. Tasks live in each app's tasks.py and are found by autodiscovery."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osunited.platform.settings")

app = Celery("osunited")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "osunited.platform.tasks.record_heartbeat",
        "schedule": float(os.environ.get("OSU_HEARTBEAT_SECONDS", "60")),
    },
}
