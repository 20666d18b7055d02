"""Reading notifications: a person sees their own only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from osunited.accounts.models import User
from osunited.notifications.models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    """Newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(*, user: User, pk: int) -> Notification:
    """404 for a notification of someone else: its existence is not revealed."""
    return get_object_or_404(Notification, pk=pk, user=user)


def is_local_path(url: str) -> bool:
    """A path on this site ("/catalog/x/"), never a link to another one ("//evil", "https:")."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )
