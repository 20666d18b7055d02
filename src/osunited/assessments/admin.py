from django.contrib import admin

from osunited.assessments.models import Answer, Assessment
from osunited.audit.admin import AuditedModelAdmin


class AnswerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    extra = 0
    fields = ("item_id", "rating", "justification", "owner")


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    """Every change made here, answers included, lands in the audit log."""

    list_display = ("entity", "framework_id", "status", "visibility", "stage", "created_at")
    list_filter = ("status", "visibility", "framework_id")
    readonly_fields = ("stage", "result", "submitted_at", "carried_from")
    inlines = (AnswerInline,)
