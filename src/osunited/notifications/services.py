"""Writing notifications: `notify` is the one way in, called beside every e-mail to a person.

Neither creating nor reading a notification is audited: what caused it (a transition, an
answer, a reminder) is audited where it happens, and whether a person has read their own
notifications is no one else's record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from osunited.accounts.models import User
from osunited.notifications.kinds import KINDS
from osunited.notifications.models import Notification
from osunited.notifications.selectors import get_notification_for_user, is_local_path

Param = str | int


@transaction.atomic
def notify(
    *, users: Iterable[User], kind: str, url: str, params: Mapping[str, Param]
) -> list[Notification]:
    """One notification for each of `users` (each once), in the caller's transaction: it exists
    if and only if what it tells of happened. `url` is the path of the page it is about."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    missing = KINDS[kind].placeholders - params.keys()
    if missing:
        raise ValueError(f"{kind} needs the parameters {sorted(missing)}")
    if not is_local_path(url):
        raise ValueError(f"A notification links to a page of the platform, not {url!r}")
    stored = {
        name: value if isinstance(value, int) else str(value) for name, value in params.items()
    }
    recipients = {user.pk: user for user in users if user is not None}
    return Notification.objects.bulk_create(
        Notification(user=user, kind=kind, url=url, params=stored) for user in recipients.values()
    )


@transaction.atomic
def notification_open(*, user: User, pk: int) -> Notification:
    """The reader's notification, marked read (404 for anyone else's)."""
    notification = get_notification_for_user(user=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
