from django.contrib import admin
from django.http import HttpRequest

from osunited.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Read only: notifications come from what happens on the platform, never from the admin."""

    list_display = ("created_at", "user", "kind", "url", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "kind")
    readonly_fields = ("user", "kind", "url", "params", "created_at", "read_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
