from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from osunited.audit.models import AuditEvent
from osunited.audit.services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Administrators read and filter the log; nobody can add, change or delete an event."""

    list_display = (
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_label",
        "ip_address",
    )
    list_filter = ("action", "object_type", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "object_label", "object_id", "action", "ip_address")
    date_hierarchy = "occurred_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    list_select_related = ("actor",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose every addition, change and deletion also lands in the audit log."""

    def _audit(self, request: HttpRequest, obj: Any, verb: str, message: Any = None) -> None:
        audit_record(
            action=f"{obj._meta.model_name}.{verb}",
            actor=request.user,
            target=obj,
            changes={"admin": message} if message else {},
            request=request,
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "created", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)
