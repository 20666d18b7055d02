"""What the platform tells a person, beside the e-mail it sends them (docs/notifications.md).

A notification keeps a kind and its parameters, never a rendered sentence: its text is written
when it is shown, in the reader's language (`kinds.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # A path on the platform ("/catalog/x/"), never another site: opening it redirects there.
    url = models.CharField(_("page"), max_length=500)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = (
            models.Index(fields=("user", "-created_at", "-id"), name="notification_newest"),
            models.Index(
                fields=("user",),
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
