"""The learning app's background work. Interfaces only."""

from __future__ import annotations

from celery import shared_task

from osunited.learning.services import event_reminders


@shared_task
def send_event_reminders() -> int:
    """Hourly: confirmed participants of sessions starting within a day, each told once."""
    return event_reminders.reminders_send()
