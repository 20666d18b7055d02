"""The accounts' background work. Interfaces only."""

from __future__ import annotations

from celery import shared_task

from osunited.accounts import services


@shared_task
def send_policy_reminders() -> int:
    """Daily: users told of policy versions (the CLA) that take effect within two weeks."""
    return services.policy_reminders_send()
